"""`make serve`: production settings or nothing — it refuses unsafe configuration, then serves for real."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy.local_services import free_port
from tests.support import require

ROOT = Path(__file__).resolve().parent.parent


def serve_environment(tmp_path, **overrides):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        {
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SITE_URL": "https://practice.test",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "WEB_CONCURRENCY": "1",
        }
    )
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value is not None}


def start_make(target, tmp_path, *arguments, **environment):
    """`make target` in its own process group (stopped with os.killpg), its output kept for failures."""
    return subprocess.Popen(
        ["make", "--no-print-directory", target, *arguments],
        cwd=ROOT,
        env=serve_environment(tmp_path, **environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(server):
    """Stop make and all it started; its output. A server that stopped on its own leaves its failure to report."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    return server.communicate(timeout=60)[0]


def first_answer(server, url):
    """The page at `url` once the server answers 200 — within two minutes, else the server's output."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                assert response.status == 200
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # a busy machine may take over 2 s to answer
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, f"{url} did not answer within two minutes"
            time.sleep(0.3)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "set DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "set DJANGO_ALLOWED_HOSTS"),
        ("DJANGO_SITE_URL", "set DJANGO_SITE_URL"),
    ],
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


def test_make_serve_refuses_several_workers_without_a_shared_cache(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=serve_environment(tmp_path, WEB_CONCURRENCY="3", CACHE_URL=None, REDIS_URL=None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for named in ("Refusing to start 3 workers without CACHE_URL", "page cache", "sign-in throttle", "contact-form"):
        assert named in result.stderr
    assert not (tmp_path / "serve.sqlite3").exists(), "nothing ran before the refusal"


@pytest.mark.parametrize(
    ("environment", "accepted"),
    [
        ({"WEB_CONCURRENCY": "3", "CACHE_URL": "redis://127.0.0.1:6379/0"}, True),
        ({"WEB_CONCURRENCY": "3", "DJANGO_ALLOW_PER_PROCESS_CACHE": "1"}, True),
        ({"WEB_CONCURRENCY": "1"}, True),
        ({"WEB_CONCURRENCY": "2"}, False),
    ],
)
def test_the_worker_check_accepts_a_shared_cache_one_worker_or_an_explicit_yes(tmp_path, environment, accepted):
    env = serve_environment(tmp_path, CACHE_URL=None, REDIS_URL=None)
    result = subprocess.run(
        [sys.executable, "deploy/gunicorn.conf.py"], cwd=ROOT, env={**env, **environment}, capture_output=True
    )
    assert (result.returncode == 0) is accepted


@pytest.mark.slow
def test_make_serve_migrates_collects_and_serves_with_gunicorn(tmp_path):
    left_by_an_older_version = ROOT / "staticfiles" / "ckeditor" / "ckeditor" / "samples" / "index.html"
    left_by_an_older_version.parent.mkdir(parents=True, exist_ok=True)
    left_by_an_older_version.write_text("<script>alert(1)</script>")
    port = free_port()
    server = start_make("serve", tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}")
    try:
        first_answer(server, f"http://127.0.0.1:{port}/healthz")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as home:
            page = home.read().decode()
            assert home.headers["Cache-Control"].startswith("public")
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css", "hashed name"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as css:
            assert "immutable" in css.headers["Cache-Control"] or "max-age=315360000" in css.headers["Cache-Control"]
    finally:
        output = stop(server)
    assert not left_by_an_older_version.exists(), "collectstatic --clear leaves nothing an older version collected"
    assert "Booting worker" in output
    assert "GET /healthz" in output, "the access log goes to stdout"


def test_make_run_with_debug_off_says_what_else_it_needs(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=serve_environment(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "make run: with DJANGO_DEBUG=0, also set DJANGO_SECRET_KEY and DJANGO_SITE_URL" in result.stderr


@pytest.mark.slow
def test_make_run_with_debug_off_serves_pages_with_their_styles(tmp_path):
    port = free_port()
    server = start_make(
        "run", tmp_path, f"PORT={port}", DJANGO_DEBUG="0", DJANGO_SITE_URL=f"http://127.0.0.1:{port}"
    )
    try:
        page = first_answer(server, f"http://127.0.0.1:{port}/")
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as css:
            assert css.status == 200
        image = page.split('<img src="', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{image}", timeout=5) as picture:
            assert picture.headers["Content-Type"].startswith("image/")
    finally:
        stop(server)


@pytest.mark.parametrize("unit", ["practice-web.service", "practice-worker.service"])
def test_the_systemd_units_are_valid_once_installed(tmp_path, unit):
    require(shutil.which("systemd-analyze") is not None, "needs systemd-analyze")
    installed = tmp_path / unit
    installed.write_text((ROOT / "deploy" / "systemd" / unit).read_text().replace("/srv/practice", str(ROOT)))
    result = subprocess.run(["systemd-analyze", "verify", str(installed)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_the_worker_unit_runs_the_documented_worker_command():
    unit = (ROOT / "deploy" / "systemd" / "practice-worker.service").read_text()
    command = next(line for line in unit.splitlines() if line.startswith("ExecStart=")).removeprefix("ExecStart=")
    assert command.split()[1:] == ["manage.py", "db_worker", "--no-reload"]
    result = subprocess.run([sys.executable, "manage.py", "db_worker", "--help"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0
