"""Titles, descriptions, canonical URLs, Open Graph and JSON-LD on every public page type."""

import json
import re
from datetime import datetime
from html import unescape

import pytest

from blog.models import Topic
from pages.models import Page, PracticeProfile, Service

pytestmark = pytest.mark.django_db


def meta(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    return unescape(match.group(1)) if match else None


def canonical(page):
    match = re.search(r'<link rel="canonical" href="([^"]*)"', page)
    return unescape(match.group(1)) if match else None


def title(page):
    return unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip())


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def site(post_factory):
    PracticeProfile(
        practice_name="Quiet Room", tagline="Calm therapy.", phone="555-0100", areas_served="Portland"
    ).save()
    topic = Topic.objects.create(name="Anxiety", slug="anxiety", description="Articles about anxiety.")
    post = post_factory(title="On worry", slug="on-worry", excerpt="Worry, explained.")
    post.topics.add(topic)
    for _ in range(11):
        post_factory()
    Service.objects.create(title="Couples", slug="couples", excerpt="For two.", meta_description="Couples therapy.")
    Page.objects.create(title="About", slug="about", body="<p>I am a therapist in Portland.</p>")
    return post


PAGES = {
    "/": ("Quiet Room", "Calm therapy."),
    "/blog/": ("Blog — Quiet Room", None),
    "/blog/?page=2": ("Blog — page 2 — Quiet Room", None),
    "/blog/on-worry/": ("On worry — Quiet Room", "Worry, explained."),
    "/blog/topic/anxiety/": ("Anxiety — Quiet Room", "Articles about anxiety."),
    "/blog/search/?q=worry": ("Search — Quiet Room", None),
    "/services/": ("Services — Quiet Room", None),
    "/services/couples/": ("Couples — Quiet Room", "Couples therapy."),
    "/about/": ("About — Quiet Room", "I am a therapist in Portland."),
    "/contact/": ("Request a consultation — Quiet Room", None),
}


@pytest.mark.parametrize("url", PAGES)
def test_every_public_page_type_has_a_title_description_and_canonical(client, site, url):
    page = client.get(url).content.decode()
    expected_title, expected_description = PAGES[url]
    assert title(page) == expected_title
    assert meta(page, "name", "description")
    if expected_description:
        assert meta(page, "name", "description") == expected_description
    assert canonical(page).startswith("http://testserver/")
    assert meta(page, "property", "og:title")
    assert meta(page, "property", "og:url") == canonical(page)
    assert meta(page, "property", "og:site_name") == "Quiet Room"
    assert meta(page, "name", "twitter:card")


def test_titles_are_unique_across_page_types(client, site):
    titles = [title(client.get(url).content.decode()) for url in PAGES]
    assert len(set(titles)) == len(titles)


def test_canonical_keeps_only_the_page_number(client, site):
    assert canonical(client.get("/blog/?page=2&utm_source=x").content.decode()) == "http://testserver/blog/?page=2"
    assert canonical(client.get("/blog/?page=1").content.decode()) == "http://testserver/blog/"
    assert canonical(client.get("/blog/on-worry/?ref=abc").content.decode()) == "http://testserver/blog/on-worry/"
    assert canonical(client.get("/blog/?page=%C2%B9").content.decode()) == "http://testserver/blog/"


@pytest.mark.parametrize("path", ["/%2Fother.example/", "/%2F%5B/"])  # the client reads a leading "//" as a host
def test_a_path_that_looks_like_another_host_stays_on_this_one(client, site, path):
    response = client.get(path)
    assert response.status_code == 404
    assert canonical(response.content.decode()).startswith("http://testserver//")


def test_a_post_is_an_article_with_its_dates(client, site):
    page = client.get(site.get_absolute_url()).content.decode()
    assert meta(page, "property", "og:type") == "article"
    published = site.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(meta(page, "property", "article:published_time")) == published
    assert datetime.fromisoformat(meta(page, "property", "article:modified_time")) == published, "no review date"
    [data] = json_ld(page)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "On worry"
    assert data["mainEntityOfPage"]["@id"] == "http://testserver/blog/on-worry/"
    assert data["publisher"]["name"] == "Quiet Room"
    assert data["author"]["name"]
    assert datetime.fromisoformat(data["datePublished"]) == published
    assert datetime.fromisoformat(data["dateModified"]) == published


def test_a_meta_description_overrides_the_excerpt(client, site):
    site.meta_description = "A short guide to worry."
    site.save()
    assert (
        meta(client.get(site.get_absolute_url()).content.decode(), "name", "description") == "A short guide to worry."
    )


def test_a_hostile_title_stays_inside_the_json_ld(client, post_factory):
    hostile = "</script><script>alert(1)</script>"
    post = post_factory(title=hostile, slug="hostile")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    [data] = json_ld(page)
    assert data["headline"] == hostile


def test_the_home_page_describes_the_practice(client, site):
    [data] = json_ld(client.get("/").content.decode())
    assert data["@type"] == ["ProfessionalService", "MedicalOrganization"]
    assert (data["name"], data["telephone"]) == ("Quiet Room", "555-0100")
    assert data["areaServed"] == [{"@type": "Place", "name": "Portland"}]


def test_an_author_without_a_name_is_shown_as_the_practice_never_as_a_login(client, post_factory, django_user_model):
    PracticeProfile(practice_name="Quiet Room").save()
    post = post_factory(author=django_user_model.objects.create_user(username="admin-login-7"))
    page = client.get(post.get_absolute_url()).content.decode()
    assert "admin-login-7" not in page
    assert json_ld(page)[0]["author"] == {"@type": "Organization", "name": "Quiet Room"}
