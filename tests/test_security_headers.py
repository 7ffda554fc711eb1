"""Hardened by default: a clean `check --deploy`, and strict security headers on every response."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.support import image_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "practice.example",
    "DJANGO_SITE_URL": "https://practice.example",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
}
PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response):
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_check_deploy_reports_nothing_with_production_settings():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("url", ["/", "/blog/", "/contact/", "/blog/feed/", "/no-such-page/"])
def test_public_responses_carry_a_strict_policy_and_security_headers(client, url):
    response = client.get(url)
    assert policy(response) == PUBLIC_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for feature in ("camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"):
        assert feature in response["Permissions-Policy"]


def test_cached_pages_keep_their_headers(client):
    client.get("/blog/")
    response = client.get("/blog/")
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_each_policy_is_built_once_per_process_and_reads_as_django_csp_builds_it(client, admin_client, monkeypatch):
    from csp.utils import build_policy

    from core import middleware

    middleware._policy.cache_clear()
    built = []
    monkeypatch.setattr(middleware, "build_policy", lambda **kwargs: built.append(kwargs) or build_policy(**kwargs))
    pages = [client.get(url) for url in ("/", "/blog/", "/blog/", "/contact/")]
    editor = [admin_client.get(reverse("admin:index")), admin_client.get(reverse("admin:blog_post_add"))]
    assert len(built) == 2, "one for visitors' pages, one for the admin"
    assert {page["Content-Security-Policy"] for page in pages} == {build_policy()}
    assert {page["Content-Security-Policy"] for page in editor} == {build_policy(config=settings.ADMIN_CSP_DIRECTIVES)}


def test_the_admin_gets_only_what_the_editor_needs(admin_client):
    response = admin_client.get(reverse("admin:blog_post_add"))
    admin_policy = policy(response)
    assert admin_policy["script-src"] == "'self' 'unsafe-inline'", "CKEditor 4's toolbar runs inline handlers"
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert admin_policy["style-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["object-src"] == "'none'"
    assert admin_policy["frame-ancestors"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_editor_upload_answer_may_show_in_the_editors_own_frame(admin_client, upload_in_editor):
    upload = SimpleUploadedFile("p.png", image_bytes(), content_type="image/png")
    response = upload_in_editor(admin_client, upload, "?CKEditorFuncNum=1")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == "'self'"
    assert policy(response)["script-src"] == "'self' 'unsafe-inline'"


def test_hsts_and_secure_cookies_with_debug_off(client, settings):
    assert settings.SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_sessions_last_two_weeks_and_the_admin_offers_a_log_out(admin_client, settings):
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60
    assert "Log out" in admin_client.get(reverse("admin:index")).content.decode()


def test_a_refused_host_is_answered_with_the_same_security_headers(client):
    response = client.get("/blog/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


@pytest.mark.parametrize("sample", ["ckeditor/ckeditor/samples/index.html", "ckeditor/galleriffic/js/jquery-1.3.2.js"])
def test_the_editors_sample_pages_are_never_served(client, sample):
    assert client.get(f"/static/{sample}").status_code == 404


def test_collectstatic_leaves_out_the_editors_sample_and_test_pages(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    collected = [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()]
    assert "ckeditor/ckeditor/ckeditor.js" in collected
    assert [name for name in collected if name.endswith((".html", ".php", ".md"))] == []
    assert [name for name in collected if "galleriffic" in name or "/samples/" in name or "/tests/" in name] == []


def test_the_admin_address_appears_in_no_public_answer(client, post_factory, settings, upload_in_editor):
    """A custom DJANGO_ADMIN_URL hides the admin only if nothing public names it."""
    post = post_factory()
    admin_path = f"/{settings.ADMIN_URL}"
    answers = [
        client.get(url)
        for url in ("/", "/blog/", post.get_absolute_url(), "/contact/", "/robots.txt", "/sitemap.xml", "/nowhere/")
    ]
    answers += [client.get("/ckeditor/upload/"), upload_in_editor(client, SimpleUploadedFile("a.png", image_bytes()))]
    for response in answers:
        assert admin_path not in response.content.decode(), response.wsgi_request.path
        assert admin_path not in response.get("Location", ""), response.wsgi_request.path
