"""A changed slug keeps its old address working with a 301, in one hop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from pages.models import Page, Service

pytestmark = pytest.mark.django_db


def rename(item, slug):
    item.slug = slug
    item.save()
    return item


def test_a_post_slug_change_redirects_the_old_address(client, post_factory):
    post = post_factory(slug="first-name")
    rename(post, "second-name")
    response = client.get("/blog/first-name/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/second-name/"
    assert client.get("/blog/second-name/").status_code == 200


def test_redirect_chains_resolve_in_one_hop(client, post_factory):
    post = post_factory(slug="one")
    rename(post, "two")
    rename(post, "three")
    for old in ("/blog/one/", "/blog/two/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/blog/three/")


def test_an_old_slug_reused_by_another_post_belongs_to_the_new_post(client, post_factory):
    first = post_factory(title="First", slug="shared")
    rename(first, "first-renamed")
    second = post_factory(title="Second", slug="shared")
    response = client.get("/blog/shared/")
    assert response.status_code == 200
    assert "Second" in response.content.decode()
    rename(second, "second-renamed")
    assert client.get("/blog/shared/")["Location"] == "/blog/second-renamed/"


def test_moving_back_to_an_old_slug_does_not_loop(client, post_factory):
    post = post_factory(slug="a")
    rename(post, "b")
    rename(post, "a")
    assert client.get("/blog/a/").status_code == 200
    assert client.get("/blog/b/")["Location"] == "/blog/a/"


def test_the_query_string_is_kept(client, post_factory):
    rename(post_factory(slug="old"), "new")
    assert client.get("/blog/old/?page=2")["Location"] == "/blog/new/?page=2"


def test_services_and_pages_redirect_too(client):
    rename(Service.objects.create(title="Couples", slug="couples", excerpt="Two."), "couples-therapy")
    rename(Page.objects.create(title="Fees", slug="fees"), "fees-and-insurance")
    assert client.get("/services/couples/")["Location"] == "/services/couples-therapy/"
    assert client.get("/fees/")["Location"] == "/fees-and-insurance/"


def test_unknown_addresses_still_get_the_404_page(client):
    assert client.get("/blog/never-existed/").status_code == 404


def test_an_address_with_a_nul_character_is_simply_not_found(client):
    assert client.get("/%00/").status_code == 404
    assert client.get("/blog/%00abc/").status_code == 404


@pytest.mark.parametrize(
    "hide",
    [
        lambda post: setattr(post, "status", Post.Status.DRAFT),
        lambda post: setattr(post, "published_at", timezone.now() + timedelta(days=2)),
    ],
    ids=["moved-to-draft", "rescheduled"],
)
def test_an_old_address_never_reveals_where_an_unpublished_post_now_lives(client, post_factory, hide):
    post = post_factory(slug="public-once")
    hide(post)
    rename(post, "quietly-renamed")
    response = client.get("/blog/public-once/")
    assert response.status_code == 404
    assert "quietly-renamed" not in response.content.decode()
    assert "Location" not in response


def test_the_old_address_leads_on_again_once_the_post_is_public_again(client, post_factory):
    post = post_factory(slug="public-once", status=Post.Status.DRAFT)
    rename(post, "renamed")
    assert client.get("/blog/public-once/").status_code == 404
    post.status = Post.Status.PUBLISHED
    post.save()
    assert client.get("/blog/public-once/")["Location"] == "/blog/renamed/"


def test_hidden_services_and_pages_do_not_reveal_their_new_address_either(client):
    service = Service.objects.create(title="Groups", slug="groups", excerpt="Together.", is_published=False)
    rename(service, "group-therapy")
    page = Page.objects.create(title="Fees", slug="fees", is_published=False)
    rename(page, "fees-and-insurance")
    assert client.get("/services/groups/").status_code == 404
    assert client.get("/fees/").status_code == 404
