"""What pages keep under the content version (an article's Previous/Next, Latest and related lists, a
list's count) follows the whole-page rule: a save moves it on, and nothing kept outlives the next
scheduled publication or end — to the exact second. Page caching is off here: what is kept is read
without it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def reading(post_factory):
    """An article with an older neighbour, all sharing a topic (so each is related to the others)."""
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    older = post_factory(title="Older article", ago=timedelta(days=3))
    article = post_factory(title="The article", ago=timedelta(days=2))
    for post in (older, article):
        post.topics.add(topic)
    return article, topic


def page_of(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def test_a_post_due_at_a_second_joins_every_kept_list_at_that_second(client, reading, post_factory):
    article, topic = reading
    due = timezone.now() + timedelta(seconds=30)
    newer = post_factory(title="Scheduled article", published_at=due)
    newer.topics.add(topic)
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        assert "Scheduled article" not in page_of(client, article)
        assert "Scheduled article" not in page_of(client, article), "nor from what was kept"
    with time_machine.travel(due, tick=False):
        assert "Scheduled article" in page_of(client, article)


def test_a_post_ending_at_a_second_leaves_every_kept_list_at_that_second(client, reading, post_factory):
    article, topic = reading
    end = timezone.now() + timedelta(seconds=30)
    ending = post_factory(title="Ending article", ago=timedelta(days=1), unpublish_at=end)
    ending.topics.add(topic)
    with time_machine.travel(end - timedelta(milliseconds=1), tick=False):
        assert "Ending article" in page_of(client, article)
        assert "Ending article" in page_of(client, article)
    with time_machine.travel(end, tick=False):
        assert "Ending article" not in page_of(client, article)


def test_drafts_and_scheduled_posts_are_never_in_what_is_kept(client, reading, post_factory):
    article, topic = reading
    for title, fields in [("A draft", {"status": Post.Status.DRAFT}),
                          ("Later", {"published_at": timezone.now() + timedelta(days=1)})]:
        post_factory(title=title, **fields).topics.add(topic)
    for _ in range(2):
        page = page_of(client, article)
        assert "A draft" not in page and "Later" not in page


def test_a_save_moves_what_is_kept_on_at_once(client, reading):
    article, _ = reading
    assert "Older article" in page_of(client, article)
    older = Post.objects.get(title="Older article")
    older.title = "Renamed older article"
    older.save()
    assert "Renamed older article" in page_of(client, article)


def test_the_lists_count_follows_a_publication_to_the_second(client, post_factory):
    for number in range(10):
        post_factory(ago=timedelta(days=number + 1))
    due = timezone.now() + timedelta(seconds=30)
    post_factory(title="Eleventh", published_at=due)
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        for _ in range(2):  # counted, then kept: ten articles fit one page, which says no page number
            assert "Page 1 of" not in client.get(reverse("blog:post_list")).content.decode()
    with time_machine.travel(due, tick=False):
        assert "Page 1 of 2" in client.get(reverse("blog:post_list")).content.decode()


def test_the_article_itself_appears_and_ends_at_its_seconds(client, post_factory):
    due = timezone.now() + timedelta(seconds=30)
    end = due + timedelta(seconds=30)
    article = post_factory(title="Short-lived", published_at=due, unpublish_at=end)
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(due, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(article.get_absolute_url()).status_code == 200, "now kept"
    with time_machine.travel(end - timedelta(milliseconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(end, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 410


def test_an_edited_article_shows_its_edit_at_once(client, reading):
    article, _ = reading
    assert "The article" in page_of(client, article)
    article.title = "The article, revised"
    article.save()
    assert "The article, revised" in page_of(client, article)


def test_a_topic_joins_the_topic_filter_when_its_first_article_is_published(client, post_factory):
    post_factory(title="Any article")
    due = timezone.now() + timedelta(seconds=30)
    post_factory(title="First on grief", published_at=due).topics.add(Topic.objects.create(name="Grief", slug="grief"))
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        for _ in range(2):
            assert "/blog/topic/grief/" not in client.get(reverse("blog:post_list")).content.decode()
    with time_machine.travel(due, tick=False):
        assert "/blog/topic/grief/" in client.get(reverse("blog:post_list")).content.decode()


def test_the_sitemap_follows_a_publication_to_the_second(client, post_factory, monkeypatch):
    """The index's page count, latest change and topics are kept; the posts' own sitemap too."""
    monkeypatch.setattr("blog.sitemaps.PostSitemap.limit", 2)
    post_factory(title="One", ago=timedelta(days=2))
    post_factory(title="Two", ago=timedelta(days=1))
    due = timezone.now() + timedelta(seconds=30)
    third = post_factory(title="Three", published_at=due)
    third.topics.add(Topic.objects.create(name="Grief", slug="grief"))
    index, topics = reverse("sitemap"), reverse("sitemap_section", args=["topics"])
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        for _ in range(2):
            assert "sitemap-posts.xml?p=2" not in client.get(index).content.decode()
            assert "/blog/topic/grief/" not in client.get(topics).content.decode()
    with time_machine.travel(due, tick=False):
        assert "sitemap-posts.xml?p=2" in client.get(index).content.decode()
        assert "/blog/topic/grief/" in client.get(topics).content.decode()
        assert third.get_absolute_url() in client.get(reverse("sitemap_section", args=["posts"])).content.decode()
