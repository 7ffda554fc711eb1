"""The publishing rule: public iff published and due — on every surface, with no job running."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Visibility, visibility_rule
from tests.support import hrefs, link_with_rel

pytestmark = pytest.mark.django_db


def test_published_queryset_keeps_only_published_and_due_posts(post_factory, draft, scheduled):
    public = post_factory(title="Public")
    assert list(Post.objects.published()) == [public]


def test_one_post_and_the_query_give_the_same_answer_in_every_case(post_factory):
    """The publishing rule is written once as a query and once for a post in hand: they never disagree."""
    now = timezone.now()
    moments = [None, now - timedelta(days=1), now, now + timedelta(days=1)]
    posts = []
    for status in Post.Status.values:
        for starts in moments[1:] if status == Post.Status.PUBLISHED else moments:
            for ends in moments:
                posts.append(post_factory(status=status, published_at=starts, unpublish_at=ends))
    Post.objects.filter(status=Post.Status.DRAFT).update(published_at=None)  # as a draft is kept
    for post in Post.objects.all():
        matching = [v for v in Visibility if Post.objects.filter(visibility_rule(v, now), pk=post.pk).exists()]
        assert matching == [post.visibility_at(now)], (post.status, post.published_at, post.unpublish_at)
    assert len(posts) == 16 + 12


def test_publishing_without_a_time_means_now(post_factory):
    before = timezone.now()
    post = post_factory(published_at=None)
    assert before <= post.published_at <= timezone.now()
    assert post.is_public


def test_a_draft_keeps_no_publish_time(draft):
    assert draft.published_at is None
    assert not draft.is_public


def test_post_due_in_one_second_appears_everywhere_at_its_time(client, post_factory):
    older = post_factory(title="Older article", ago=timedelta(days=2))
    due = timezone.now() + timedelta(seconds=1)
    soon = post_factory(title="Due in a second", slug="due-soon", published_at=due)
    soon_url = soon.get_absolute_url()

    blog = client.get(reverse("blog:post_list"))
    home = client.get(reverse("pages:home"))
    neighbour = client.get(older.get_absolute_url())
    assert client.get(soon_url).status_code == 404
    assert soon_url not in hrefs(blog)
    assert soon_url not in hrefs(home)
    assert link_with_rel(neighbour, "next") is None
    assert soon_url not in hrefs(neighbour, within_id="latest-posts")

    with time_machine.travel(due + timedelta(milliseconds=1)):
        detail = client.get(soon_url)
        assert detail.status_code == 200
        assert "Due in a second" in detail.content.decode()
        assert soon_url in hrefs(client.get(reverse("blog:post_list")))
        assert soon_url in hrefs(client.get(reverse("pages:home")), within_id="latest-posts")
        neighbour = client.get(older.get_absolute_url())
        assert link_with_rel(neighbour, "next")["href"] == soon_url  # and, as the Next post, not listed again
        assert soon_url not in hrefs(neighbour, within_id="latest-posts")
        assert link_with_rel(detail, "prev")["href"] == older.get_absolute_url()


def test_anonymous_visitor_gets_404_for_draft_and_scheduled_posts(client, draft, scheduled):
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_drafts_and_scheduled_posts_never_appear_in_lists(client, post_factory, draft, scheduled):
    post_factory(title="Visible article")
    for url in (reverse("blog:post_list"), reverse("pages:home")):
        page = client.get(url).content.decode()
        assert "Visible article" in page
        assert draft.title not in page
        assert scheduled.title not in page
