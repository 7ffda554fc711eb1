"""When a part fails, the site degrades visibly and politely, loses nothing, and recovers on its own."""

import errno
import logging
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from blog.models import Post
from contact.models import ConsultationRequest
from core import page_cache, resilient_cache
from core.image_admin import IMAGE_NOT_STORED_MESSAGE
from deploy.local_services import REDIS_PORT, free_port, listening
from pages.models import PracticeProfile
from practice_site.settings import cache_from_url
from tests.support import image_bytes, require, uploaded_file

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_post_add")


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


def test_with_redis_down_pages_are_served_uncached_and_the_failure_is_logged(visitor, settings, post_factory, caplog):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    post = post_factory(title="Served without a cache")
    with caplog.at_level(logging.WARNING, logger="core.resilient_cache"):
        first = visitor.get(post.get_absolute_url())
        second = visitor.get(reverse("blog:post_list"))
    assert first.status_code == second.status_code == 200
    assert "Served without a cache" in first.content.decode()
    assert any("Cache unavailable" in record.message for record in caplog.records)


def test_with_redis_down_a_consultation_request_is_still_kept(client, settings, contact_form):
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/0")}
    response = client.post(reverse("contact:form"), contact_form())
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the notification is queued when the request commits
def test_with_email_down_requests_are_kept_and_the_inbox_shows_the_failed_notification(
    client, admin_client, settings, contact_form, run_worker
):
    settings.EMAIL_BACKEND = "tests.support.FailingEmailBackend"
    PracticeProfile.objects.update_or_create(pk=1, defaults={"email": "dana@practice.example"})
    response = client.post(reverse("contact:form"), contact_form(name="Robin"))
    assert response.status_code == 302
    run_worker()
    stored = ConsultationRequest.objects.get()
    assert not stored.is_notification_sent
    unsent = admin_client.get(
        reverse("admin:contact_consultationrequest_changelist"), {"is_notification_sent__exact": "0"}
    )
    assert "Robin" in unsent.content.decode()


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


def test_with_the_disk_full_a_new_post_is_saved_without_its_image_and_the_admin_says_why(
    admin_client, admin_user, disk_full, post_form
):
    response = admin_client.post(
        ADD_URL, post_form(uploaded_file("photo.jpg", image_bytes((800, 600), "JPEG"))), follow=True
    )
    assert response.status_code == 200
    assert IMAGE_NOT_STORED_MESSAGE in response.content.decode()
    post = Post.objects.get(slug="with-a-picture")
    assert post.title == "With a picture"
    assert not post.featured_image
    assert post.featured_image_renditions == {}


def test_with_the_disk_full_an_edit_is_saved_and_the_old_image_kept(admin_client, admin_user, monkeypatch, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("first.jpg", image_bytes((800, 600), "JPEG"))))
    post = Post.objects.get()
    old_image, old_renditions = post.featured_image.name, post.featured_image_renditions
    monkeypatch.setattr(FileSystemStorage, "_save", lambda *args: (_ for _ in ()).throw(OSError(errno.EROFS, "")))
    response = admin_client.post(
        reverse("admin:blog_post_change", args=[post.pk]),
        post_form(uploaded_file("second.jpg", image_bytes((800, 600), "JPEG")), title="Edited title"),
        follow=True,
    )
    assert IMAGE_NOT_STORED_MESSAGE in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Edited title"
    assert (post.featured_image.name, post.featured_image_renditions) == (old_image, old_renditions)


def test_with_the_disk_full_an_editor_upload_gets_a_clear_message(admin_client, disk_full, upload_in_editor):
    response = upload_in_editor(admin_client, uploaded_file("inline.png", image_bytes(), "image/png"))
    assert response.status_code == 200
    assert "could not be stored" in response.json()["error"]["message"]


class SilentRedis:
    """A listener that accepts connections and never answers, like a Redis that has hung."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.server.accept()[0])
            except OSError:
                return

    def close(self):
        self.server.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_redis(settings):
    """A hung Redis, the site's cache from `become_the_cache()` on (content saved before is saved without it)."""
    redis = SilentRedis()
    redis.become_the_cache = lambda: setattr(
        settings, "CACHES", {"default": cache_from_url(f"redis://127.0.0.1:{redis.port}/0")}
    )
    redis.become_the_cache()
    yield redis
    redis.close()


def test_a_redis_that_never_answers_is_given_up_after_one_try_and_pages_are_served(
    visitor, silent_redis, post_factory, caplog, contact_form, settings, monkeypatch
):
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 60)  # only visitors' requests are counted here
    settings.CACHES = {"default": cache_from_url("locmem://")}
    post = post_factory(title="Served while Redis hangs")
    PracticeProfile(practice_name="Quiet Room").save()
    silent_redis.become_the_cache()
    for _ in range(3):
        for url in ("/", reverse("blog:post_list"), post.get_absolute_url(), reverse("contact:form")):
            assert visitor.get(url).status_code == 200, url
    assert visitor.post(reverse("contact:form"), contact_form()).status_code == 302
    assert len(silent_redis.connections) == 1, "after one timeout this process stops asking for a while"
    assert sum("Cache unavailable" in record.message for record in caplog.records) == 1


def test_the_health_check_never_asks_the_cache(visitor, silent_redis):
    assert visitor.get("/healthz").status_code == 200
    assert silent_redis.connections == []


def test_the_cache_is_tried_again_once_the_pause_is_over(visitor, silent_redis, monkeypatch):
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 60)  # only visitors' requests are counted here
    visitor.get("/")
    visitor.get("/")
    assert len(silent_redis.connections) == 1
    for servers in resilient_cache._unavailable_until:
        resilient_cache._unavailable_until[servers] = time.monotonic()  # RETRY_AFTER_SECONDS have passed
    visitor.get("/")
    assert len(silent_redis.connections) == 2


def test_a_content_change_is_recorded_even_while_this_process_has_paused_redis(post_factory, settings):
    """Redis may be fine for the other processes: a change saved here must still move their pages on."""
    require(listening(REDIS_PORT), f"needs Redis on 127.0.0.1:{REDIS_PORT}")
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{REDIS_PORT}/11")}
    before = page_cache.content_version()
    for servers in list(resilient_cache._unavailable_until) or [tuple(cache._servers)]:
        resilient_cache._unavailable_until[servers] = time.monotonic() + 60
    post_factory(title="Moved back to draft while this process had paused Redis")
    other_process = redis.Redis.from_url(f"redis://127.0.0.1:{REDIS_PORT}/11")
    assert int(other_process.get(cache.make_key(page_cache.VERSION_KEY))) > before
    resilient_cache._unavailable_until.clear()


def test_a_change_the_cache_could_not_take_is_recorded_once_it_answers_again(monkeypatch):
    before = page_cache.content_version()
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: 0)  # what the resilient cache answers on failure
    page_cache.content_changed()
    monkeypatch.undo()
    assert page_cache.content_version() > before


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, which it may pause (SIGSTOP) as a hung Redis would be."""
    require(shutil.which("redis-server"), "needs redis-server")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not listening(port):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    yield server, port
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait()


def test_an_edit_made_while_redis_was_paused_reaches_every_process_once_it_answers(own_redis, settings, post_factory):
    """The other processes read the version from Redis: the move must land there, not wait in this process."""
    server, port = own_redis
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{port}/0")}
    other_process = redis.Redis(port=port)
    before = page_cache.content_version()
    server.send_signal(signal.SIGSTOP)
    try:
        post_factory(title="Moved back to draft while Redis was paused")
    finally:
        server.send_signal(signal.SIGCONT)
    deadline = time.monotonic() + 5
    while int(other_process.get(cache.make_key(page_cache.VERSION_KEY))) <= before:
        assert time.monotonic() < deadline, "the version never moved for the other processes"
        time.sleep(0.1)
    resilient_cache._unavailable_until.clear()
