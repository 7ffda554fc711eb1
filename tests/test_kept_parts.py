"""Parts of pages rendered once per change (`{% kept %}`: the header, the footer, an article's card, the
home page, an article's page) follow the whole-page rule: a save shows at once, a publication or an end
shows to the exact second, a draft or a scheduled article never shows, and what differs between requests
(the menu's current item) is never mixed up. Page caching is off here: the parts are read without it."""

from datetime import timedelta

import pytest
import time_machine
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


HOME, BLOG = reverse("pages:home"), reverse("blog:post_list")
SEARCH = reverse("blog:search") + "?q=article"


@pytest.mark.parametrize("url", [HOME, BLOG, SEARCH])
def test_an_article_due_at_a_second_appears_on_the_home_page_and_the_blog_at_that_second(
    client, profile, post_factory, url
):
    post_factory(title="Already public article", ago=timedelta(days=2))
    due = timezone.now() + timedelta(seconds=30)
    post_factory(title="Due article", published_at=due)
    with time_machine.travel(due - timedelta(milliseconds=1), tick=False):
        assert "Already public article" in text_of(client, url)
        assert "Due article" not in text_of(client, url), "nor from what was kept"
    with time_machine.travel(due, tick=False):
        assert "Due article" in text_of(client, url)


@pytest.mark.parametrize("url", [HOME, BLOG, SEARCH])
def test_an_article_ending_at_a_second_leaves_the_home_page_and_the_blog_at_that_second(
    client, profile, post_factory, url
):
    end = timezone.now() + timedelta(seconds=30)
    post_factory(title="Ending article", ago=timedelta(days=1), unpublish_at=end)
    with time_machine.travel(end - timedelta(milliseconds=1), tick=False):
        assert "Ending article" in text_of(client, url)
        assert "Ending article" in text_of(client, url)
    with time_machine.travel(end, tick=False):
        assert "Ending article" not in text_of(client, url)


def test_drafts_and_scheduled_articles_never_reach_a_kept_card(client, profile, post_factory):
    post_factory(title="A public one")
    post_factory(title="A draft", status=Post.Status.DRAFT)
    post_factory(title="Tomorrow's", published_at=timezone.now() + timedelta(days=1))
    for url in (HOME, BLOG, HOME, BLOG):
        page = text_of(client, url)
        assert "A public one" in page
        assert "A draft" not in page and "Tomorrow&#x27;s" not in page


def test_an_edited_card_shows_its_edit_at_once_everywhere(client, profile, post_factory):
    post = post_factory(title="First title")
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    post.topics.add(topic)
    pages = [HOME, BLOG, topic.get_absolute_url(), reverse("blog:search") + "?q=first"]
    for url in pages:
        assert "First title" in text_of(client, url)
    post.title = "First title, edited"
    post.save()
    for url in pages:
        assert "First title, edited" in text_of(client, url)


def test_the_practices_name_changes_in_the_kept_header_and_footer_at_once(client, profile):
    assert text_of(client, BLOG).count("Quiet Room Therapy") >= 3  # title, header, footer
    profile.practice_name = "Still Water Therapy"
    profile.save()
    page = text_of(client, BLOG)
    assert "Quiet Room Therapy" not in page
    assert 'id="site-name" href="/">Still Water Therapy<' in page
    assert f"&copy; {timezone.localdate().year} Still Water Therapy" in page


def test_each_page_marks_its_own_menu_item_although_the_header_is_kept(client, profile, post_factory):
    post = post_factory()
    marks = {
        HOME: '<a href="/" aria-current="page">Home</a>',
        BLOG: '<a href="/blog/" aria-current="page">Blog</a>',
        post.get_absolute_url(): '<a href="/blog/" aria-current="true">Blog</a>',
        reverse("pages:service_list"): '<a href="/services/" aria-current="page">Services</a>',
        reverse("blog:search"): '<a href="/blog/search/" aria-current="page">Search</a>',
    }
    for _ in range(2):
        for url, mark in marks.items():
            page = text_of(client, url)
            assert mark in page, url
            others = [other for other in marks.values() if other != mark and 'aria-current="page"' in other]
            assert not any(other in page for other in others), url


def test_the_year_in_the_footer_follows_the_calendar(client, profile):
    with time_machine.travel("2031-12-31 23:59:59 -05:00", tick=False):
        assert "&copy; 2031 " in text_of(client, BLOG)
    with time_machine.travel("2032-01-01 00:00:01 -05:00", tick=False):
        assert "&copy; 2032 " in text_of(client, BLOG)


def test_a_preview_is_rendered_every_time(editor_client, draft):
    assert "A private draft" in text_of(editor_client, draft.get_absolute_url())
    Post.objects.filter(pk=draft.pk).update(title="Changed behind the cache's back")
    assert "Changed behind the cache" in text_of(editor_client, draft.get_absolute_url())


def test_with_debug_on_every_part_is_rendered_every_time(client, profile, post_factory, settings):
    settings.DEBUG = True
    post = post_factory(title="Before")
    assert "Before" in text_of(client, BLOG)
    Post.objects.filter(pk=post.pk).update(title="After an edit of the template")
    assert "After an edit of the template" in text_of(client, BLOG)


def test_a_part_is_keyed_by_plain_values_only(post_factory):
    post = post_factory()
    template = Template('{% load kept %}{% kept "card" post %}{{ post.title }}{% endkept %}')
    with pytest.raises(TypeError, match="plain values"):
        template.render(Context({"post": post}))


@pytest.mark.parametrize("tag", ['{% kept %}', '{% kept "x" if %}', '{% kept "x" if a b %}'])
def test_a_misspelt_kept_tag_is_an_error(tag):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load kept %}" + tag + "{% endkept %}")
