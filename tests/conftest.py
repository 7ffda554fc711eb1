import itertools
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Template

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.forms.models import inlineformset_factory, model_to_dict
from django.test import Client, override_settings
from django.utils import timezone

from blog.models import Post
from contact.forms import form_started_token
from core import page_cache
from pages.models import CrisisLines, License, Page, PracticeProfile, Service
from tests.support import EDITOR_TOKEN, image_bytes, jpeg_with_gps_and_rotation, require


def pytest_configure(config):
    """Serve static files from the app folders, as in development: tests do not run collectstatic.

    Passwords are hashed with a fast hasher: the real one is slow on purpose.
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    settings.SERVE_MEDIA = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, as a freshly started server would (no change left to record)."""
    cache.clear()
    yield
    page_cache._unrecorded_change = False  # and the background retry of a change the cache missed ends
    for thread in threading.enumerate():
        if thread.name == "page-cache-version":
            thread.join()
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a fresh folder per test, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once for a module whose tests only read it, and removed after the module."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")), django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def form_data(obj, **changes):
    """What the admin's form for `obj` posts as it stands, with `changes`: a test names only what it changes.

    `None` leaves a field out; a datetime becomes the admin's date and time boxes, in the practice's zone;
    pass an uploaded file to send one.
    """
    data = {}
    for name, value in {**model_to_dict(obj), **changes}.items():
        if value is None or value is False or isinstance(value, FieldFile):  # a stored file is not sent again
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
        elif isinstance(value, (list, QuerySet)):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in admin.site._registry[type(obj)].inlines:  # an empty formset each: their rows stay as they are
        prefix = inlineformset_factory(type(obj), inline.model, fk_name=inline.fk_name, fields=[]).get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.fixture
def admin_form_data():
    return form_data


@pytest.fixture
def profile():
    """A practice profile filled in as a therapist would."""
    profile = PracticeProfile(
        practice_name="Quiet Room Therapy",
        tagline="Therapy for adults in Portland.",
        therapist_name="Sam Rivera",
        credentials="LPC",
        phone="555-0100",
        email="sam@quietroom.example",
        post_call_to_action="Curious whether therapy could help? Let's talk.",
    )
    profile.save()
    CrisisLines.objects.filter(profile=profile).update(notice="Not for emergencies. In a crisis call 988.")
    License.objects.create(profile=profile, kind="LPC", jurisdiction="Oregon", number="C1234")
    return profile


@pytest.fixture
def service_factory():
    """Create services; the slug comes from the title unless given."""

    def create(title, **fields):
        slug = fields.pop("slug", title.lower().replace(" ", "-"))
        fields.setdefault("excerpt", f"About {title}.")
        return Service.objects.create(title=title, slug=slug, **fields)

    return create


@pytest.fixture
def page_factory():
    """Create pages (published unless told otherwise); the slug comes from the title unless given."""

    def create(title, **fields):
        slug = fields.pop("slug", title.lower().replace(" ", "-"))
        return Page.objects.create(title=title, slug=slug, **fields)

    return create


@pytest.fixture
def staff(django_user_model):
    """A signed-in staff member and their browser: `staff(role="Writer")` or `staff("change_post", ...)`.

    Roles are the site's groups (pages.roles); "View only" holds every view permission.
    """
    numbers = itertools.count(1)

    def sign_in(*codenames, role=None):
        user = django_user_model.objects.create_user(username=f"staff-{next(numbers)}", password="x", is_staff=True)
        if role == "View only":
            user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
        elif role:
            user.groups.add(Group.objects.get(name=role))
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client = Client(raise_request_exception=True)
        client.force_login(user)
        return user, client

    return sign_in


@pytest.fixture
def contact_form():
    """What a visitor's consultation request posts, its form opened a minute ago; a None value leaves a field out."""

    def data(**overrides):
        with time_machine.travel(timezone.now() - timedelta(minutes=1)):
            started = form_started_token()
        fields = {
            "name": "Alex Doe",
            "email": "alex@example.com",
            "phone": "555-0147",
            "preferred_contact": "email",
            "message": "I would like to talk about weekly sessions on Tuesday evenings.",
            "acknowledgement": "on",
            "website": "",
            "started": started,
            **overrides,
        }
        return {key: value for key, value in fields.items() if value is not None}

    return data


@pytest.fixture
def post_form(admin_user):
    """What the admin's "Add post" form posts for a published article with a picture in its text."""

    def data(image=None, alt="A quiet lake", **overrides):
        fields = {
            "title": "With a picture",
            "slug": "with-a-picture",
            "excerpt": "",
            "body": '<p>Text.</p><p><img src="/media/uploads/inline.jpg" alt="Inline"></p>',
            "featured_image_alt": alt,
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "author": admin_user.pk,
        }
        if image is not None:
            fields["featured_image"] = image
        return {**fields, **overrides}

    return data


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user(username="therapist", first_name="Dana", last_name="Whitfield")


@pytest.fixture
def post_factory(author):
    """Create posts; `published_at` is relative to now unless given, `ago` is a timedelta in the past."""
    numbers = itertools.count(1)

    def create(title=None, status=Post.Status.PUBLISHED, ago=timedelta(days=1), **fields):
        number = next(numbers)
        title = title or f"Article {number}"
        fields.setdefault("slug", f"article-{number}")
        fields.setdefault("body", f"<p>Body of {title}.</p>")
        if "published_at" not in fields:
            fields["published_at"] = timezone.now() - ago if status == Post.Status.PUBLISHED else None
        fields.setdefault("author", author)
        return Post.objects.create(title=title, status=status, **fields)

    return create


@pytest.fixture
def draft(post_factory):
    return post_factory(title="A private draft", status=Post.Status.DRAFT)


@pytest.fixture
def scheduled(post_factory):
    return post_factory(title="Scheduled for later", published_at=timezone.now() + timedelta(days=3))


@pytest.fixture
def upload_in_editor():
    """Post a file to the editor's upload view as CKEditor does: with its own token, in field and cookie."""

    def post(client, upload, query=""):
        client.cookies["ckCsrfToken"] = EDITOR_TOKEN
        return client.post(f"/ckeditor/upload/{query}", {"upload": upload, "ckCsrfToken": EDITOR_TOKEN})

    return post


@pytest.fixture
def editor_client(client, django_user_model):
    """A signed-in staff member who may edit posts (but is not a superuser)."""
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(username="editor", password="x", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_post", "view_post"]))
    client.force_login(editor)
    return client


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips without Chromium, except in CI where it must run."""
    require(CHROMIUM.exists(), f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def sign_in():
    """Sign in to the admin in a browser page, as the therapist does."""

    def sign_in_as(page, base_url, username, password):
        page.goto(f"{base_url}/{settings.ADMIN_URL}login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Today").wait_for()

    return sign_in_as


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts: each context is a separate visitor with its own cookies."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class MailServer:
    """A real SMTP server (aiosmtpd) on a free local port: what it accepted, as parsed messages.

    `delay` makes it wait that many seconds before accepting each message (to stop a sender mid-batch);
    `refuse` maps an address to the SMTP reply given for it instead (e.g. "550 No such user").
    """

    def __init__(self):
        self.messages, self.delay, self.refuse = [], 0.0, {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email import message_from_bytes, policy

        if self.delay:
            await asyncio.sleep(self.delay)
            if server.transport is None or server.transport.is_closing():
                return "451 The sender went away"  # it never heard the message was accepted
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture(scope="session")
def mail_server_controller():
    from aiosmtpd.controller import Controller

    from deploy.local_services import free_port

    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mail_server(mail_server_controller, settings):
    """The site sends through the real SMTP server; the test reads what it received."""
    handler = mail_server_controller.handler
    handler.messages.clear()
    handler.delay, handler.refuse = 0.0, {}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mail_server_controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    return handler


WXR_EXPORTS = Path(__file__).resolve().parent / "data" / "wxr"


@pytest.fixture
def wxr_export(tmp_path):
    """An export from tests/data/wxr, written to a file with its times ($future_gmt…) three days from now."""

    def write(name, **values):
        future = timezone.now().replace(microsecond=0) + timedelta(days=3)
        values = {
            "future_gmt": future.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "future_local": timezone.localtime(future).strftime("%Y-%m-%d %H:%M:%S"),
            **values,
        }
        path = tmp_path / name
        path.write_text(Template((WXR_EXPORTS / name).read_text()).safe_substitute(values))
        return path

    return write


@pytest.fixture
def old_site_files(tmp_path):
    """The old sites' files, as copied off WordPress (wp-content/uploads) and saved from Squarespace."""
    folder = tmp_path / "old-site"
    (folder / "wp-content" / "uploads" / "2011" / "01").mkdir(parents=True)
    (folder / "wp-content" / "uploads" / "2011" / "01" / "lake.jpg").write_bytes(jpeg_with_gps_and_rotation((900, 600)))
    (folder / "saved from squarespace").mkdir()
    (folder / "saved from squarespace" / "therapy room.jpg").write_bytes(image_bytes((1200, 800), "JPEG"))
    return folder


@pytest.fixture
def tasks_run_at_once(settings):
    """The background worker's part runs as soon as the request commits, so a whole flow is seen in one test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run_worker():
    """One pass of the real background worker (`manage.py db_worker`) over the tasks that are due.

    A task is queued when its request commits: tests that use this mark themselves `django_db(transaction=True)`.
    """

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
