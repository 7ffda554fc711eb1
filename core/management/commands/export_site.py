from django.core.management.base import BaseCommand

from core.backup import export_site


class Command(BaseCommand):
    help = (
        "Write every app's data (articles, topics, services, pages, the practice profile, moved addresses, "
        "import records…) as JSON, with every image, to FOLDER. Consultation requests and subscribers only "
        "with --include-personal."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--include-personal",
            action="store_true",
            help="Also export consultation requests and subscribers (personal data: keep the folder private).",
        )

    def handle(self, *args, folder, include_personal, **options):
        manifest = export_site(folder, include_personal=include_personal)
        counts = ", ".join(f"{count} {label}" for label, count in manifest["counts"].items())
        self.stdout.write(f"Exported {counts} and {manifest['media_files']} media file(s) to {folder}.")
