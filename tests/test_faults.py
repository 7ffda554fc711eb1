"""When a part fails, the site degrades visibly and politely, loses nothing, and recovers on its own."""

import errno
import logging

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from blog.image_admin import IMAGE_NOT_STORED_MESSAGE
from blog.models import Post
from deploy.local_services import free_port
from pages.models import ConsultationRequest, PracticeProfile
from practice_site.settings import cache_from_url
from tests.images import image_bytes
from tests.test_contact import valid_data
from tests.test_images import ADD_URL, post_form, upload

pytestmark = pytest.mark.django_db


def take_database_down(monkeypatch):
    """Every query fails from now on, as with the database server unreachable, until `monkeypatch.undo()`."""

    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "db" failed: Connection refused')

    connection = connections["default"]
    monkeypatch.setattr(connection, "cursor", unreachable)
    monkeypatch.setattr(connection, "chunked_cursor", unreachable)


@pytest.fixture
def database_down(monkeypatch):
    take_database_down(monkeypatch)


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_with_the_database_down_pages_answer_a_branded_503_without_internals(visitor, database_down):
    response = visitor.get(reverse("blog:post_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "briefly unavailable" in page
    assert "/static/css/site.css" in page
    assert "not for emergencies" in page
    for internal in ("Traceback", "OperationalError", "Connection refused", "SECRET_KEY", "DATABASES"):
        assert internal not in page


def test_health_check_says_503_while_the_database_is_down(visitor, database_down):
    assert visitor.get("/healthz").status_code == 503


def test_pages_come_back_as_soon_as_the_database_does(visitor, post_factory, monkeypatch):
    post = post_factory(title="Still here")
    take_database_down(monkeypatch)
    assert visitor.get(post.get_absolute_url()).status_code == 503
    monkeypatch.undo()
    response = visitor.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


def test_cached_pages_are_still_served_while_the_database_is_down(visitor, post_factory, monkeypatch):
    post = post_factory(title="Read before the outage")
    assert visitor.get(post.get_absolute_url()).status_code == 200
    take_database_down(monkeypatch)
    response = visitor.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Read before the outage" in response.content.decode()


def test_with_redis_down_pages_are_served_uncached_and_the_failure_is_logged(
    visitor, settings, post_factory, caplog
):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    post = post_factory(title="Served without a cache")
    with caplog.at_level(logging.WARNING, logger="pages.resilient_cache"):
        first = visitor.get(post.get_absolute_url())
        second = visitor.get(reverse("blog:post_list"))
    assert first.status_code == second.status_code == 200
    assert "Served without a cache" in first.content.decode()
    assert any("Cache unavailable" in record.message for record in caplog.records)


def test_with_redis_down_a_consultation_request_is_still_kept(client, settings):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    response = client.post(reverse("pages:contact"), valid_data())
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_with_email_down_requests_are_kept_and_the_inbox_shows_the_failed_notification(
    client, admin_client, settings
):
    settings.EMAIL_BACKEND = "tests.failing_email.FailingEmailBackend"
    PracticeProfile.objects.update_or_create(pk=1, defaults={"email": "dana@practice.example"})
    client.post(reverse("pages:contact"), valid_data(name="Robin"))
    stored = ConsultationRequest.objects.get()
    assert not stored.is_notification_sent
    unsent = admin_client.get(
        reverse("admin:pages_consultationrequest_changelist"), {"is_notification_sent__exact": "0"}
    )
    assert "Robin" in unsent.content.decode()


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


def test_with_the_disk_full_a_new_post_is_saved_without_its_image_and_the_admin_says_why(
    admin_client, admin_user, disk_full
):
    response = admin_client.post(
        ADD_URL, post_form(admin_user, upload("photo.jpg", image_bytes((800, 600), "JPEG"))), follow=True
    )
    assert response.status_code == 200
    assert IMAGE_NOT_STORED_MESSAGE in response.content.decode()
    post = Post.objects.get(slug="with-a-picture")
    assert post.title == "With a picture"
    assert not post.featured_image
    assert post.featured_image_renditions == {}


def test_with_the_disk_full_an_edit_is_saved_and_the_old_image_kept(admin_client, admin_user, monkeypatch):
    admin_client.post(ADD_URL, post_form(admin_user, upload("first.jpg", image_bytes((800, 600), "JPEG"))))
    post = Post.objects.get()
    old_image, old_renditions = post.featured_image.name, post.featured_image_renditions
    monkeypatch.setattr(FileSystemStorage, "_save", lambda *args: (_ for _ in ()).throw(OSError(errno.EROFS, "")))
    response = admin_client.post(
        reverse("admin:blog_post_change", args=[post.pk]),
        post_form(admin_user, upload("second.jpg", image_bytes((800, 600), "JPEG")), title="Edited title"),
        follow=True,
    )
    assert IMAGE_NOT_STORED_MESSAGE in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Edited title"
    assert (post.featured_image.name, post.featured_image_renditions) == (old_image, old_renditions)


def test_with_the_disk_full_an_editor_upload_gets_a_clear_message(admin_client, disk_full):
    response = admin_client.post("/ckeditor/upload/", {"upload": upload("inline.png", image_bytes(), "image/png")})
    assert response.status_code == 200
    assert "could not be stored" in response.json()["error"]["message"]
