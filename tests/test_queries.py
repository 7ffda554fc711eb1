"""Public pages run a fixed number of SQL queries, however many posts there are.

Counted three ways: with page caching off (every request renders), with a
cold cache (page caching on: one more query, for the next scheduled
publication time), and from a warm cache (no query at all).
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from blog.models import Post, Topic

pytestmark = pytest.mark.django_db

# Each page rendered with a cold cache: the practice's facts (the profile, its current licenses, its
# specialties with their topics, the navigation pages), on HTML pages also the subscribe form's wording,
# then the page's own queries. The site-wide part is read once per content version, not once per page.
SITE_FACTS = 4
SITE_WIDE = SITE_FACTS + 1
EXPECTED_QUERIES = {
    "home": SITE_WIDE + 2,  # latest posts, active services
    "post_list": SITE_WIDE + 3,  # count for the paginator, one page of posts, the topics to filter by
    "post_detail": SITE_WIDE + 4,  # the post with its author, its topics, previous/next/latest together, related
    "topic_detail": SITE_WIDE + 4,  # the topic, count for the paginator, one page of posts, the topics
    "search": SITE_WIDE + 2,  # count, one page of results
    "feed": SITE_FACTS + 2,  # the posts with their authors, their topics
    "feed_atom": SITE_FACTS + 2,
    "sitemap": SITE_WIDE + 5,  # the index: a count for each section with a query, and the posts' latest change
    "sitemap_posts": SITE_WIDE + 2,  # a count, one page of posts
}


NEXT_PUBLICATION_QUERY = 1
# What pages keep under the content version (core.page_cache.kept_until_change and the `{% kept %}` parts:
# header, footer, cards, the home page and an article's page), with page caching on or off: read once per
# change, then no query — and the first reading asks when the next change is. Every HTML page keeps its
# header and footer; the feeds keep nothing.
KEPT = {
    "home": 2,  # latest posts, active services (the page below the header is one kept part)
    "post_list": 3,  # the count for the paginator, the topics to filter by, the page's articles
    "post_detail": 4,  # the post with its author, its topics, previous/next/latest together, related
    "topic_detail": 3,
    "search": 1,  # the page of results (the count, up to 100, is read each time)
    "sitemap": 3,  # the posts' count and latest change, the topics with public posts
    "sitemap_posts": 1,  # the posts' count
}


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(params=[5, 200], ids=lambda count: f"{count}-posts")
def posts(request, post_factory, profile):
    topics = [Topic.objects.create(name=f"Topic {number}", slug=f"topic-{number}") for number in range(3)]
    posts = [post_factory(ago=timedelta(hours=number + 1)) for number in range(request.param)]
    Post.topics.through.objects.bulk_create(
        Post.topics.through(post=post, topic=topics[number % 3]) for number, post in enumerate(posts)
    )
    return posts


def page_urls(posts):
    middle = posts[len(posts) // 2]
    return {
        "home": reverse("pages:home"),
        "post_list": reverse("blog:post_list"),
        "post_detail": middle.get_absolute_url(),
        "topic_detail": reverse("blog:topic_detail", args=["topic-1"]),
        "search": reverse("blog:search") + "?q=Article",
        "feed": reverse("blog:feed"),
        "feed_atom": reverse("blog:feed_atom"),
        "sitemap": reverse("sitemap"),
        "sitemap_posts": reverse("sitemap_section", args=["posts"]),
    }


@pytest.mark.parametrize("page", EXPECTED_QUERIES)
def test_public_pages_use_a_fixed_number_of_queries_with_page_caching_off(
    client, posts, page, page_cache_off, django_assert_num_queries
):
    with django_assert_num_queries(EXPECTED_QUERIES[page] + (NEXT_PUBLICATION_QUERY if page in KEPT else 0)):
        response = client.get(page_urls(posts)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", [page for page, kept in KEPT.items() if kept])
def test_what_a_page_keeps_is_read_once_per_change_even_with_page_caching_off(
    client, posts, page, page_cache_off, django_assert_num_queries
):
    url = page_urls(posts)[page]
    first = client.get(url)
    with django_assert_num_queries(EXPECTED_QUERIES[page] - SITE_WIDE - KEPT[page]):  # the site-wide part is kept too
        second = client.get(url)
    assert first.content == second.content


@pytest.mark.parametrize("page", EXPECTED_QUERIES)
def test_a_cold_page_cache_costs_one_query_more_and_a_warm_one_none(client, posts, page, django_assert_num_queries):
    url = page_urls(posts)[page]
    with django_assert_num_queries(EXPECTED_QUERIES[page] + NEXT_PUBLICATION_QUERY):
        first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


def test_a_later_list_page_uses_the_same_number_of_queries(
    client, post_factory, profile, page_cache_off, django_assert_num_queries
):
    for number in range(25):
        post_factory(ago=timedelta(hours=number + 1))
    with django_assert_num_queries(EXPECTED_QUERIES["post_list"] + NEXT_PUBLICATION_QUERY):
        assert client.get(reverse("blog:post_list"), {"page": 3}).status_code == 200


PRACTICE_PAGE_QUERIES = {
    "home": SITE_WIDE + 2,  # latest posts, active services
    "service_list": SITE_WIDE + 1,  # active services
    "service_detail": SITE_WIDE + 1,  # the service
    "about": SITE_WIDE + 1,  # the page
    "contact": SITE_WIDE,  # the form needs nothing more
}


@pytest.fixture(params=[2, 20], ids=lambda count: f"{count}-services")
def practice_pages(request, post_factory, profile):
    from pages.models import Page, Service

    Page.objects.create(title="About", slug="about", show_in_navigation=True)
    for _ in range(3):
        post_factory()
    services = [
        Service.objects.create(title=f"Service {number}", slug=f"service-{number}", excerpt="Help.", order=number)
        for number in range(request.param)
    ]
    return {
        "home": reverse("pages:home"),
        "service_list": reverse("pages:service_list"),
        "service_detail": services[-1].get_absolute_url(),
        "about": "/about/",
        "contact": reverse("contact:form"),
    }


@pytest.mark.parametrize("page", PRACTICE_PAGE_QUERIES)
def test_practice_pages_use_a_fixed_number_of_queries(
    client, practice_pages, page, page_cache_off, django_assert_num_queries
):
    with django_assert_num_queries(PRACTICE_PAGE_QUERIES[page] + NEXT_PUBLICATION_QUERY):  # kept header, footer
        response = client.get(practice_pages[page])
    assert response.status_code == 200


def test_the_site_wide_context_costs_no_query_once_cached(
    client, post_factory, profile, page_cache_off, django_assert_num_queries
):
    post = post_factory()
    post.topics.add(Topic.objects.create(name="Anxiety", slug="anxiety"))
    client.get(reverse("blog:post_list"))
    with django_assert_num_queries(EXPECTED_QUERIES["post_detail"] - SITE_WIDE):
        client.get(post.get_absolute_url())
