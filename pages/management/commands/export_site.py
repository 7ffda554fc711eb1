from django.core.management.base import BaseCommand

from pages.site_backup import export_site


class Command(BaseCommand):
    help = (
        "Write all content (articles, topics, services, pages, practice profile, moved addresses) as JSON, "
        "with every media file, to FOLDER. Consultation requests only with --include-requests."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--include-requests",
            action="store_true",
            help="Also export consultation requests (personal data: keep the folder private).",
        )

    def handle(self, *args, folder, include_requests, **options):
        manifest = export_site(folder, include_requests=include_requests)
        counts = ", ".join(f"{count} {label}" for label, count in manifest["counts"].items())
        self.stdout.write(f"Exported {counts} and {manifest['media_files']} media file(s) to {folder}.")
