"""What an import keeps: the uploaded export while it is checked and imported, the images of the old site's
files uploaded beside it, and — for good — which item of the old site became which article or page."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ImportedItem(models.Model):
    """What an import from WordPress or Squarespace made of one item of the export.

    Found again by `item_key` — the old site's address and the item's WordPress id, which no other item
    of that site has — so importing the same file twice updates what the first import made instead of
    adding copies (importing.importer). The `guid` is only a hint: duplicate-post plugins copy it,
    so two items of one export may share it.
    """

    item_key = models.CharField(max_length=600, unique=True)
    guid = models.CharField(max_length=500, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    featured_image_source = models.CharField(max_length=1000, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.item_key


class ImportedImage(models.Model):
    """An image an import stored for a body, by its address on the old site: a second import reuses it."""

    source = models.CharField(max_length=1000, unique=True)
    name = models.CharField(max_length=300)

    def __str__(self):
        return self.source


class WordPressImportQuerySet(models.QuerySet):
    def delete_files(self):
        """Delete the stored exports, keeping the reports: a file holds the old site's commenters' emails and
        addresses, and is needed only until it is imported. Returns how many were deleted."""
        return self.filter(file_deleted_at__isnull=True).update(export=b"", file_deleted_at=timezone.now())


class WordPressImport(models.Model):
    """An export uploaded in the admin: checked first (a dry run), imported once confirmed.

    Both steps run in the background worker (importing.admin); the file is
    kept compressed in the database, so any server's worker can read it, and
    only until it is imported, fails, is cancelled, or is a week old
    (importing.tasks).
    """

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        CHECKED = "checked", "Checked: waiting for your confirmation"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Could not be imported"
        CANCELLED = "cancelled", "Cancelled: nothing was imported"

    RUNNING = (State.CHECKING, State.IMPORTING)

    file_name = models.CharField(max_length=255)
    export = models.BinaryField(help_text="The uploaded file, compressed with gzip; emptied once no longer needed.")
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    download_images = models.BooleanField(default=False)
    include_tags = models.BooleanField(
        default=False, help_text="Whether the old site's tags become topics too (categories always do)."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    progress = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    objects = WordPressImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # The sidebar's entry: Moving in → Import from Squarespace or WordPress.
        verbose_name = verbose_name_plural = "import from Squarespace or WordPress"

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_running(self):
        return self.state in self.RUNNING

    @property
    def has_file(self):
        return self.file_deleted_at is None

    @property
    def awaits_confirmation(self):
        """Checked, and the file still kept: it can be imported."""
        return self.state == self.State.CHECKED and self.has_file


class ImportArchiveFileQuerySet(models.QuerySet):
    def of_deleted_exports(self):
        """The images of imports whose export is deleted: they go with it (importing.tasks)."""
        return self.filter(wordpress_import__file_deleted_at__isnull=False)


class ImportArchiveFile(models.Model):
    """An image from the ZIP of the old site's files uploaded beside an export (importing.archive).

    Kept in the database, as the export is, because the worker that imports may run on another server
    than the one that took the upload; one row per image, so that the import reads one at a time. Deleted
    with the export. Only images are kept, each at most 10 MB, at paths that stay inside the folder.
    """

    wordpress_import = models.ForeignKey(WordPressImport, on_delete=models.CASCADE, related_name="archive_files")
    path = models.CharField(max_length=500, help_text="Where the image was in the ZIP, with “/” between folders.")
    data = models.BinaryField()

    objects = ImportArchiveFileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wordpress_import", "path"], name="one_archive_file_per_path"),
        ]

    def __str__(self):
        return self.path
