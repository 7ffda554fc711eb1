"""Configuration comes from the environment, with safe defaults (DESIGN.md's table)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOWED_HOSTS",
    "TIME_ZONE",
    "DJANGO_SECURE_SSL_REDIRECT",
]


def read_setting(expression, **env):
    clean = {key: value for key, value in os.environ.items() if key not in CONFIGURATION_VARIABLES}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "practice_site.settings", **env},
        capture_output=True,
        text=True,
    )


def test_a_secret_key_is_required_when_debug_is_off():
    result = read_setting("settings.SECRET_KEY")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_local_defaults_with_debug_on():
    result = read_setting(
        "settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS, settings.TIME_ZONE,"
        " settings.USE_TZ",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True django.db.backends.sqlite3 ['localhost', '127.0.0.1'] America/New_York True"
    )


def test_production_values_come_from_the_environment():
    result = read_setting(
        "settings.DEBUG, settings.SECRET_KEY, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS,"
        " settings.TIME_ZONE, settings.SECURE_SSL_REDIRECT",
        DJANGO_SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://user:pw@db.internal:5432/practice",
        DJANGO_ALLOWED_HOSTS="example-practice.com, www.example-practice.com",
        TIME_ZONE="Europe/London",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False from-the-environment django.db.backends.postgresql "
        "['example-practice.com', 'www.example-practice.com'] Europe/London True"
    )
