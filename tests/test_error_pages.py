"""Error pages speak plainly, look like the site, and never show internals."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from core import site as core_site
from pages.models import CrisisLines, PracticeProfile
from pages.views import HomeView

pytestmark = pytest.mark.django_db


def assert_branded(response, heading):
    page = response.content.decode()
    assert heading in page
    assert "/static/css/site.css" in page
    assert "not for emergencies" in page
    assert '<a href="/"' in page
    for internal in ("Traceback", "Exception", "settings"):
        assert internal not in page


def test_a_wrong_host_gets_400(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert_branded(response, "That request could not be read")


def test_a_form_sent_without_its_security_token_gets_a_friendly_403():
    response = Client(enforce_csrf_checks=True).post(reverse("contact:form"), {"name": "Alex"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please send the form again" in page
    assert "/static/css/site.css" in page
    assert "CSRF" not in page


def test_a_forbidden_page_gets_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("helper", password="x", is_staff=True))
    response = client.get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 403
    assert_branded(response, "This page is not available to you")


@pytest.mark.parametrize("path", ["/no-such-page/", "/nowhere/at/all/"])
def test_a_missing_page_gets_404_in_the_site_layout(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We couldn’t find that page" in page
    assert 'aria-label="Main"' in page


def test_an_unexpected_error_gets_a_branded_500(monkeypatch):
    def broken(self, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get(reverse("pages:home"))
    assert response.status_code == 500
    assert_branded(response, "Something went wrong on our side")
    assert "a bug" not in response.content.decode()


@pytest.fixture
def uk_practice():
    profile = PracticeProfile(practice_name="Quiet Room London")
    profile.save()
    CrisisLines.objects.filter(profile=profile).update(
        notice="This site is not for emergencies. In a crisis, call Samaritans on 116 123.", country="GB"
    )


def error_answers(monkeypatch, django_user_model):
    """One answer of each kind the site can give when something goes wrong."""
    yield Client().get("/", HTTP_HOST="attacker.example")
    yield Client(enforce_csrf_checks=True).post(reverse("contact:form"), {"name": "Alex"})
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("helper", password="x", is_staff=True))
    yield staff.get(reverse("admin:blog_post_changelist"))
    monkeypatch.setattr(HomeView, "get_context_data", lambda self, **kwargs: 1 / 0)
    yield Client(raise_request_exception=False).get(reverse("pages:home"))

    def database_fails(self, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(HomeView, "get_context_data", database_fails)
    yield Client(raise_request_exception=False).get(reverse("pages:home"))


def test_every_error_page_carries_the_practices_own_crisis_notice(uk_practice, monkeypatch, django_user_model):
    statuses = []
    for response in error_answers(monkeypatch, django_user_model):
        page = response.content.decode()
        assert "Samaritans on 116 123" in page, response.status_code
        assert '<a class="crisis-link" href="tel:999">Emergency: 999</a>' in page, response.status_code
        assert "988" not in page
        statuses.append(response.status_code)
    assert statuses == [400, 403, 403, 500, 503]


@pytest.mark.parametrize(
    "failure", [OperationalError("connection refused"), InterfaceError("connection already closed")]
)
def test_with_the_database_down_error_pages_fall_back_to_the_default_notice(monkeypatch, failure):
    def unreachable():
        raise failure

    monkeypatch.setattr(core_site, "_provider", unreachable)
    page = Client().get("/", HTTP_HOST="attacker.example").content.decode()
    assert "call your local emergency number" in page
