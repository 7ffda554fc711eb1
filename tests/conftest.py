import itertools
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from blog.models import Post
from tests.support import require


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
    """Every test starts with an empty cache, as a freshly started server would."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a fresh folder per test, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
        return Post.objects.create(title=title, status=status, author=author, **fields)

    return create


@pytest.fixture
def draft(post_factory):
    return post_factory(title="A private draft", status=Post.Status.DRAFT)


@pytest.fixture
def scheduled(post_factory):
    return post_factory(title="Scheduled for later", published_at=timezone.now() + timedelta(days=3))


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
