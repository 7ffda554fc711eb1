"""deploy/nginx.conf: valid, and its page cache honours the application's Cache-Control."""

import contextlib
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.models import Post
from core.site import DEFAULT_CRISIS_NOTICE
from deploy.local_nginx import NGINX, LocalNginx
from deploy.local_services import free_port
from tests.support import NoRedirect, image_bytes, poll_until, require

pytestmark = pytest.mark.django_db(transaction=True)

UNVERIFIED = ssl._create_unverified_context()


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    require(Path(NGINX).exists(), "needs nginx (deploy/install-nginx.sh)")


def proxy_for(application_url, folder, extra_http=""):
    static_root = folder / "static"
    static_root.mkdir(exist_ok=True)
    return LocalNginx(
        folder / "nginx",
        upstream=urlsplit(application_url).netloc,
        static_root=static_root,
        media_root=settings.MEDIA_ROOT,
        admin_path=f"/{settings.ADMIN_URL}",
        extra_http=extra_http,
    )


@pytest.fixture
def proxy(live_server, tmp_path):
    with proxy_for(live_server.url, tmp_path) as nginx:
        yield nginx


class StoppableApplication:
    """The live server behind a relay this test can stop, dropping every connection at once.

    Stopping pytest-django's live_server would leave the proxy's kept-alive
    connections answered; with the relay gone, the application is unreachable.
    """

    def __init__(self, upstream_url):
        self.upstream = urlsplit(upstream_url)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client = self.listener.accept()[0]
                upstream = socket.create_connection((self.upstream.hostname, self.upstream.port))
            except OSError:
                return
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    def stop(self):
        # shutdown() first: a socket closed while another thread waits on it would stay open underneath.
        for connection in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


@pytest.fixture
def stoppable_application(live_server):
    application = StoppableApplication(live_server.url)
    yield application
    application.stop()


SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy",
)


def security_headers(headers):
    """The security headers of an answer, its policy as a set of directives (django-csp's order varies)."""
    found = {name.lower(): value for name, value in headers.items() if name.lower() in SECURITY_HEADERS}
    if "content-security-policy" in found:
        found["content-security-policy"] = {part.strip() for part in found["content-security-policy"].split(";")}
    return found


@pytest.fixture
def the_applications_security_headers(client):
    headers = security_headers(client.get("/no-such-page/").headers)
    assert sorted(headers) == sorted(SECURITY_HEADERS)
    return headers


def fetch(url, cookie=None, method="GET"):
    request = urllib.request.Request(url, method=method, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, context=UNVERIFIED, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


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


def test_plain_http_is_sent_to_the_sites_own_name_never_to_the_host_the_request_claims(proxy):
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy.http_port}/blog/?page=2", headers={"Host": "evil.example"}
    )
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    assert redirect.value.headers["Location"] == "https://127.0.0.1/blog/?page=2"


def test_nginx_tells_no_one_its_version(proxy):
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(f"http://127.0.0.1:{proxy.http_port}/", timeout=10)
    assert redirect.value.headers["Server"] == "nginx"
    assert "nginx/" not in redirect.value.read().decode()
    status, headers, _ = fetch(f"{proxy.url}/static/no-such-file.css")
    assert (status, headers["Server"]) == (404, "nginx")


@pytest.mark.parametrize(
    "path", ["/static/css/no-such-file.css", "/media/uploads/no-such-image.png", "/media/uploads/evil.html"]
)
def test_a_missing_static_or_media_file_gets_the_sites_page_and_security_headers(
    proxy, path, the_applications_security_headers
):
    status, headers, page = fetch(f"{proxy.url}{path}")
    assert status == 404
    assert security_headers(headers) == the_applications_security_headers
    assert DEFAULT_CRISIS_NOTICE in page


def test_the_applications_own_not_found_page_passes_through_untouched(proxy):
    status, _, page = fetch(f"{proxy.url}/no-such-page/")
    assert status == 404
    assert "We couldn’t find that page" in page, "the application's page, with its links, not nginx's"


@pytest.fixture
def silent_application():
    """An address that takes connections and never answers: a gunicorn stuck on every request."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.mark.parametrize("application", ["down", "too slow"])
def test_while_the_application_is_down_or_too_slow_visitors_get_the_sites_page_and_security_headers(
    request, tmp_path, application, the_applications_security_headers
):
    if application == "down":
        upstream, expected_status = f"http://127.0.0.1:{free_port()}", 502
    else:
        upstream, expected_status = request.getfixturevalue("silent_application"), 504
    with proxy_for(upstream, tmp_path, extra_http="proxy_read_timeout 1s;") as nginx:
        status, headers, page = fetch(f"{nginx.url}/blog/")
    assert status == expected_status
    assert security_headers(headers) == the_applications_security_headers
    assert headers["Cache-Control"] == "no-store"
    assert "The site is briefly unavailable" in page
    assert DEFAULT_CRISIS_NOTICE in page


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


@pytest.mark.slow
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
    shown = poll_until(
        lambda: "Due through the proxy" in fetch(f"{proxy.url}/blog/")[2],
        due + timedelta(seconds=1),
        "the proxy kept serving the list past the post's time",
    )
    assert shown >= due


@pytest.mark.slow
def test_an_edit_shows_through_the_proxy_within_two_seconds(proxy, post_factory):
    """The proxy keeps pages one second (s-maxage, X-Accel-Expires); nginx counts in whole seconds."""
    post = post_factory(title="Before the edit")
    fetch(f"{proxy.url}{post.get_absolute_url()}")
    assert fetch(f"{proxy.url}{post.get_absolute_url()}")[1]["X-Cache-Status"] == "HIT"
    post.title = "After the edit"
    post.save()
    poll_until(
        lambda: "After the edit" in fetch(f"{proxy.url}{post.get_absolute_url()}")[2],
        timezone.now() + timedelta(seconds=2.5),
        "the proxy kept the page past two seconds after the edit",
    )


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


@pytest.mark.slow
def test_a_page_the_application_no_longer_serves_never_comes_back_while_it_is_down(
    stoppable_application, tmp_path, post_factory
):
    """No stale copies: an article moved back to draft stays gone, even with the application stopped."""
    post = post_factory(title="Soon a draft again")
    with proxy_for(stoppable_application.url, tmp_path) as nginx:
        url = f"{nginx.url}{post.get_absolute_url()}"
        fetch(url)
        assert fetch(url)[1]["X-Cache-Status"] == "HIT"
        post.status = Post.Status.DRAFT
        post.save()
        stoppable_application.stop()
        time.sleep(2.1)  # past the page's lifetime in the proxy: one second, which nginx rounds up
        status, headers, page = fetch(url)
    assert status == 502
    assert "Soon a draft again" not in page
    assert headers.get("X-Cache-Status") != "STALE"


def test_uploads_are_served_sandboxed_as_images_and_nothing_else_is_served(proxy):
    image = default_storage.save("uploads/2026/11/calm.png", ContentFile(image_bytes()))
    page = default_storage.save("uploads/evil.html", ContentFile(b"<script>alert(document.cookie)</script>"))
    script = default_storage.save("uploads/evil.js", ContentFile(b"alert(1)"))
    status, headers, _ = fetch(f"{proxy.url}/media/{image}")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert fetch(f"{proxy.url}/media/{page}")[0] == 404
    assert fetch(f"{proxy.url}/media/{script}")[0] == 404


def test_only_the_import_of_a_whole_blog_may_send_more_than_an_image(proxy):
    export = b"<rss>" + b" " * 20_000_000 + b"</rss>"
    headers = {"Content-Type": "application/xml"}

    def post(path):
        request = urllib.request.Request(f"{proxy.url}{path}", data=export, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, context=UNVERIFIED, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert post(f"/{settings.ADMIN_URL}blog/post/add/") == 413
    assert post(f"/{settings.ADMIN_URL}importing/wordpressimport/add/") != 413  # reaches the application (sign-in)
