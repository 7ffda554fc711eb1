"""deploy/nginx.conf: valid, and its page cache honours the application's Cache-Control."""

import ssl
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from deploy.local_nginx import NGINX, LocalNginx
from tests.support import NoRedirect, require

pytestmark = pytest.mark.django_db(transaction=True)

UNVERIFIED = ssl._create_unverified_context()


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    require(Path(NGINX).exists(), "needs nginx (deploy/install-nginx.sh)")


@pytest.fixture
def proxy(live_server, tmp_path):
    static_root = tmp_path / "static"
    static_root.mkdir()
    with LocalNginx(
        tmp_path / "nginx",
        upstream=urlsplit(live_server.url).netloc,
        static_root=static_root,
        media_root=settings.MEDIA_ROOT,
        admin_path=f"/{settings.ADMIN_URL}",
    ) as nginx:
        yield nginx


def fetch(url, cookie=None, method="GET"):
    request = urllib.request.Request(url, method=method, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, context=UNVERIFIED, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_filled_in_configuration_passes_nginx_t(tmp_path):
    nginx = LocalNginx(tmp_path, upstream="127.0.0.1:8000", static_root=tmp_path, media_root=tmp_path)
    passed, output = nginx.check()
    assert passed, output
    assert "syntax is ok" in output


def test_plain_http_is_sent_to_https(proxy):
    request = urllib.request.Request(f"http://127.0.0.1:{proxy.http_port}/blog/")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


def test_public_pages_are_cached_by_the_proxy_and_signed_in_users_bypass_it(proxy, post_factory):
    post_factory(title="Cached by nginx")
    first = fetch(f"{proxy.url}/blog/")
    second = fetch(f"{proxy.url}/blog/")
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] == "MISS"
    assert second[1]["X-Cache-Status"] == "HIT"
    assert "Cached by nginx" in second[2]
    assert fetch(f"{proxy.url}/blog/", cookie="sessionid=abc")[1]["X-Cache-Status"] == "BYPASS"
    assert "X-Cache-Status" not in fetch(f"{proxy.url}/{settings.ADMIN_URL}login/")[1]


@pytest.mark.parametrize("scheduled_before_the_proxy_cached_the_list", [True, False])
def test_a_scheduled_post_appears_through_the_proxy_on_time(
    proxy, post_factory, scheduled_before_the_proxy_cached_the_list
):
    post_factory(title="Already out", ago=timedelta(days=1))
    # Three seconds, so that the proxy may still keep the list a second (it is told one less than is left).
    due = timezone.now() + timedelta(seconds=3)
    if scheduled_before_the_proxy_cached_the_list:
        post_factory(title="Due through the proxy", published_at=due)
    assert "Due through the proxy" not in fetch(f"{proxy.url}/blog/")[2]
    assert fetch(f"{proxy.url}/blog/")[1]["X-Cache-Status"] == "HIT"
    if not scheduled_before_the_proxy_cached_the_list:
        post_factory(title="Due through the proxy", published_at=due)
    while "Due through the proxy" not in fetch(f"{proxy.url}/blog/")[2]:
        assert timezone.now() < due + timedelta(seconds=1), "the proxy kept serving the list past the post's time"
        time.sleep(0.05)
    assert timezone.now() >= due


def test_an_edit_shows_through_the_proxy_within_two_seconds(proxy, post_factory):
    """The proxy keeps pages one second (s-maxage, X-Accel-Expires); nginx counts in whole seconds."""
    post = post_factory(title="Before the edit")
    fetch(f"{proxy.url}{post.get_absolute_url()}")
    assert fetch(f"{proxy.url}{post.get_absolute_url()}")[1]["X-Cache-Status"] == "HIT"
    post.title = "After the edit"
    post.save()
    edited = timezone.now()
    while "After the edit" not in fetch(f"{proxy.url}{post.get_absolute_url()}")[2]:
        assert timezone.now() < edited + timedelta(seconds=2.5)
        time.sleep(0.05)


def test_the_application_learns_the_visit_was_https(proxy, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    status, headers, page = fetch(f"{proxy.url}/services/")
    assert status == 200
    assert '<link rel="canonical" href="https://127.0.0.1/services/">' in page.replace(f":{proxy.https_port}", "")


def test_forms_and_posts_are_never_shared_through_the_proxy(proxy):
    fetch(f"{proxy.url}/contact/")
    assert fetch(f"{proxy.url}/contact/")[1]["X-Cache-Status"] != "HIT", "a page with a CSRF token is never shared"
    fetch(f"{proxy.url}/blog/", method="POST")
    assert fetch(f"{proxy.url}/blog/", method="POST")[1].get("X-Cache-Status") != "HIT"
