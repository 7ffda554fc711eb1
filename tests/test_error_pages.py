"""Error pages speak plainly, look like the site, and never show internals."""

import pytest
from django.test import Client
from django.urls import reverse

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
    response = Client(enforce_csrf_checks=True).post(reverse("pages:contact"), {"name": "Alex"})
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
