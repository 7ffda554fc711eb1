"""`make serve`: production settings or nothing — it refuses unsafe configuration, then serves for real."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy.local_services import free_port

ROOT = Path(__file__).resolve().parent.parent


def serve_environment(tmp_path, **overrides):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        {
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "WEB_CONCURRENCY": "1",
        }
    )
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value is not None}


@pytest.mark.parametrize(
    ("missing", "message"),
    [("DJANGO_SECRET_KEY", "set DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "set DJANGO_ALLOWED_HOSTS")],
)
def test_make_serve_refuses_to_start_without_production_settings(tmp_path, missing, message):
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=serve_environment(tmp_path, **{missing: None}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert not (tmp_path / "serve.sqlite3").exists(), "nothing ran before the refusal"


def test_make_serve_migrates_collects_and_serves_with_gunicorn(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=serve_environment(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "make serve did not answer within two minutes"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as home:
            page = home.read().decode()
            assert home.headers["Cache-Control"].startswith("public")
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css", "hashed name"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as css:
            assert "immutable" in css.headers["Cache-Control"] or "max-age=315360000" in css.headers["Cache-Control"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert "Booting worker" in output
    assert "GET /healthz" in output, "the access log goes to stdout"
