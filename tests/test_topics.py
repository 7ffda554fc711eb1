"""Topics and related posts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from blog.models import Post, Topic
from tests.support import hrefs, links

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return {name: Topic.objects.create(name=name.title(), slug=name) for name in ["anxiety", "sleep", "grief"]}


def test_a_post_links_to_its_topics(client, post_factory, topics):
    post = post_factory()
    post.topics.add(topics["anxiety"], topics["sleep"])
    assert {"/blog/topic/anxiety/", "/blog/topic/sleep/"} <= set(hrefs(client.get(post.get_absolute_url())))


def test_a_topic_page_lists_its_public_posts_newest_first_and_paginates(client, post_factory, topics):
    posts = [post_factory(ago=timedelta(days=days)) for days in range(1, 13)]
    for post in posts:
        post.topics.add(topics["anxiety"])
    post_factory(title="Other topic").topics.add(topics["sleep"])
    first = client.get(reverse("blog:topic_detail", args=["anxiety"]))
    assert first.status_code == 200
    cards = [link["href"] for link in links(first) if link["href"].startswith("/blog/article-")]
    assert cards == [post.get_absolute_url() for post in posts[:10]]
    assert "Page 1 of 2" in first.content.decode()
    assert "Other topic" not in first.content.decode()
    second = client.get(reverse("blog:topic_detail", args=["anxiety"]), {"page": 2})
    assert "Page 2 of 2" in second.content.decode()


def test_a_topic_without_public_posts_answers_200_with_a_friendly_message(client, topics, post_factory):
    post_factory(status=Post.Status.DRAFT).topics.add(topics["grief"])
    response = client.get(reverse("blog:topic_detail", args=["grief"]))
    assert response.status_code == 200
    assert "There are no articles on this topic yet" in response.content.decode()


def test_an_unknown_topic_is_not_found(client):
    assert client.get(reverse("blog:topic_detail", args=["nothing-here"])).status_code == 404


def test_related_posts_share_the_most_topics_newest_first_on_ties(client, post_factory, topics):
    post = post_factory(title="Current")
    post.topics.add(topics["anxiety"], topics["sleep"])
    two_shared = post_factory(title="Two shared", ago=timedelta(days=9))
    two_shared.topics.add(topics["anxiety"], topics["sleep"])
    one_old = post_factory(title="One shared, older", ago=timedelta(days=5))
    one_old.topics.add(topics["anxiety"])
    one_new = post_factory(title="One shared, newer", ago=timedelta(days=2))
    one_new.topics.add(topics["sleep"])
    one_oldest = post_factory(title="One shared, oldest", ago=timedelta(days=20))
    one_oldest.topics.add(topics["sleep"])
    # The Previous post, shown as such: not listed again among the related ones.
    post_factory(title="Unrelated", ago=timedelta(days=1, hours=12)).topics.add(topics["grief"])
    response = client.get(post.get_absolute_url())
    related = [link["text"] for link in links(response, within_id="related-posts")]
    assert related == ["Two shared", "One shared, newer", "One shared, older"]


def test_related_posts_are_one_query(post_factory, topics, django_assert_num_queries):
    post = post_factory()
    post.topics.add(topics["anxiety"])
    post_factory().topics.add(topics["anxiety"])
    post = Post.objects.prefetch_related("topics").get(pk=post.pk)
    with django_assert_num_queries(1):
        assert len(post.related_public()) == 1


def test_a_post_without_topics_has_no_related_block(client, post_factory):
    assert 'id="related-posts"' not in client.get(post_factory().get_absolute_url()).content.decode()


def test_the_topic_admin_shows_a_post_count(admin_client, post_factory, topics):
    for _ in range(3):
        post_factory().topics.add(topics["anxiety"])
    page = admin_client.get(reverse("admin:blog_topic_changelist")).content.decode()
    assert '<td class="field-post_count">3</td>' in page


def test_each_page_of_a_topic_has_its_own_title_and_description(client, post_factory):
    topic = Topic.objects.create(name="Sleep", slug="sleep", description="On rest.")
    for number in range(12):
        post_factory(ago=timedelta(hours=number + 1)).topics.add(topic)
    first = client.get(topic.get_absolute_url()).content.decode()
    second = client.get(topic.get_absolute_url(), {"page": 2}).content.decode()
    title = re.compile(r"<title>(.*?)</title>")
    description = re.compile(r'<meta name="description" content="([^"]*)"')
    assert title.search(first)[1] != title.search(second)[1]
    assert "page 2" in title.search(second)[1]
    assert description.search(first)[1] != description.search(second)[1]


def test_the_blog_offers_the_twelve_most_used_topics_and_the_rest_one_tap_away(client, post_factory):
    """An imported blog may bring a hundred topics: they must not push the articles off a phone's screen."""
    names = [*(f"topic{n:02}" for n in range(20)), "WordPress", "aciform"]
    topics = [Topic.objects.create(name=name, slug=name.lower()) for name in names]
    for number, topic in enumerate(topics):
        for _ in range(2 if number < 12 else 1):
            post_factory().topics.add(topic)
    page = client.get(reverse("blog:post_list")).content.decode()
    row, more = page.split('<details class="more-topics"', 1)
    shown = re.findall(r'href="/blog/topic/([^/]+)/"', row)
    assert shown == [f"topic{n:02}" for n in range(12)]
    hidden = re.findall(r'href="/blog/topic/([^/]+)/"', more.split("</details>", 1)[0])
    assert hidden == ["aciform", *[f"topic{n:02}" for n in range(12, 20)], "wordpress"], "A to Z, whatever the case"
    assert "More topics (10)" in more


def test_a_topic_behind_more_topics_opens_the_list_on_its_own_page(client, post_factory):
    topics = [Topic.objects.create(name=f"Topic {n:02}", slug=f"topic-{n:02}") for n in range(13)]
    for number, topic in enumerate(topics):
        for _ in range(1 if number == 12 else 2):
            post_factory().topics.add(topic)
    page = client.get(reverse("blog:topic_detail", args=["topic-12"])).content.decode()
    assert '<details class="more-topics" open>' in page
    assert 'href="/blog/topic/topic-12/" aria-current="page"' in page
