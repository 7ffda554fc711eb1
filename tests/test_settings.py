"""Configuration comes from the environment, with safe defaults (DESIGN.md's table)."""

import pytest

from tests.support import read_setting


def test_a_secret_key_is_required_when_debug_is_off():
    result = read_setting("settings.SECRET_KEY")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_sites_address_is_required_when_debug_is_off():
    result = read_setting("settings.SITE_URL", DJANGO_SECRET_KEY="from-the-environment")
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off" in result.stderr


def test_the_sites_address_must_be_a_web_address():
    result = read_setting("settings.SITE_URL", DJANGO_DEBUG="1", DJANGO_SITE_URL="practice.example")
    assert "DJANGO_SITE_URL must be an http(s) address" in result.stderr


def test_local_defaults_with_debug_on():
    result = read_setting(
        "settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS, settings.TIME_ZONE,"
        " settings.USE_TZ",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("True django.db.backends.sqlite3 ['localhost', '127.0.0.1'] America/New_York True")


def test_production_values_come_from_the_environment():
    result = read_setting(
        "settings.DEBUG, settings.SECRET_KEY, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS,"
        " settings.TIME_ZONE, settings.SECURE_SSL_REDIRECT, settings.SITE_URL",
        DJANGO_SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://user:pw@db.internal:5432/practice",
        DJANGO_ALLOWED_HOSTS="example-practice.com, www.example-practice.com",
        TIME_ZONE="Europe/London",
        DJANGO_SITE_URL="https://example-practice.com/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False from-the-environment django.db.backends.postgresql "
        "['example-practice.com', 'www.example-practice.com'] Europe/London True https://example-practice.com"
    )


def test_in_development_the_sites_address_follows_the_port_make_run_serves_on():
    for port, address in [("8731", "http://127.0.0.1:8731"), ("", "http://127.0.0.1:8000")]:
        result = read_setting("settings.SITE_URL", DJANGO_DEBUG="1", PORT=port)
        assert result.stdout.strip() == address, result.stderr
    result = read_setting("settings.SITE_URL", DJANGO_DEBUG="1", PORT="8731", DJANGO_SITE_URL="https://practice.example")
    assert result.stdout.strip() == "https://practice.example"


@pytest.mark.django_db
def test_the_benchmarks_floor_is_not_mounted_unless_asked_for(client):
    assert client.get("/bench/floor/").status_code == 404
