"""The first five minutes: `make run`, then manage.py in another shell with nothing exported.

`make run` writes a git-ignored `.env` (debug on, a secret key of this machine's own) that settings read
under the environment's own variables; the site's address follows the PORT of each run. Every test here
works in a copy of the project, so no `.env` is ever left in the real one.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from deploy.local_services import free_port

ROOT = Path(__file__).resolve().parent.parent
# Left out of a copy: what a run or a test leaves behind, and a developer's own .env and database.
NOT_COPIED = {".git", ".venv", ".env", "media", "staticfiles", "test-output", "bench", "db.sqlite3", ".audit"}
CACHES = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis")


def copy_of_the_project(tmp_path):
    """The project's files in a folder of their own, sharing this checkout's virtual environment."""
    copy = tmp_path / "practice"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: (NOT_COPIED & set(names) if Path(folder) == ROOT else set())
        | CACHES(folder, names),
    )
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def new_shell(**variables):
    """The environment of a new terminal where nothing was exported (pytest's own marker left out too)."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **variables}


def in_a_new_shell(folder, command, variables):
    return subprocess.run(
        command, cwd=folder, env=new_shell(**variables), capture_output=True, text=True, timeout=120
    )


def make(folder, *arguments, **variables):
    return in_a_new_shell(folder, ["make", "--no-print-directory", *arguments], variables)


def manage(folder, *arguments, **variables):
    return in_a_new_shell(folder, [".venv/bin/python", "manage.py", *arguments], variables)


def setting(folder, expression, **variables):
    """`expression` (e.g. "settings.DEBUG") as manage.py in `folder` reads it, in a new shell."""
    code = f"from django.conf import settings; print({expression})"
    return manage(folder, "shell", "--no-imports", "-c", code, **variables)


@pytest.fixture
def make_run_recorded(tmp_path):
    """The real Makefile beside a stand-in virtual environment whose python records each command and its PORT."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").touch()
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    # The server is the last command: it waits (up to 10 s) for the worker started beside it to be recorded,
    # as a real server runs on while the worker starts — else make's exit could stop the worker first.
    python.write_text(
        '#!/bin/sh\necho "$* PORT=${PORT-unset}" >> commands.log\n'
        'case "$2" in runserver) for i in $(seq 100); do grep -q db_worker commands.log && exit 0; sleep 0.1; done;; '
        "esac\n"
    )
    python.chmod(0o755)
    installed = tmp_path / ".venv" / ".installed-run"
    installed.touch()
    os.utime(installed, (time.time() + 60, time.time() + 60))

    def run(*arguments, **variables):
        (tmp_path / "commands.log").unlink(missing_ok=True)
        result = make(tmp_path, "run", *arguments, **variables)
        assert result.returncode == 0, result.stderr
        return result.stdout, (tmp_path / "commands.log").read_text().splitlines()

    run.folder = tmp_path
    return run


def test_make_run_gives_its_port_to_the_server_and_to_the_worker(make_run_recorded):
    _, commands = make_run_recorded(PORT="8731")
    assert "manage.py runserver 127.0.0.1:8731 PORT=8731" in commands
    assert "manage.py db_worker PORT=8731" in commands, "the worker's emails link to the same port"
    _, commands = make_run_recorded("PORT=8732")
    assert "manage.py db_worker PORT=8732" in commands


def test_a_later_make_run_uses_its_own_port_and_writes_env_only_once(make_run_recorded):
    output, _ = make_run_recorded(PORT="8731")
    assert "make run: wrote .env" in output
    written = (make_run_recorded.folder / ".env").read_text()
    assert "DJANGO_DEBUG=1" in written.splitlines()
    assert "PORT" not in written, "the port is each run's own, never frozen into .env"
    assert (make_run_recorded.folder / ".env").stat().st_mode & 0o077 == 0, "it holds a secret key"

    output, commands = make_run_recorded()
    assert "wrote .env" not in output
    assert (make_run_recorded.folder / ".env").read_text() == written
    assert "manage.py runserver 127.0.0.1:8000 PORT=8000" in commands
    assert "manage.py db_worker PORT=8000" in commands


def test_make_run_with_debug_off_writes_no_env(make_run_recorded):
    make_run_recorded(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="from-the-environment", DJANGO_SITE_URL="http://127.0.0.1:8000")
    assert not (make_run_recorded.folder / ".env").exists()


def test_each_env_holds_a_secret_key_of_its_own(tmp_path):
    keys = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        folder.mkdir()
        shutil.copy(ROOT / "Makefile", folder / "Makefile")
        assert make(folder, ".env").returncode == 0
        written = dict(line.split("=", 1) for line in (folder / ".env").read_text().splitlines() if "=" in line)
        keys.append(written["DJANGO_SECRET_KEY"])
    assert len(keys[0]) >= 50
    assert keys[0] != keys[1]


def test_env_is_never_committed():
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_manage_py_works_in_a_new_shell_once_make_run_wrote_env(tmp_path):
    project = copy_of_the_project(tmp_path)
    assert make(project, ".env").returncode == 0

    check = manage(project, "check")
    assert check.returncode == 0, check.stderr
    result = setting(project, "settings.DEBUG, settings.SITE_URL, settings.SECRET_KEY.startswith('dev-only')")
    assert result.stdout.split() == ["True", "http://127.0.0.1:8000", "False"], result.stderr
    assert setting(project, "settings.SITE_URL", PORT="8731").stdout.strip() == "http://127.0.0.1:8731"


def test_without_env_or_variables_the_site_still_refuses_to_start(tmp_path):
    project = copy_of_the_project(tmp_path)
    result = manage(project, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_the_environment_wins_over_env(tmp_path):
    project = copy_of_the_project(tmp_path)
    (project / ".env").write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\n")
    result = setting(project, "settings.DEBUG, settings.SECRET_KEY", DJANGO_SECRET_KEY="from-the-environment")
    assert result.stdout.split() == ["True", "from-the-environment"], result.stderr

    result = manage(project, "check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off" in result.stderr


def test_env_is_key_value_lines_with_comments_and_optional_quotes(tmp_path):
    project = copy_of_the_project(tmp_path)
    (project / ".env").write_text(
        "# local settings\n"
        "\n"
        "DJANGO_DEBUG=1\n"
        '  TIME_ZONE = "Europe/London"\n'
        "DJANGO_ADMIN_URL='office/'\n"
        "DEFAULT_FROM_EMAIL=it's@example.com\n"
    )
    result = setting(project, "settings.TIME_ZONE, settings.ADMIN_URL, settings.DEFAULT_FROM_EMAIL")
    assert result.stdout.split() == ["Europe/London", "office/", "it's@example.com"], result.stderr


def test_a_line_that_is_not_key_value_is_refused_with_its_number(tmp_path):
    project = copy_of_the_project(tmp_path)
    (project / ".env").write_text("DJANGO_DEBUG=1\nexport DJANGO_SECRET_KEY=abc\n")
    result = manage(project, "check")
    assert result.returncode != 0
    assert ".env, line 2: expected KEY=VALUE" in result.stderr


def test_the_test_suite_never_reads_a_developers_env(tmp_path):
    project = copy_of_the_project(tmp_path)
    assert make(project, ".env").returncode == 0
    result = manage(project, "check", PYTEST_VERSION=os.environ["PYTEST_VERSION"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def wait_for(url, server):
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, f"{url} did not answer within two minutes"
            time.sleep(0.3)


@pytest.mark.slow
def test_make_run_on_another_port_links_there_and_leaves_manage_py_ready(tmp_path, mail_server_controller):
    project = copy_of_the_project(tmp_path)
    port = free_port()
    mail = mail_server_controller.handler
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=project,
        env=new_shell(
            PORT=str(port),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail_server_controller.port),
            EMAIL_USE_TLS="0",
            DJANGO_SUPERUSER_PASSWORD="a-local-password-for-the-test",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", server) == 200
        subscribing = urllib.parse.urlencode({"email": "first-five-minutes@example.com", "website": ""}).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/subscribe/", data=subscribing, timeout=30) as answer:
            assert answer.status == 200
        check = manage(project, "check")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=60)[0]

    (confirmation,) = mail.to("first-five-minutes@example.com")
    assert f"http://127.0.0.1:{port}/subscribe/confirm/" in confirmation.get_body(("plain",)).get_content()
    assert "make run: wrote .env" in output
    assert check.returncode == 0, check.stderr
