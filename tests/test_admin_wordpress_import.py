"""Blog → Import from Squarespace or WordPress: upload, read what would happen, confirm — with the right permission."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Topic
from core import maintenance
from core.models import MovedPath
from importing import tasks
from importing.images import ImageCopier
from importing.models import WordPressImport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_at_once")]

UPLOAD = reverse("admin:importing_wordpressimport_add")


def upload(client, path, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD, {"export": SimpleUploadedFile(path.name, path.read_bytes()), **fields})
    return response


def test_the_sidebar_entry_leads_to_the_upload(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Import from Squarespace or WordPress" in index
    assert admin_client.get(reverse("admin:importing_wordpressimport_changelist")).headers["Location"] == UPLOAD
    page = admin_client.get(UPLOAD).content.decode()
    assert "Settings → Import &amp; Export → Export → WordPress" in page


def test_the_file_is_checked_then_imported_once_confirmed(admin_client, wxr_export, django_capture_on_commit_callbacks):
    response = upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    record = WordPressImport.objects.get()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{record.pk}/change/")
    status = admin_client.get(response.headers["Location"]).content.decode()
    assert "Checked: waiting for your confirmation" in status
    assert "Nothing has changed yet." in status
    assert "Articles: 3 (2 published, 1 draft)" in status
    assert "Missing: https://images.squarespace-cdn.com/" in status  # no image is fetched unless asked
    assert not Post.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = admin_client.post(response.headers["Location"])
    assert confirmed.status_code == 302
    status = admin_client.get(response.headers["Location"]).content.decode()
    assert "<strong>Imported</strong>" in status and "Import now" not in status
    assert Post.objects.count() == 3
    assert MovedPath.objects.filter(old_path="/blog/2020/1/14/why-the-first-session-is-short").exists()
    record.refresh_from_db()
    assert record.export == b"" and not record.has_file  # kept only until imported
    assert "The uploaded file has been deleted." in status
    assert record.progress == "Saving 4 items"  # the last step the page showed while it worked


def test_the_page_shows_progress_and_updates_itself_while_the_worker_is_busy(admin_client, admin_user):
    record = WordPressImport.objects.create(
        file_name="export.xml", export=b"", created_by=admin_user, progress="Bringing the images over: 120 of 800"
    )
    page = admin_client.get(reverse("admin:importing_wordpressimport_change", args=[record.pk])).content.decode()
    assert "Checking the file</strong>… Bringing the images over: 120 of 800" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Import now" not in page


def test_confirming_twice_imports_once(admin_client, wxr_export, django_capture_on_commit_callbacks):
    response = upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(response.headers["Location"])
        again = admin_client.post(response.headers["Location"], follow=True)
    assert "This import has already been started." in again.content.decode()
    assert Post.objects.count() == 3


def test_a_damaged_file_says_why_and_imports_nothing(admin_client, tmp_path, django_capture_on_commit_callbacks):
    damaged = tmp_path / "export.xml"
    damaged.write_text('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>')
    response = upload(admin_client, damaged, django_capture_on_commit_callbacks)
    status = admin_client.get(response.headers["Location"]).content.decode()
    assert "Could not be imported" in status
    assert "damaged or incomplete at line 2" in status
    assert "Import now" not in status
    assert not Post.objects.exists()


def test_a_file_that_is_not_an_export_is_refused_at_once(admin_client, tmp_path, django_capture_on_commit_callbacks):
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"PK\x03\x04 a zip archive")
    response = upload(admin_client, archive, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "This is not an .xml export file." in response.content.decode()
    assert not WordPressImport.objects.exists()


def test_staff_without_the_permission_cannot_import(staff, wxr_export, django_capture_on_commit_callbacks):
    _, writer = staff(role="Writer")
    assert writer.get(UPLOAD).status_code == 403
    response = upload(writer, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not WordPressImport.objects.exists() and not Post.objects.exists()
    assert "Import from Squarespace or WordPress" not in writer.get(reverse("admin:index")).content.decode()


def test_an_editor_may_import(staff, wxr_export, django_capture_on_commit_callbacks):
    _, editor = staff(role="Editor")
    response = upload(editor, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Checked: waiting for your confirmation" in editor.get(response.headers["Location"]).content.decode()


def test_confirming_needs_the_page_and_its_token(admin_user, wxr_export, django_capture_on_commit_callbacks, client):
    client.force_login(admin_user)
    response = upload(client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    forger = type(client)(enforce_csrf_checks=True)
    forger.force_login(admin_user)
    assert forger.post(response.headers["Location"]).status_code == 403
    assert WordPressImport.objects.get().state == WordPressImport.State.CHECKED


def test_importing_needs_the_right_to_add_pages_too(staff, wxr_export, django_capture_on_commit_callbacks):
    """An export holds pages as well as articles: whoever imports it must be allowed to add both."""
    _, client = staff("add_wordpressimport", "change_wordpressimport", "view_wordpressimport", "add_post")
    assert client.get(UPLOAD).status_code == 403


def status_page(client, record):
    return client.get(reverse("admin:importing_wordpressimport_change", args=[record.pk])).content.decode()


def test_a_running_check_offers_to_cancel_it(admin_client, admin_user):
    record = WordPressImport.objects.create(file_name="export.xml", export=b"x", created_by=admin_user)
    assert '<input type="submit" name="cancel" value="Cancel">' in status_page(admin_client, record)


@pytest.fixture
def cancel_while_bringing_images(monkeypatch):
    """Press Cancel on the import's page while the worker brings the images over (between two items)."""
    monkeypatch.setattr(tasks, "CANCEL_CHECK_SECONDS", 0)

    def press_cancel_then_go_on(client):
        check = ImageCopier.check

        def check_after_cancel(copier, address):
            record = WordPressImport.objects.latest("pk")
            client.post(reverse("admin:importing_wordpressimport_change", args=[record.pk]), {"cancel": "Cancel"})
            return check(copier, address)

        monkeypatch.setattr(ImageCopier, "check", check_after_cancel)

    return press_cancel_then_go_on


@pytest.mark.parametrize("step", ["check", "import"])
def test_a_running_check_or_import_can_be_cancelled_and_leaves_nothing(
    admin_client, wxr_export, django_capture_on_commit_callbacks, cancel_while_bringing_images, step
):
    if step == "check":
        cancel_while_bringing_images(admin_client)
    response = upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    if step == "import":
        cancel_while_bringing_images(admin_client)
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(response.headers["Location"])
    record = WordPressImport.objects.get()
    assert record.state == WordPressImport.State.CANCELLED
    assert not Post.objects.exists() and not MovedPath.objects.exists()
    assert record.export == b"" and not record.has_file
    page = status_page(admin_client, record)
    assert "<strong>Cancelled: nothing was imported</strong>" in page
    assert "The uploaded file has been deleted." in page
    assert "Import now" not in page and 'name="cancel"' not in page and 'http-equiv="refresh"' not in page


def test_cancelling_after_the_import_finished_changes_nothing(
    admin_client, wxr_export, django_capture_on_commit_callbacks
):
    response = upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(response.headers["Location"])
    late = admin_client.post(response.headers["Location"], {"cancel": "Cancel"}, follow=True).content.decode()
    assert "It had already finished, so there was nothing to cancel." in late
    assert WordPressImport.objects.get().state == WordPressImport.State.IMPORTED
    assert Post.objects.count() == 3


def test_a_failed_check_deletes_the_file_and_keeps_the_reason(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    damaged = tmp_path / "export.xml"
    damaged.write_text('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>')
    upload(admin_client, damaged, django_capture_on_commit_callbacks)
    record = WordPressImport.objects.get()
    assert record.export == b"" and not record.has_file
    page = status_page(admin_client, record)
    assert "damaged or incomplete at line 2" in page
    assert "The uploaded file has been deleted." in page


def test_a_checked_file_nobody_confirms_is_deleted_after_a_week(
    admin_client, wxr_export, django_capture_on_commit_callbacks
):
    upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    waiting = WordPressImport.objects.get()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks)
    recent = WordPressImport.objects.exclude(pk=waiting.pk).get()

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        done = {job.__name__: job() for job in maintenance.DAILY_JOBS}  # the worker's daily run
    assert done["delete_old_export_files"] == 1

    waiting.refresh_from_db()
    recent.refresh_from_db()
    assert waiting.export == b"" and not waiting.has_file and waiting.report  # the report stays
    assert recent.has_file and recent.export
    page = status_page(admin_client, waiting)
    assert "The uploaded file has been deleted: it was checked but not imported within 7 days." in " ".join(
        page.split()
    )
    assert "Import now" not in page and "Articles: 3 (2 published, 1 draft)" in page
    with django_capture_on_commit_callbacks(execute=True):
        refused = admin_client.post(reverse("admin:importing_wordpressimport_change", args=[waiting.pk]), follow=True)
    assert "The file is no longer kept: to import it, upload it again." in refused.content.decode()
    assert not Post.objects.exists()


def test_the_form_says_what_to_put_in_the_zip_and_offers_the_tags(admin_client):
    page = " ".join(admin_client.get(UPLOAD).content.decode().split())
    assert "The wp-content/uploads folder of your old site, zipped" in page
    assert 'type="file" name="archive" accept=".zip,application/zip"' in page
    assert "Also make the old site&#x27;s tags into topics" in page
    assert "Categories always become topics; tags only if this is ticked." in page
    checkbox = re.search(r'<input [^>]*name="include_tags"[^>]*>', page).group(0)
    assert 'type="checkbox"' in checkbox and "checked" not in checkbox  # off unless ticked


@pytest.mark.parametrize("ticked", [True, False])
def test_the_tags_checkbox_reaches_the_check_and_the_import(
    admin_client, wxr_export, django_capture_on_commit_callbacks, ticked
):
    fields = {"include_tags": "on"} if ticked else {}
    response = upload(admin_client, wxr_export("squarespace.xml"), django_capture_on_commit_callbacks, **fields)
    assert WordPressImport.objects.get().include_tags is ticked
    check = admin_client.get(response.headers["Location"]).content.decode()
    assert ("News &amp; media" in check) is ticked  # a new topic, in the check's report
    assert ("Tags not made into topics: 1" in check) is not ticked
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(response.headers["Location"])
    assert Topic.objects.filter(slug="news-and-media").exists() is ticked


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("uploads.zip", b"<?xml version='1.0'?><rss/>", "This is not a .zip file."),
        ("uploads.zip", b"PK\x03\x04 the first bytes of a zip, cut off", "This .zip file is damaged or incomplete"),
    ],
)
def test_a_file_that_is_not_a_whole_zip_is_refused_with_a_clear_message(
    admin_client, wxr_export, django_capture_on_commit_callbacks, name, data, message
):
    archive = SimpleUploadedFile(name, data)
    response = upload(admin_client, wxr_export("wordpress.xml"), django_capture_on_commit_callbacks, archive=archive)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WordPressImport.objects.exists()
