"""Moving in → Import from Squarespace or WordPress: upload the export, read the dry run's report, confirm.

Both the check and the import run in the background worker (importing.tasks); the page
shows their progress, reloads itself until they are done, and offers to cancel them meanwhile.
Importing (and cancelling) needs the permission to add and change imports and to add every
kind of item an import saves — articles and pages (superusers, and the Editor role).

Beside the export, a ZIP of the old site's wp-content/uploads folder may bring the images: they are
kept in the database as the upload is received (importing.archive), so that any server's worker
finds them, and deleted with the export.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from importing.archive import Archive, ArchiveRefused, ArchiveSummary
from importing.importer import PERMISSIONS, Report
from importing.models import ImportArchiveFile, WordPressImport
from importing.tasks import ARCHIVE, KEEP_FILES, check_export, compressed, import_checked_export

MAX_EXPORT_BYTES = 200 * 1024 * 1024


class ExportUploadForm(forms.Form):
    export = forms.FileField(
        label="Export file",
        help_text="The .xml file your old site gave you. Squarespace: Settings → Import & Export → Export → "
        "WordPress. WordPress: Tools → Export → All content.",
    )
    archive = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        label="Images (a .zip file)",
        help_text="The wp-content/uploads folder of your old site, zipped (up to 500 MB). The import takes the "
        "images its articles show from it; only images are kept (.jpg, .jpeg, .png, .gif and .webp, up to 10 MB "
        "each), and deleted with the export once it is imported. Squarespace keeps no such folder: leave this empty.",
    )
    include_tags = forms.BooleanField(
        required=False,
        label="Also make the old site's tags into topics",
        help_text="Categories always become topics; tags only if this is ticked. A blog with many tags would "
        "otherwise fill the topic list.",
    )
    download_images = forms.BooleanField(
        required=False,
        label="Download the images from the old site",
        help_text="Squarespace keeps images on its own servers; tick this while the old site is still online to "
        "bring them over (each goes through the same checks as an upload). Left unticked, nothing is fetched and "
        "the report lists every image with its address.",
    )

    def clean_export(self):
        export = self.cleaned_data["export"]
        if export.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError("The file is larger than 200 MB: please ask for help with so large an export.")
        start = next(export.chunks(512), b"").lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith((b"<?xml", b"<rss", b"<!--")):
            raise forms.ValidationError(
                "This is not an .xml export file. If you downloaded a .zip, open it and choose the .xml file inside."
            )
        return export

    def clean_archive(self):
        """The ZIP's list of files, checked (nothing is read yet): its images are kept by add_view."""
        upload = self.cleaned_data["archive"]
        if not upload:
            return None
        try:
            return Archive.open(upload)
        except ArchiveRefused as refused:
            raise forms.ValidationError(str(refused)) from refused


@admin.register(WordPressImport)
class WordPressImportAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return request.user.has_perms(PERMISSIONS)

    list_display = ["file_name", "state", "created_at", "created_by"]

    def may_import(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        """The sidebar's link leads straight to the upload, which lists earlier imports too."""
        if self.has_add_permission(request):
            return redirect(reverse("admin:importing_wordpressimport_add"))
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ExportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                record = self._save_upload(request, form.cleaned_data)
            except ArchiveRefused as refused:
                form.add_error("archive", str(refused))
            else:
                transaction.on_commit(lambda: check_export.enqueue(record.pk))
                return redirect(reverse("admin:importing_wordpressimport_change", args=[record.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import from Squarespace or WordPress",
            "opts": self.model._meta,
            "form": form,
            "earlier": WordPressImport.objects.defer("export")[:10],
        }
        return TemplateResponse(request, "admin/importing/wordpressimport/upload.html", context)

    @transaction.atomic
    def _save_upload(self, request, data):
        """The import's row, and the images of its ZIP, if any: all of them, or (ArchiveRefused) none."""
        export = data["export"]
        record = WordPressImport.objects.create(
            file_name=export.name[:255],
            export=compressed(export),
            download_images=data["download_images"],
            include_tags=data["include_tags"],
            created_by=request.user,
        )
        if data["archive"]:
            record.report = {ARCHIVE: data["archive"].store(record).as_dict()}
            record.save(update_fields=["report"])
        return record

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record = WordPressImport.objects.defer("export").filter(pk=object_id).first() if object_id.isdigit() else None
        if record is None:
            raise Http404
        if request.method == "POST":
            return self._cancel(request, record) if "cancel" in request.POST else self._confirm(request, record)
        found = {key: value for key, value in record.report.items() if key != ARCHIVE}
        report = Report(**found) if found else None
        archive = ArchiveSummary(**record.report[ARCHIVE]) if ARCHIVE in record.report else None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {record.file_name}",
            "opts": self.model._meta,
            "record": record,
            "report": report,
            "sections": report.sections() if report else [],
            "archive": archive,
            "may_confirm": record.awaits_confirmation and self.may_import(request),
            "may_cancel": record.is_running and self.may_import(request),
            "keep_days": KEEP_FILES.days,
        }
        return TemplateResponse(request, "admin/importing/wordpressimport/status.html", context)

    def _confirm(self, request, record):
        if not self.may_import(request):
            raise PermissionDenied
        checked = WordPressImport.objects.filter(
            pk=record.pk, state=WordPressImport.State.CHECKED, file_deleted_at__isnull=True
        )
        if checked.update(state=WordPressImport.State.IMPORTING, progress=""):
            transaction.on_commit(lambda: import_checked_export.enqueue(record.pk))
        elif not record.has_file:
            messages.warning(request, "The file is no longer kept: to import it, upload it again.")
        else:
            messages.warning(request, "This import has already been started.")
        return redirect(reverse("admin:importing_wordpressimport_change", args=[record.pk]))

    def _cancel(self, request, record):
        """Stop a check or an import: marked at once, and the worker undoes what it did at the next item."""
        if not self.may_import(request):
            raise PermissionDenied
        running = WordPressImport.objects.filter(pk=record.pk, state__in=WordPressImport.RUNNING)
        cancelled = running.update(
            state=WordPressImport.State.CANCELLED, progress="", export=b"", file_deleted_at=timezone.now()
        )
        if cancelled:
            ImportArchiveFile.objects.filter(wordpress_import=record).delete()
        else:
            messages.warning(request, "It had already finished, so there was nothing to cancel.")
        return redirect(reverse("admin:importing_wordpressimport_change", args=[record.pk]))
