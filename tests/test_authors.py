"""Who wrote it: a byline, an author box, and the display name wherever an article is described."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import AuthorProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(post_factory, author, page_factory):
    AuthorProfile.objects.create(
        user=author, display_name="Dr. Dana Whitfield", credentials="LCSW", bio="Dana works with couples."
    )
    page_factory("About", slug="about")
    return post_factory(title="On listening", slug="on-listening")


def test_an_article_has_a_byline_under_its_title_and_an_author_box_at_its_end(client, written):
    page = client.get(written.get_absolute_url()).content.decode()
    assert '<p class="byline">By <a href="/about/" rel="author">Dr. Dana Whitfield, LCSW</a></p>' in page
    box = page.split('class="author-box"', 1)[1].split("</aside>", 1)[0]
    assert "Dana works with couples." in box
    assert '<a href="/about/">More about Dr. Dana Whitfield</a>' in box


def test_feeds_open_graph_and_json_ld_use_the_display_name(client, written, author):
    rss = ET.fromstring(client.get(reverse("blog:feed")).content)
    assert rss.find("channel/item").findtext("{http://purl.org/dc/elements/1.1/}creator") == "Dr. Dana Whitfield"
    page = client.get(written.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    assert data["author"]["name"] == "Dr. Dana Whitfield"
    assert data["author"]["honorificSuffix"] == "LCSW"
    assert author.username not in page


def test_a_review_date_shows_as_updated_and_is_the_modified_date_for_search_engines(client, written):
    reviewed = timezone.localdate() - timedelta(days=2)
    written.reviewed_on = reviewed
    written.save()
    page = client.get(written.get_absolute_url()).content.decode()
    assert f'Updated <time datetime="{reviewed:%Y-%m-%d}">{reviewed:%B} {reviewed.day}, {reviewed.year}</time>' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    assert data["dateModified"].startswith(reviewed.isoformat())


def test_a_small_edit_does_not_change_the_modified_date(client, written):
    written.title = "On listening, again"
    written.save()
    page = client.get(written.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    assert data["dateModified"] == data["datePublished"]


def test_a_new_article_is_credited_to_the_signed_in_writer(staff):
    writer, client = staff(role="Writer")
    page = client.get(reverse("admin:blog_post_add")).content.decode()
    assert f'<option value="{writer.pk}" selected>' in page


def test_writers_keep_their_own_author_profile_only(staff, written):
    writer, client = staff(role="Writer")
    assert client.get(reverse("admin:blog_authorprofile_changelist")).context["cl"].result_count == 0
    response = client.post(
        reverse("admin:blog_authorprofile_add"),
        {"user": writer.pk, "display_name": "Sam Writer", "credentials": "", "bio": ""},
    )
    assert response.status_code == 302
    assert AuthorProfile.objects.get(user=writer).display_name == "Sam Writer"
