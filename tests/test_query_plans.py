"""PostgreSQL answers the public pages' post queries from an index, never by reading every post.

With sequential scans discouraged, a query that still reads the whole posts
table has no index to use; one that still sorts has none matching its order.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post, Topic
from blog.views import POSTS_PER_PAGE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"),
]


@pytest.fixture
def many_posts(author):
    now = timezone.now()
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    posts = Post.objects.bulk_create(
        Post(
            title=f"Article {number}",
            slug=f"article-{number}",
            body="<p>Body.</p>",
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(hours=number),
            author=author,
        )
        for number in range(500)
    )
    Post.topics.through.objects.bulk_create(Post.topics.through(post=post, topic=topic) for post in posts[::5])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return posts


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_the_post_list_reads_one_page_from_the_index_in_order(many_posts):
    chosen = plan(Post.objects.cards()[:POSTS_PER_PAGE])
    assert "post_public_order" in chosen
    assert "Seq Scan on blog_post" not in chosen
    assert "Sort" not in chosen


def test_previous_next_and_latest_come_from_the_index_in_one_query(many_posts):
    post = many_posts[250]
    with CaptureQueriesContext(connection) as queries:
        surroundings = post.public_surroundings()
    assert len(queries) == 1
    assert (surroundings.previous, surroundings.next) == (many_posts[251], many_posts[249])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        chosen = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on blog_post" not in chosen
    assert "post_public_order" in chosen


def test_the_next_scheduled_publication_comes_from_the_index(many_posts):
    chosen = plan(
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now()).order_by("published_at")[:1]
    )
    assert "post_public_order" in chosen
    assert "Seq Scan on blog_post" not in chosen


def test_a_topic_page_finds_its_posts_through_indexes(many_posts):
    chosen = plan(Post.objects.cards().filter(topics__slug="sleep")[:POSTS_PER_PAGE])
    assert "Seq Scan" not in chosen
