"""Bad input from a visitor gets a clear page, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["abc", "9999", "0", "-1", "1.5", "1%00"])
def test_impossible_list_pages_give_the_sites_404_page(client, post_factory, page):
    post_factory()
    response = client.get(reverse("blog:post_list"), {"page": page})
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_an_empty_page_parameter_shows_the_first_page(client, post_factory):
    post_factory(title="Only article")
    response = client.get(reverse("blog:post_list"), {"page": ""})
    assert response.status_code == 200


def test_page_last_is_the_last_page(client, post_factory):
    for _ in range(11):
        post_factory()
    assert client.get(reverse("blog:post_list"), {"page": "last"}).status_code == 200


def test_unknown_post_slug_gives_the_sites_404_page(client):
    response = client.get("/blog/no-such-article/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We couldn’t find that page" in body
    assert "This site is not for emergencies" in body


def test_empty_blog_says_so_kindly(client):
    response = client.get(reverse("blog:post_list"))
    assert response.status_code == 200
    assert "No articles yet" in response.content.decode()


def test_list_pages_say_where_you_are_and_link_older_and_newer_pages(client, post_factory):
    for _ in range(25):
        post_factory()
    page = client.get(reverse("blog:post_list"), {"page": 2}).content.decode()
    assert "Page 2 of 3" in page
    assert '<a href="?page=1" rel="prev">Newer posts</a>' in page
    assert '<a href="?page=3" rel="next">Older posts</a>' in page


def test_an_overlong_address_is_refused_cleanly(client):
    response = client.get("/blog/" + "a" * 10_000 + "/")
    assert response.status_code == 404


def test_an_oversized_form_body_is_refused_and_nothing_is_stored(client, settings):
    from contact.models import ConsultationRequest

    oversized = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client(raise_request_exception=False).post(reverse("contact:form"), {"message": oversized})
    assert response.status_code == 400
    assert "That request could not be read" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0
