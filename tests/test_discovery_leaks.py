"""Nothing unpublished leaks through any discovery surface; a scheduled post appears everywhere at its time."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Topic
from tests.sitemaps import sitemap_entries

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
        "related posts": client.get(posts["public"].get_absolute_url()).content.decode().split(
            'id="related-posts"'
        )[-1],
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
