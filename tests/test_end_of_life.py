"""An article's public life can end on time: scheduling in reverse, by the one publishing rule."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.support import hrefs, poll_until, sitemap_entries

pytestmark = pytest.mark.django_db


def public_surfaces(client, neighbour):
    """Every public list an article can be on, as the text an anonymous visitor gets."""
    return {
        "list": client.get(reverse("blog:post_list")).content.decode(),
        "home": client.get(reverse("pages:home")).content.decode(),
        "rss": client.get(reverse("blog:feed")).content.decode(),
        "atom": client.get(reverse("blog:feed_atom")).content.decode(),
        "sitemap": " ".join(sitemap_entries(client)),
        "search": client.get(reverse("blog:search"), {"q": "Announcement"}).content.decode(),
        "previous/next": " ".join(hrefs(client.get(neighbour.get_absolute_url()), within_id="main")),
    }


@pytest.fixture
def announcement(post_factory):
    older = post_factory(title="Older article", ago=timedelta(days=3))
    post = post_factory(title="Announcement of a group", slug="group-announcement", ago=timedelta(days=2))
    return post, older


def test_an_ended_article_is_on_no_public_surface_and_its_address_says_it_is_gone(client, announcement):
    post, older = announcement
    post.unpublish_at = timezone.now() - timedelta(minutes=1)
    post.save()
    for name, text in public_surfaces(client, older).items():
        assert "group-announcement" not in text, name
    gone = client.get(post.get_absolute_url())
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "This article is no longer available" in page
    assert older.get_absolute_url() in hrefs(gone, within_id="latest-posts")


@pytest.mark.slow
def test_it_ends_at_its_second_even_on_cached_pages(client, announcement):
    post, older = announcement
    end = timezone.now() + timedelta(seconds=2)
    post.unpublish_at = end
    post.save()
    for name, text in public_surfaces(client, older).items():
        assert "group-announcement" in text, name
    gone = poll_until(
        lambda: "group-announcement" not in client.get(reverse("blog:post_list")).content.decode(),
        end + timedelta(seconds=1),
        "the cached list kept the article past its end",
    )
    assert gone >= end
    for name, text in public_surfaces(client, older).items():
        assert "group-announcement" not in text, name


def test_the_admin_says_until_when_and_then_ended(post_factory):
    post = post_factory(unpublish_at=timezone.now() + timedelta(days=2))
    assert post.state_label.startswith("Published until ")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert post.state_label == "Ended"
        assert list(Post.objects.ended()) == [post]


def test_an_end_before_the_start_is_refused_with_the_writing_kept(admin_client, admin_user, post_form):
    start = timezone.now() + timedelta(days=2)
    data = post_form(
        **{
            "published_at_0": f"{timezone.localtime(start):%Y-%m-%d}",
            "published_at_1": "09:00:00",
            "unpublish_at_0": f"{timezone.localtime(start - timedelta(days=1)):%Y-%m-%d}",
            "unpublish_at_1": "09:00:00",
        }
    )
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert "The end time must come after the publish time." in response.content.decode()
    assert not Post.objects.exists()


def test_publishing_an_ended_article_now_brings_it_back(admin_client, announcement, client):
    post, _ = announcement
    post.unpublish_at = timezone.now() - timedelta(minutes=1)
    post.save()
    admin_client.post(reverse("admin:blog_post_changelist"), {"action": "publish_now", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.is_public and post.unpublish_at is None
    assert client.get(post.get_absolute_url()).status_code == 200
