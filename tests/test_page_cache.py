"""Anonymous visitors get cached pages that are never stale, never early and never personal."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import PostQuerySet, Topic
from core.models import MovedPath
from deploy.local_services import REDIS_PORT, listening
from pages.models import Page, PracticeProfile, Service
from practice_site.settings import cache_from_url
from tests.support import hrefs, link_with_rel, poll_until, require

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    reverse("pages:home"),
    reverse("blog:post_list"),
    reverse("blog:feed"),
    reverse("blog:feed_atom"),
    reverse("sitemap"),
    reverse("pages:service_list"),
    "/robots.txt",
]


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])


def rendered_anew(response):
    """The view rendered its templates: the answer was not read from the page cache. (What parts of it
    keep until the next change, `{% kept %}`, may still be read: an `.update()` behind the cache's back
    does not show, as no save moved the content version.)"""
    return bool(response.templates)


def served_from_cache(client, url, django_assert_num_queries):
    """Fetch `url` twice; the second answer must come from the cache, without a query."""
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert not rendered_anew(response)
    return response


@pytest.fixture
def article(post_factory):
    return post_factory(title="Sleeping better", ago=timedelta(days=2))


def test_a_newly_published_post_shows_on_the_cached_list_at_once(
    client, article, post_factory, django_assert_num_queries
):
    served_from_cache(client, reverse("blog:post_list"), django_assert_num_queries)
    fresh = post_factory(title="Fresh article", ago=timedelta(seconds=1))
    assert fresh.get_absolute_url() in hrefs(client.get(reverse("blog:post_list")))


def test_publishing_a_draft_from_the_admin_updates_every_cached_page(admin_client, client, article, draft):
    for url in (reverse("blog:post_list"), reverse("pages:home"), reverse("blog:feed"), article.get_absolute_url()):
        client.get(url)
    admin_client.post(reverse("admin:blog_post_changelist"), {"action": "publish_now", "_selected_action": [draft.pk]})
    draft_url = draft.get_absolute_url()
    assert draft_url in hrefs(client.get(reverse("blog:post_list")))
    assert draft_url in hrefs(client.get(reverse("pages:home")), within_id="latest-posts")
    assert draft_url in client.get(reverse("blog:feed")).content.decode()
    assert link_with_rel(client.get(article.get_absolute_url()), "next")["href"] == draft_url


def test_editing_a_title_updates_the_cached_post_and_its_neighbours(client, post_factory):
    older = post_factory(title="Older", ago=timedelta(days=3))
    middle = post_factory(title="Middle", ago=timedelta(days=2))
    newer = post_factory(title="Newer", ago=timedelta(days=1))
    for post in (older, middle, newer):
        client.get(post.get_absolute_url())

    middle.title = "A clearer title"
    middle.save()

    assert "A clearer title" in client.get(middle.get_absolute_url()).content.decode()
    assert link_with_rel(client.get(older.get_absolute_url()), "next")["text"].endswith("A clearer title")
    assert link_with_rel(client.get(newer.get_absolute_url()), "prev")["text"].endswith("A clearer title")


def rename_practice(article):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"practice_name": "Renamed Practice"})


def add_page(article):
    Page.objects.create(title="Renamed Practice fees", slug="fees", show_in_navigation=True)


def add_service(article):
    Service.objects.create(title="Renamed Practice groups", slug="groups", excerpt="Groups.")


def add_topic(article):
    article.topics.add(Topic.objects.create(name="Renamed Practice", slug="renamed"))


@pytest.mark.parametrize(
    ("where", "change"),
    [("home", rename_practice), ("home", add_page), ("home", add_service), ("article", add_topic)],
    ids=["profile", "page", "service", "topic"],
)
def test_saving_practice_content_updates_cached_pages(client, article, where, change, django_assert_num_queries):
    url = reverse("pages:home") if where == "home" else article.get_absolute_url()
    cached = served_from_cache(client, url, django_assert_num_queries)
    assert "Renamed Practice" not in cached.content.decode()
    change(article)
    assert "Renamed Practice" in client.get(url).content.decode()


def test_deleting_a_post_removes_it_from_the_cached_list(client, article, post_factory):
    other = post_factory(title="Soon deleted", ago=timedelta(hours=1))
    assert other.get_absolute_url() in hrefs(client.get(reverse("blog:post_list")))
    other.delete()
    assert other.get_absolute_url() not in hrefs(client.get(reverse("blog:post_list")))


def test_a_post_due_in_two_seconds_appears_on_cached_pages_at_its_time(client, article, post_factory):
    due = timezone.now() + timedelta(seconds=2)
    soon = post_factory(title="Due soon", slug="due-soon", published_at=due)
    watched = {
        "list": reverse("blog:post_list"),
        "home": reverse("pages:home"),
        "feed": reverse("blog:feed"),
        "sitemap": reverse("sitemap_section", args=["posts"]),
        "neighbour": article.get_absolute_url(),
    }
    before = {name: client.get(url) for name, url in watched.items()}
    assert all(soon.get_absolute_url() not in response.content.decode() for response in before.values())
    assert all(max_age(response) <= 2 for response in before.values())

    with time_machine.travel(due + timedelta(milliseconds=1), tick=False):
        after = {name: client.get(url).content.decode() for name, url in watched.items()}
    assert [name for name, content in after.items() if soon.get_absolute_url() not in content] == []


def test_a_slow_schedule_lookup_does_not_stretch_a_cached_page_past_publication(
    client, article, post_factory, monkeypatch
):
    """The lookup of the next publication takes time; the page must still expire at the publication itself."""
    due = timezone.now() + timedelta(seconds=2)
    soon = post_factory(title="Due soon", slug="due-soon", published_at=due)
    with time_machine.travel(due - timedelta(seconds=1), tick=False) as clock:
        lookup = PostQuerySet.next_change_time

        def slow_lookup(queryset):
            clock.shift(timedelta(milliseconds=50))
            return lookup(queryset)

        monkeypatch.setattr(PostQuerySet, "next_change_time", slow_lookup)
        assert soon.get_absolute_url() not in hrefs(client.get(reverse("blog:post_list")))
        clock.move_to(due + timedelta(milliseconds=1))
        assert soon.get_absolute_url() in hrefs(client.get(reverse("blog:post_list")))


@pytest.mark.slow
def test_a_post_due_in_two_seconds_appears_on_the_cached_list_in_real_time(client, article, post_factory):
    due = timezone.now() + timedelta(seconds=2)
    soon = post_factory(title="Due soon", slug="due-soon", published_at=due)
    shown = poll_until(
        lambda: soon.get_absolute_url() in hrefs(client.get(reverse("blog:post_list"))),
        due + timedelta(seconds=1),
        "the post did not appear within a second of its time",
    )
    assert shown >= due
    assert soon.get_absolute_url() in hrefs(client.get(reverse("pages:home")), within_id="latest-posts")


def test_no_max_age_reaches_past_the_next_scheduled_post(client, article, post_factory, settings):
    post_factory(title="Later today", published_at=timezone.now() + timedelta(seconds=30))
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response["Cache-Control"].startswith("public"), url
        assert 0 < max_age(response) <= 30, url
    with time_machine.travel(timezone.now() + timedelta(seconds=20), tick=False):
        assert max_age(client.get(reverse("blog:post_list"))) <= 10


def test_public_pages_say_how_long_they_may_be_cached(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 60
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=1"
    assert response["X-Accel-Expires"] == "1", "nginx keeps it one second"
    assert "Cookie" in response["Vary"]
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.parametrize(("until_publication", "proxy_seconds"), [(1.9, 0), (2.5, 1), (30, 1)])
def test_a_proxy_is_told_a_second_less_than_is_left_before_a_publication(
    client, article, post_factory, until_publication, proxy_seconds
):
    """nginx counts whole seconds and keeps a page until the end of the second it expires in."""
    due = timezone.now() + timedelta(seconds=until_publication)
    post_factory(title="Scheduled", slug="scheduled", published_at=due)
    with time_machine.travel(due - timedelta(seconds=until_publication), tick=False):
        response = client.get(reverse("blog:post_list"))
    assert max_age(response) == int(until_publication)
    assert f"s-maxage={proxy_seconds}" in response["Cache-Control"]
    assert response["X-Accel-Expires"] == str(proxy_seconds)


def test_a_conditional_request_with_the_etag_answers_304(client, article):
    url = article.get_absolute_url()
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304


def test_a_changed_page_no_longer_matches_its_old_etag(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    article.title = "Rewritten"
    article.save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_staff_preview_is_never_cached_nor_served_to_visitors(editor_client, draft, scheduled):
    for post in (draft, scheduled):
        preview = editor_client.get(post.get_absolute_url())
        assert preview.status_code == 200
        assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
        assert Client().get(post.get_absolute_url()).status_code == 404


def test_signed_in_staff_bypass_the_cache_and_their_pages_stay_private(
    editor_client, article, post_factory, django_assert_num_queries
):
    visitor = Client()
    served_from_cache(visitor, reverse("blog:post_list"), django_assert_num_queries)
    response = editor_client.get(reverse("blog:post_list"))
    assert response["Cache-Control"] == "private, no-cache"
    assert rendered_anew(editor_client.get(reverse("blog:post_list")))


def test_the_contact_form_is_never_cached_or_shared_between_visitors(client):
    first, second = Client(), Client()
    first_page = first.get(reverse("contact:form"))
    second_page = second.get(reverse("contact:form"))
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first_page.content)[1] != token.search(second_page.content)[1]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    for page in (first_page, second_page):
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_posts_and_missing_pages_are_not_cached(client, article, django_assert_max_num_queries):
    response = client.post(reverse("blog:post_list"))
    assert response.status_code == 405
    assert "public" not in response.get("Cache-Control", "")
    missing = client.get("/blog/not-written-yet/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")


def test_a_response_that_sets_a_cookie_is_not_stored(client, article, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.test_page_cache.SetsACookie"]
    url = reverse("blog:post_list")
    client.get(url)
    assert rendered_anew(client.get(url))


class SetsACookie:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.set_cookie("greeting", "hello")
        return response


def test_page_caching_can_be_turned_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("blog:post_list")
    assert max_age(client.get(url)) == 0
    assert rendered_anew(client.get(url))


@pytest.fixture
def shared_redis_cache(settings):
    """The page cache in a real Redis (database 15), as several servers would share it."""
    require(listening(REDIS_PORT), f"needs Redis on 127.0.0.1:{REDIS_PORT}")
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{REDIS_PORT}/15")}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_pages_are_cached_in_redis_and_invalidated_there(
    shared_redis_cache, client, article, post_factory, django_assert_num_queries
):
    cached = served_from_cache(client, reverse("blog:post_list"), django_assert_num_queries)
    assert article.get_absolute_url() in hrefs(cached)
    fresh = post_factory(title="Fresh article", ago=timedelta(seconds=1))
    assert fresh.get_absolute_url() in hrefs(client.get(reverse("blog:post_list")))


@pytest.mark.parametrize("noise", ["x=1", "utm_source=newsletter&utm_medium=email", "fbclid=abc", "x=1&y=2"])
def test_an_unknown_query_parameter_is_served_the_cached_page_without_a_render(
    client, article, noise, django_assert_num_queries
):
    for url in (reverse("pages:home"), reverse("blog:post_list"), article.get_absolute_url()):
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(f"{url}?{noise}").status_code == 200, url


@pytest.mark.parametrize("url", ["/", "/about/", "/blog/on-rest/"])
def test_a_page_number_on_a_page_that_does_not_paginate_never_reaches_its_canonical_address(
    client, post_factory, page_factory, url
):
    """Cached once for every query string, such a page must not say `?page=7` to the visitors after."""
    post_factory(title="On rest", slug="on-rest")
    page_factory("About", slug="about")
    client.get(f"{url}?page=7")
    page = client.get(url).content.decode()
    assert 'rel="canonical" href="http://testserver' + url + '"' in page
    assert "page=7" not in page


def test_the_parameters_a_page_reads_still_make_pages_of_their_own(client, post_factory):
    for number in range(12):
        post_factory(title=f"Article {number}", ago=timedelta(days=number + 1))
    first, second = client.get(reverse("blog:post_list")), client.get(reverse("blog:post_list"), {"page": 2})
    assert second.content != first.content
    assert client.get(reverse("blog:post_list"), {"page": 2, "utm_source": "x"}).content == second.content
    found = client.get(reverse("blog:search"), {"q": "Article 3"}).content
    assert found != client.get(reverse("blog:search"), {"q": "Article 4"}).content


def test_an_old_numbered_address_still_redirects_after_the_home_page_is_cached(client, article):
    MovedPath.objects.create(old_path="/?p=12", new_path=article.get_absolute_url(), target=article)
    client.get(reverse("pages:home"))
    response = client.get("/?p=12&utm_source=old-link")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_an_address_is_resolved_once_per_process_not_on_every_cached_hit(client, article, monkeypatch):
    from core import page_cache

    page_cache._public_view_at.cache_clear()
    resolved = []
    real_resolve = page_cache.resolve
    monkeypatch.setattr(page_cache, "resolve", lambda path: resolved.append(path) or real_resolve(path))
    for _ in range(3):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert resolved == [article.get_absolute_url()]
