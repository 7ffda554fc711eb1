"""Two servers behind one database and one Redis: no server is special, nothing lives in a process.

Starts two gunicorn instances (deploy/gunicorn.conf.py, production settings)
on different ports, sharing this test's PostgreSQL database and a Redis
cache, and works them over HTTP as the therapist and visitors would.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from core.sign_in import FAILURE_LIMIT, LOCKED_MESSAGE
from deploy.local_services import REDIS_PORT, free_port, listening
from tests.support import NoRedirect, poll_until, require

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]  # two servers started per test

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/13"
PASSWORD = "two-servers-one-site"


@pytest.fixture(autouse=True)
def shared_services():
    if connection.vendor != "postgresql":
        pytest.skip("the servers share one PostgreSQL database (the PostgreSQL pass of .ci/run runs this)")
    require(listening(REDIS_PORT), f"needs Redis on 127.0.0.1:{REDIS_PORT}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def database_url():
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def servers(tmp_path):
    """Two gunicorn instances, A and B: their base URLs."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "shared-by-both-servers-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": "https://practice.test",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": "2",
    }
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "practice_site.wsgi"],
                cwd=ROOT,
                env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    for url in urls:
        while not answers(f"{url}/healthz"):
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    yield urls
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def answers(url):
    try:
        return Visitor().get(url)[0] == 200
    except urllib.error.URLError:
        return False


class BehindTLS(DefaultCookiePolicy):
    """Send Secure cookies over plain HTTP too: in production TLS ends at the proxy in front of both servers."""

    def return_ok_secure(self, cookie, request):
        return True


class Visitor:
    """A browser without JavaScript: keeps cookies (which, like a browser's, ignore the port)."""

    def __init__(self):
        self.cookies = CookieJar(policy=BehindTLS())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, data):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url)[1])[1]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Referer": url}))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def therapist(django_user_model):
    """A superuser whose password the servers can check (the test settings hash with a fast, test-only hasher)."""
    hasher = PBKDF2PasswordHasher()
    user = django_user_model.objects.create_superuser("dana", "dana@practice.example")
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()
    return user


def sign_in(visitor, base_url, password=PASSWORD):
    login = f"{base_url}{reverse('admin:login')}"
    return visitor.post(login, {"username": "dana", "password": password, "next": reverse("admin:index")})


def add_post(visitor, base_url, therapist, title, slug, published_at=None):
    local = timezone.localtime(published_at) if published_at else None
    return visitor.post(
        f"{base_url}{reverse('admin:blog_post_add')}",
        {
            "title": title,
            "slug": slug,
            "excerpt": "",
            "body": f"<p>{title}.</p>",
            "featured_image_alt": "",
            "meta_description": "",
            "status": "published",
            "published_at_0": local.strftime("%Y-%m-%d") if local else "",
            "published_at_1": local.strftime("%H:%M:%S") if local else "",
            "author": therapist.pk,
            "_save": "Save",
        },
    )


def wait_until_shown(url, text, limit):
    """Poll `url` until `text` shows; return the time it first did, failing after `limit`."""
    visitor = Visitor()
    return poll_until(lambda: text in visitor.get(url)[1], limit, f"{text!r} was not on {url} in time")


def test_a_staff_session_from_a_is_valid_on_b(servers, therapist):
    a, b = servers
    staff = Visitor()
    assert sign_in(staff, a)[0] == 302
    status, page = staff.get(f"{b}{reverse('admin:index')}")
    assert status == 200
    assert "Log out" in page


def test_a_post_published_on_a_shows_on_b_within_a_second(servers, therapist):
    a, b = servers
    visitors_list = f"{b}{reverse('blog:post_list')}"
    Visitor().get(visitors_list)
    staff = Visitor()
    sign_in(staff, a)

    assert add_post(staff, a, therapist, "Published on A", "published-on-a")[0] == 302
    wait_until_shown(visitors_list, "Published on A", limit=timezone.now() + timedelta(seconds=1))


def test_editing_a_title_updates_the_cached_pages_on_both(servers, therapist, post_factory):
    a, b = servers
    post = post_factory(title="First title")
    for base in servers:
        assert "First title" in Visitor().get(f"{base}{post.get_absolute_url()}")[1]
    staff = Visitor()
    sign_in(staff, a)

    change = f"{a}{reverse('admin:blog_post_change', args=[post.pk])}"
    local = timezone.localtime(post.published_at)
    status, _ = staff.post(
        change,
        {
            "title": "A clearer title",
            "slug": post.slug,
            "excerpt": "",
            "body": post.body,
            "featured_image_alt": "",
            "meta_description": "",
            "status": "published",
            "published_at_0": local.strftime("%Y-%m-%d"),
            "published_at_1": local.strftime("%H:%M:%S"),
            "author": therapist.pk,
            "_save": "Save",
        },
    )
    assert status == 302
    for base in servers:
        page = Visitor().get(f"{base}{post.get_absolute_url()}")[1]
        assert '<meta property="og:title" content="A clearer title">' in page


def test_a_post_scheduled_three_seconds_ahead_appears_on_both_at_its_time(servers, therapist):
    a, b = servers
    staff = Visitor()
    sign_in(staff, a)
    due = (timezone.now() + timedelta(seconds=4)).replace(microsecond=0)
    for base in servers:
        Visitor().get(f"{base}{reverse('blog:post_list')}")
    assert add_post(staff, a, therapist, "Scheduled on A", "scheduled-on-a", published_at=due)[0] == 302
    assert Post.objects.get(slug="scheduled-on-a").published_at == due

    for base in servers:
        shown = wait_until_shown(
            f"{base}{reverse('blog:post_list')}", "Scheduled on A", limit=due + timedelta(seconds=1)
        )
        assert shown >= due


def test_the_sign_in_throttle_counts_failures_on_both(servers, therapist):
    a, b = servers
    for attempt in range(FAILURE_LIMIT):
        status, page = sign_in(Visitor(), servers[attempt % 2], password="wrong")
        assert status == 200 and LOCKED_MESSAGE not in page
    for base in servers:
        status, page = sign_in(Visitor(), base)
        assert status == 200
        assert LOCKED_MESSAGE in page
