from django.core.management.base import BaseCommand

from core.backup import import_site


class Command(BaseCommand):
    help = "Restore a folder written by export_site into a database that has no content yet."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        manifest = import_site(folder)
        counts = ", ".join(f"{count} {label}" for label, count in manifest["counts"].items())
        self.stdout.write(
            f"Imported {counts} and {manifest['restored_media_files']} media file(s). "
            "Authors have no password yet: set one with `manage.py changepassword <username>`."
        )
