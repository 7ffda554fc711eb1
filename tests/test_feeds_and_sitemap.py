"""RSS, Atom, sitemap.xml and robots.txt: valid XML holding exactly the public content."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Topic
from blog.sitemaps import PostSitemap
from pages.models import Page, PracticeProfile, Service
from tests.support import SITEMAP, sitemap_entries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content(post_factory, author):
    PracticeProfile(practice_name="Quiet Room Therapy", tagline="Therapy in Portland.").save()
    author.first_name, author.last_name = "Sam", "Rivera"
    author.save()
    topic = Topic.objects.create(name="Anxiety", slug="anxiety")
    Topic.objects.create(name="Empty", slug="empty")
    posts = [post_factory(ago=timedelta(days=days), excerpt=f"Excerpt {days}.") for days in range(1, 26)]
    posts[0].topics.add(topic)
    post_factory(status=Post.Status.DRAFT, slug="a-draft")
    Service.objects.create(title="Couples", slug="couples", excerpt="For two.")
    Service.objects.create(title="Retired", slug="retired", excerpt="Old.", is_published=False)
    Page.objects.create(title="About", slug="about")
    Page.objects.create(title="Hidden", slug="hidden", is_published=False)
    return posts


def test_rss_holds_the_20_newest_public_posts_with_all_fields(client, content):
    response = client.get(reverse("blog:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Quiet Room Therapy — Blog"
    items = channel.findall("item")
    assert len(items) == 20
    newest = items[0]
    assert newest.findtext("title") == content[0].title
    assert newest.findtext("link") == f"http://testserver{content[0].get_absolute_url()}"
    assert newest.findtext("description") == "Excerpt 1."
    assert newest.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Sam Rivera"
    assert newest.findtext("pubDate")
    assert newest.findtext("guid") == f"urn:practice-site:post:{content[0].pk}"
    assert [category.text for category in newest.findall("category")] == ["Anxiety"]
    links = [item.findtext("link") for item in items]
    assert links == [f"http://testserver{post.get_absolute_url()}" for post in content[:20]]


def test_atom_holds_the_same_posts_with_updated_times(client, content):
    response = client.get(reverse("blog:feed_atom"))
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].findtext(f"{ATOM}title") == content[0].title
    assert entries[0].findtext(f"{ATOM}updated")
    assert entries[0].findtext(f"{ATOM}published")
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Sam Rivera"


def test_the_guid_is_stable_when_the_title_and_slug_change(client, content):
    post = content[0]
    post.title, post.slug = "Renamed", "renamed"
    post.save()
    first = ET.fromstring(client.get(reverse("blog:feed")).content).find("channel").find("item")
    assert first.findtext("guid") == f"urn:practice-site:post:{post.pk}"


def test_every_page_links_to_the_feeds_for_autodiscovery(client):
    page = client.get("/").content.decode()
    assert (
        f'type="application/rss+xml" title="Stillwater Counseling — Blog (RSS)" href="{reverse("blog:feed")}"' in page
    )
    assert f'href="{reverse("blog:feed_atom")}"' in page


def test_the_sitemap_lists_exactly_the_public_content(client, content):
    urls = sitemap_entries(client)
    expected = {
        "/",
        "/blog/",
        "/blog/topic/anxiety/",
        "/services/couples/",
        "/about/",
        *(post.get_absolute_url() for post in content),
    }
    assert set(urls) == {f"http://testserver{path}" for path in expected}
    newest = content[0]
    lastmod = urls[f"http://testserver{newest.get_absolute_url()}"]
    assert lastmod == timezone.localdate(newest.updated_at).isoformat()


def test_the_sitemap_index_lists_each_section_and_pages_the_posts(client, post_factory, monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [post_factory(ago=timedelta(days=days)) for days in (1, 2, 3)]
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    sitemaps = {node.findtext(f"{SITEMAP}loc"): node.findtext(f"{SITEMAP}lastmod") for node in index}
    base = "http://testserver/sitemap-"
    assert set(sitemaps) == {f"{base}{section}.xml" for section in ("site", "posts", "topics", "services", "pages")} | {
        f"{base}posts.xml?p=2"
    }
    assert datetime.fromisoformat(sitemaps[f"{base}posts.xml"]) == max(post.updated_at for post in posts)
    assert len(sitemap_entries(client)) == 2 + 3
    assert client.get("/sitemap-unknown.xml").status_code == 404


def test_robots_allows_the_site_names_the_sitemap_and_never_the_admin(client, settings):
    settings.ADMIN_URL = "practice-desk-7f3a/"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines == ["User-agent: *", "Allow: /", "Sitemap: http://testserver/sitemap.xml"]


def test_a_login_name_is_never_published_as_an_author(client, post_factory, django_user_model):
    login = django_user_model.objects.create_user(username="admin-login-7")
    post_factory(title="Written by an account without a name", author=login)
    for feed in (reverse("blog:feed"), reverse("blog:feed_atom")):
        assert "admin-login-7" not in client.get(feed).content.decode()
