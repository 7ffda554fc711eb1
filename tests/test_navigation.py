"""Previous/Next and Latest posts: never a missing, repeated or unpublished post."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from blog.views import LATEST_POSTS_COUNT
from tests.support import hrefs, link_with_rel, links

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(post_factory):
    """Seven public posts, two sharing a publish time, with a draft and a scheduled post among them.

    Returned oldest first, in the order Previous/Next must walk them.
    """
    now = timezone.now()
    tie = now - timedelta(days=4)
    public = [
        post_factory(title="First", published_at=now - timedelta(days=7)),
        post_factory(title="Second", published_at=now - timedelta(days=6)),
        post_factory(title="Tied A", published_at=tie),
        post_factory(title="Tied B", published_at=tie),
        post_factory(title="Fifth", published_at=now - timedelta(days=3)),
        post_factory(title="Sixth", published_at=now - timedelta(days=2)),
        post_factory(title="Newest", published_at=now - timedelta(hours=1)),
    ]
    post_factory(title="Hidden draft", status=Post.Status.DRAFT)
    post_factory(title="Hidden scheduled", published_at=now + timedelta(hours=1))
    post_factory(title="Hidden scheduled between", status=Post.Status.DRAFT, published_at=now - timedelta(days=5))
    return public


def walk(client, start, rel):
    visited = [start]
    response = client.get(start)
    while (link := link_with_rel(response, rel)) is not None:
        assert link["href"] not in visited, f"{link['href']} visited twice"
        visited.append(link["href"])
        response = client.get(link["href"])
        assert response.status_code == 200
    return visited


def test_walking_next_from_the_oldest_visits_every_public_post_once_in_order(client, chain):
    expected = [post.get_absolute_url() for post in chain]
    assert walk(client, expected[0], "next") == expected


def test_walking_previous_from_the_newest_visits_every_public_post_once_backwards(client, chain):
    expected = [post.get_absolute_url() for post in reversed(chain)]
    assert walk(client, expected[0], "prev") == expected


def test_previous_and_next_links_show_the_other_posts_title(client, chain):
    response = client.get(chain[1].get_absolute_url())
    assert link_with_rel(response, "prev")["text"] == "Previous post First"
    assert link_with_rel(response, "next")["text"] == "Next post Tied A"


def test_oldest_has_no_previous_and_newest_has_no_next(client, chain):
    assert link_with_rel(client.get(chain[0].get_absolute_url()), "prev") is None
    assert link_with_rel(client.get(chain[-1].get_absolute_url()), "next") is None


def test_latest_posts_are_the_newest_public_posts_except_the_current_one(client, chain):
    current = chain[-2]
    response = client.get(current.get_absolute_url())
    latest = hrefs(response, within_id="latest-posts")
    neighbours = {chain[-3], chain[-1]}  # Previous and Next, shown as such: never listed twice on a page
    expected = [post.get_absolute_url() for post in reversed(chain) if post not in {current, *neighbours}]
    assert latest == expected[:LATEST_POSTS_COUNT]


def test_latest_posts_never_show_the_current_post_drafts_or_scheduled_posts(client, chain):
    for post in chain:
        titles = [link["text"] for link in links(client.get(post.get_absolute_url()), within_id="latest-posts")]
        assert post.title not in titles
        assert not any(title.startswith("Hidden") for title in titles)


def test_a_draft_preview_has_no_neighbours(editor_client, chain):
    draft = Post.objects.get(title="Hidden draft")
    response = editor_client.get(draft.get_absolute_url())
    assert link_with_rel(response, "prev") is None
    assert link_with_rel(response, "next") is None
