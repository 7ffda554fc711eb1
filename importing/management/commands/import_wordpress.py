from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importing.importer import import_export
from importing.wxr import ExportError


class Command(BaseCommand):
    help = (
        "Import a WordPress or Squarespace export (WXR): articles with their dates, drafts and schedule, pages, "
        "topics, authors, images, and old addresses that lead to the new ones. Importing the same file again "
        "updates what it imported. See docs/importing.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (.xml) from WordPress or Squarespace.")
        parser.add_argument(
            "--media-dir",
            help="A folder with the old site's files (e.g. WordPress's wp-content/uploads): images are taken from it.",
        )
        parser.add_argument(
            "--tags",
            action="store_true",
            help="Make the old site's tags into topics too (categories always become topics).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported, and change nothing.")
        parser.add_argument(
            "--download-images",
            action="store_true",
            help="Download images not found in --media-dir from the old site, over HTTPS (at most 10 MB each).",
        )

    def handle(self, *args, export, media_dir, tags, dry_run, download_images, verbosity, **options):
        def progress(label, done, total):
            if verbosity >= 1 and (done % 100 == 0 or done == total):
                self.stderr.write(f"{label}… {done}" + (f" of {total}" if total else ""))

        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"There is no folder at {media_dir}.")
        try:
            report = import_export(
                export,
                media_dir=media_dir,
                allow_download=download_images,
                include_tags=tags,
                dry_run=dry_run,
                progress=progress,
            )
        except (ExportError, ValueError) as error:
            raise CommandError(str(error)) from error
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {error.filename}.") from error
        self.stdout.write(report.as_text())
        if dry_run:
            self.stdout.write("\nThis was a dry run: nothing was changed.")
