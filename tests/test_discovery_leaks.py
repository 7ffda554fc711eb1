"""Nothing unpublished leaks through any discovery surface; a scheduled post appears everywhere at its time."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from blog.models import Post, Topic
from pages.models import Page, Service
from tests.support import sitemap_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(name="Anxiety", slug="anxiety")


@pytest.fixture
def posts(post_factory, topic):
    """A public post, a draft and a post due in a minute — all on one topic, all mentioning 'harbour'."""
    due = timezone.now() + timedelta(minutes=1)
    made = {
        "public": post_factory(title="Public harbour", slug="public-harbour"),
        "draft": post_factory(title="Draft harbour", slug="draft-harbour", status=Post.Status.DRAFT),
        "scheduled": post_factory(title="Scheduled harbour", slug="scheduled-harbour", published_at=due),
    }
    for post in made.values():
        post.topics.add(topic)
    return made


def surfaces(client, posts):
    """The text of every discovery surface, as an anonymous visitor sees it."""
    return {
        "topic page": client.get(reverse("blog:topic_detail", args=["anxiety"])).content.decode(),
        "related posts": client.get(posts["public"].get_absolute_url())
        .content.decode()
        .split('id="related-posts"')[-1],
        "search": client.get(reverse("blog:search"), {"q": "harbour"}).content.decode(),
        "rss": client.get(reverse("blog:feed")).content.decode(),
        "atom": client.get(reverse("blog:feed_atom")).content.decode(),
        "sitemap": " ".join(sitemap_entries(client)),
    }


def test_drafts_and_scheduled_posts_appear_on_no_discovery_surface(client, posts):
    for name, text in surfaces(client, posts).items():
        assert "draft-harbour" not in text, name
        assert "scheduled-harbour" not in text, name
    assert "public-harbour" in surfaces(client, posts)["topic page"]


def test_a_scheduled_post_appears_on_every_surface_after_its_time(client, posts, post_factory, topic):
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        for name, text in surfaces(client, posts).items():
            if name == "related posts":
                assert "Scheduled harbour" in text, name
            else:
                assert "scheduled-harbour" in text, name
            assert "draft-harbour" not in text, name


def test_a_topic_whose_posts_are_all_unpublished_is_not_in_the_sitemap(client, post_factory):
    hidden = Topic.objects.create(name="Hidden topic", slug="hidden-topic")
    post_factory(status=Post.Status.DRAFT).topics.add(hidden)
    assert "hidden-topic" not in " ".join(sitemap_entries(client))


SECRETS = ["draft-harbour", "Draft harbour", "scheduled-harbour", "Scheduled harbour", "Unpublished excerpt"]


def reachable_routes(patterns=None, prefix=""):
    """Every route of the URL configuration a visitor can reach, as "blog/<slug:slug>/"-like strings.

    Walks the resolver, so a view added later is checked without editing this test.
    """
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if route.startswith((settings.ADMIN_URL, "ckeditor/")) or "(?P<path>" in route:
            continue  # staff only, the upload endpoint, or uploaded files
        if isinstance(pattern, URLResolver):
            yield from reachable_routes(pattern.url_patterns, route)
        else:
            yield route


def addresses(route, values):
    """The route filled with each of `values` in place of its arguments."""
    if "<" not in route:
        return [f"/{route}"]
    return [f"/{re.sub(r'<[^>]+>', value, route)}" for value in values]


def test_no_public_address_shows_a_draft_or_scheduled_post(client, posts, topic):
    """Every route, filled with the slugs of real things (the draft's and the scheduled post's too)."""
    for post in (posts["draft"], posts["scheduled"]):
        post.excerpt = "Unpublished excerpt."
        post.save()
    Service.objects.create(title="Couples", slug="couples", excerpt="For two.")
    Page.objects.create(title="About", slug="about")
    values = [
        *Post.objects.values_list("slug", flat=True),
        topic.slug,
        "couples",
        "about",
        "posts",
        "topics",
        "1",
    ]
    checked = set()
    for route in reachable_routes():
        for address in addresses(route, values):
            for query in ("", "?q=harbour", "?page=2", "?q=draft+scheduled+unpublished"):
                response = client.get(address + query)
                text = response.content.decode(errors="replace") + response.get("Location", "")
                text = text.replace(address, "")  # a page may name its own address (a 404's canonical link)
                for secret in SECRETS:
                    assert secret not in text, f"{address}{query} shows {secret!r}"
            checked.add(route)
    assert {"blog/<slug:slug>/", "blog/search/", "blog/feed/", "sitemap-<slug:section>.xml", ""} <= checked
