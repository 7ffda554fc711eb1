"""The admin's import runs in the background worker: a whole blog takes longer than a web request may.

The uploaded file holds more than the import needs — the old site's comments, with their writers' emails
and addresses — so it is kept only while it may still be imported: it is deleted once the import is done,
fails or is cancelled, and the daily maintenance deletes any left after KEEP_FILES (a check nobody confirmed).

Whoever may import may cancel a running check or import from its page (importing.admin): the page marks
the row cancelled at once, and the worker, which looks between items, stops and undoes what it did. A real
import marks itself imported as the last step of its transaction, and only if it was not cancelled by then,
so a page that says "cancelled" never hides an import that went through.

The images of a ZIP uploaded beside the export (importing.archive) are the old site's files for the
import to look in; they go whenever the export goes. What the ZIP gave is kept in the report, under ARCHIVE.
"""

import gzip
import io
import logging
import time
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from core.maintenance import daily_job
from importing.archive import ArchiveFolder
from importing.importer import SAVING, ImportCancelled, WordPressImporter
from importing.models import ImportArchiveFile, WordPressImport
from importing.wxr import ExportError

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 1
CANCEL_CHECK_SECONDS = 1
KEEP_FILES = timedelta(days=7)
ARCHIVE = "archive"  # the report's key for what the uploaded ZIP gave (an ArchiveSummary)
State = WordPressImport.State


def compressed(upload):
    """The uploaded file, gzip-compressed, read in chunks: an export of 200 MB never sits in memory whole."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1) as packed:
        for chunk in upload.chunks():
            packed.write(chunk)
    return buffer.getvalue()


def _progress_writer(record):
    """Write progress to the import's row at most once a second (the admin page shows it).

    Saving runs in one transaction, which nobody else sees before it ends, and where a write would hold
    the row locked against the Cancel button: so only its start is written, before the transaction opens.
    """
    last = 0.0

    def write(label, done, total):
        nonlocal last
        if label == SAVING:
            if done == 0:
                WordPressImport.objects.filter(pk=record.pk).update(progress=f"Saving {total} items")
            return
        if total != 0 and (time.monotonic() - last >= PROGRESS_SECONDS or done == total):
            last = time.monotonic()
            text = f"{label}: {done} items so far" if total is None else f"{label}: {done} of {total}"
            WordPressImport.objects.filter(pk=record.pk).update(progress=text)

    return write


def _cancel_checker(record):
    """Whether someone pressed Cancel: asked between items, looked up at most once a second."""
    last, cancelled = 0.0, False

    def should_stop():
        nonlocal last, cancelled
        if not cancelled and time.monotonic() - last >= CANCEL_CHECK_SECONDS:
            last = time.monotonic()
            cancelled = WordPressImport.objects.filter(pk=record.pk, state=State.CANCELLED).exists()
        return cancelled

    return should_stop


def _finish(record, running, **fields):
    """Set the outcome, unless the import was cancelled meanwhile; True if it was set.

    An outcome that deletes the export (file_deleted_at) deletes the ZIP's images with it.
    """
    done = bool(WordPressImport.objects.filter(pk=record.pk, state=running).update(**fields))
    if done and "file_deleted_at" in fields:
        ImportArchiveFile.objects.filter(wordpress_import=record).delete()
    return done


def _report(record, report):
    """The importer's report, keeping what the upload noted of its ZIP."""
    kept = {ARCHIVE: record.report[ARCHIVE]} if ARCHIVE in record.report else {}
    return {**report.as_dict(), **kept}


def _mark_imported(record):
    """The import's last step, inside its transaction: if it was cancelled meanwhile, undo it all instead."""

    def before_commit(report):
        done = _finish(
            record,
            State.IMPORTING,
            state=State.IMPORTED,
            report=_report(record, report),
            export=b"",
            file_deleted_at=timezone.now(),
        )
        if not done:
            raise ImportCancelled

    return before_commit


def _run(import_id, dry_run):
    record = WordPressImport.objects.get(pk=import_id)
    running = State.CHECKING if dry_run else State.IMPORTING
    if record.state != running:
        return  # cancelled before the worker came to it
    if not record.has_file:
        _fail(record, running, "The uploaded file was deleted before it was read. Please upload it again.")
        return
    importer = WordPressImporter(
        lambda: gzip.GzipFile(fileobj=io.BytesIO(bytes(record.export))),
        media_dir=ArchiveFolder(record) if record.archive_files.exists() else None,
        allow_download=record.download_images,
        include_tags=record.include_tags,
        dry_run=dry_run,
        user=record.created_by,
        progress=_progress_writer(record),
        should_stop=_cancel_checker(record),
    )
    try:
        report = importer.run(before_commit=None if dry_run else _mark_imported(record))
    except ImportCancelled:
        logger.info("Importing %s was cancelled.", record.file_name)
    except (ExportError, ValueError) as error:
        _fail(record, running, str(error))
    except Exception:
        logger.exception("Importing %s failed.", record.file_name)
        _fail(
            record,
            running,
            "Something went wrong on the server while importing. Nothing was imported; please upload the file again.",
        )
    else:
        if dry_run:
            _finish(record, running, state=State.CHECKED, report=_report(record, report))


def _fail(record, running, error):
    _finish(record, running, state=State.FAILED, error=error, export=b"", file_deleted_at=timezone.now())


@task()
def check_export(import_id):
    """The dry run the therapist confirms: what would be imported, with nothing changed."""
    _run(import_id, dry_run=True)


@task()
def import_checked_export(import_id):
    _run(import_id, dry_run=False)


@daily_job
def delete_old_export_files():
    """Delete the uploaded files older than KEEP_FILES (checked, never confirmed); return how many.

    The images of any ZIP whose export is gone go too: those of these files, and any a stopped worker left.
    """
    old = WordPressImport.objects.filter(created_at__lt=timezone.now() - KEEP_FILES)
    deleted = old.exclude(state__in=WordPressImport.RUNNING).delete_files()  # never under a running import
    ImportArchiveFile.objects.of_deleted_exports().delete()
    return deleted
