"""Public pages run a fixed number of SQL queries, however many posts there are."""

from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED_QUERIES = {
    "home": 1,  # latest posts
    "post_list": 2,  # count for the paginator, one page of posts
    "post_detail": 4,  # the post with its author, previous, next, latest posts
}


@pytest.fixture(params=[5, 200], ids=lambda count: f"{count}-posts")
def posts(request, post_factory):
    return [post_factory(ago=timedelta(hours=number + 1)) for number in range(request.param)]


def page_urls(posts):
    middle = posts[len(posts) // 2]
    return {
        "home": reverse("pages:home"),
        "post_list": reverse("blog:post_list"),
        "post_detail": middle.get_absolute_url(),
    }


@pytest.mark.parametrize("page", EXPECTED_QUERIES)
def test_public_pages_use_a_fixed_number_of_queries(client, posts, page, django_assert_num_queries):
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        response = client.get(page_urls(posts)[page])
    assert response.status_code == 200


def test_a_later_list_page_uses_the_same_number_of_queries(client, post_factory, django_assert_num_queries):
    for number in range(25):
        post_factory(ago=timedelta(hours=number + 1))
    with django_assert_num_queries(EXPECTED_QUERIES["post_list"]):
        assert client.get(reverse("blog:post_list"), {"page": 3}).status_code == 200
