"""The admin's import runs in the background worker: a whole blog takes longer than a web request may."""

import gzip
import io
import logging
import time

from django_tasks import task

from blog.models import WordPressImport
from blog.wordpress_import import WordPressImporter
from blog.wxr import ExportError

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 1


def compressed(upload):
    """The uploaded file, gzip-compressed, read in chunks: an export of 200 MB never sits in memory whole."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1) as packed:
        for chunk in upload.chunks():
            packed.write(chunk)
    return buffer.getvalue()


def _progress_writer(record):
    """Write progress to the import's row at most once a second (the admin page shows it)."""
    last = 0.0

    def write(label, done, total):
        nonlocal last
        if total != 0 and (time.monotonic() - last >= PROGRESS_SECONDS or done == total):
            last = time.monotonic()
            text = f"{label}: {done} items so far" if total is None else f"{label}: {done} of {total}"
            WordPressImport.objects.filter(pk=record.pk).update(progress=text)

    return write


def _run(import_id, dry_run):
    record = WordPressImport.objects.get(pk=import_id)
    importer = WordPressImporter(
        lambda: gzip.GzipFile(fileobj=io.BytesIO(bytes(record.export))),
        allow_download=record.download_images,
        dry_run=dry_run,
        user=record.created_by,
        progress=_progress_writer(record),
    )
    try:
        report = importer.run()
    except (ExportError, ValueError) as error:
        record.state, record.error = WordPressImport.State.FAILED, str(error)
    except Exception:
        logger.exception("Importing %s failed.", record.file_name)
        record.state = WordPressImport.State.FAILED
        record.error = "Something went wrong on the server while importing. Nothing was imported; please try again."
    else:
        record.state = WordPressImport.State.CHECKED if dry_run else WordPressImport.State.IMPORTED
        record.report = report.as_dict()
        if not dry_run:
            record.export = b""  # imported: the file is no longer needed
    record.save(update_fields=["state", "error", "report", "export"])


@task()
def check_export(import_id):
    """The dry run the therapist confirms: what would be imported, with nothing changed."""
    _run(import_id, dry_run=True)


@task()
def import_checked_export(import_id):
    _run(import_id, dry_run=False)
