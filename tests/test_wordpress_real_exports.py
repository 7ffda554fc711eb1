"""Moving in with the files the world produces: every WXR version, either namespace scheme, and nothing lost.

The exports in tests/data/wxr were written for these tests with the traits real ones have: WordPress's
theme unit test data (https namespaces, posts sharing a guid, guids whose number is not the post's id,
percent-encoded Greek addresses, many tags, media shortcodes), WXR 1.0 and 1.1, a byte-order mark,
a file cut short, and Squarespace exports without any WordPress ids.
"""

import re
import xml.etree.ElementTree as ElementTree
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from blog.models import Post, Topic
from blog.templatetags.topic_filter import TOPICS_SHOWN
from core.models import MovedPath
from pages.models import Page
from tests.support import image_bytes

pytestmark = pytest.mark.django_db

EXPORTS = Path(__file__).resolve().parent / "data" / "wxr"
THEME_TEST = "wordpress-theme-test.xml"


def run_import(path, *options):
    out = StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def items_in(name, post_type):
    """(post_id, status, title) of the items of one kind, read from the export as a person would count them."""
    namespaces = {"wp": "https://wordpress.org/export/1.2/"}
    tree = ElementTree.parse(EXPORTS / name)
    return [
        (
            item.findtext("wp:post_id", namespaces=namespaces),
            item.findtext("wp:status", namespaces=namespaces),
            item.findtext("title"),
        )
        for item in tree.iter("item")
        if item.findtext("wp:post_type", namespaces=namespaces) == post_type
    ]


@pytest.fixture
def uploads(tmp_path):
    """The theme test site's wp-content/uploads, with the images its galleries name."""
    folder = tmp_path / "uploads" / "2013" / "03"
    folder.mkdir(parents=True)
    for number in (1, 2, 3):
        (folder / f"image-{number}.jpg").write_bytes(image_bytes((800, 600), "JPEG"))
    return tmp_path / "uploads"


@pytest.fixture
def theme_test(wxr_export, uploads):
    return run_import(wxr_export(THEME_TEST), "--media-dir", str(uploads))


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (THEME_TEST, "Template: Sticky"),
        ("wordpress-wxr-1.0.xml", "When grief arrives"),
        ("wordpress-wxr-1.1.xml", "Breathing, slowly"),
        ("wordpress.xml", "On sleep"),
        ("squarespace.xml", "Finding calm when the news is loud"),
        ("squarespace-journal.xml", "Notes from a rainy week"),
    ],
    ids=["wxr-1.2-https", "wxr-1.0", "wxr-1.1-with-bom", "wxr-1.2-http", "squarespace", "squarespace-two-blogs"],
)
def test_every_wxr_version_and_either_namespace_scheme_is_read(wxr_export, name, title, admin_user):
    """(WXR 1.0 lists no authors: its articles are credited to the site's owner.)"""
    report = run_import(wxr_export(name))
    assert Post.objects.filter(title=title).exists(), report
    assert "This RSS file is a feed" not in report


def test_an_export_is_recognised_by_what_it_holds_whatever_its_namespace_is_called(tmp_path):
    text = (EXPORTS / "wordpress-wxr-1.1.xml").read_text(encoding="utf-8-sig")
    renamed = text.replace("http://wordpress.org/export/1.1/", "https://example.org/my-own-wxr/")
    (tmp_path / "renamed.xml").write_text(renamed, encoding="utf-8")
    run_import(tmp_path / "renamed.xml")
    assert Post.objects.filter(title="Breathing, slowly").exists()


def test_a_file_cut_short_is_refused_saying_so_and_nothing_is_imported(wxr_export):
    with pytest.raises(CommandError, match="damaged or incomplete .* Was the export cut short"):
        run_import(wxr_export("wordpress-cut-short.xml"))
    assert not Post.objects.exists() and not Topic.objects.exists()


def test_no_article_is_lost_and_the_report_adds_up_to_what_the_site_holds(theme_test):
    posts = items_in(THEME_TEST, "post")
    trashed = [title for _, status, title in posts if status == "trash"]
    assert Post.objects.count() == len(posts) - len(trashed) == 27
    assert f"Articles: {Post.objects.count()} (" in theme_test
    assert f": {Post.objects.count()} new, 1 left out (see “Not imported”)" in theme_test
    assert "“Trashed”: it was in the old site's trash" in theme_test
    assert "imported before" not in theme_test, "a first import updates nothing"
    pages = items_in(THEME_TEST, "page")
    assert Page.objects.count() == len(pages) == 3


def test_two_articles_that_share_a_guid_are_two_articles_and_a_second_import_updates_both(wxr_export, uploads):
    export = wxr_export(THEME_TEST)
    run_import(export, "--media-dir", str(uploads))
    titles = ("Post Format: Standard", "Post Format: Standard (copy)", "Block: Paragraphs", "Block: Paragraphs, again")
    for title in titles:
        assert Post.objects.filter(title=title).count() == 1, title
    count = Post.objects.count()
    Post.objects.filter(title="Post Format: Standard (copy)").update(body="<p>Edited here.</p>")
    report = run_import(export, "--media-dir", str(uploads))
    assert Post.objects.count() == count
    assert Post.objects.get(title="Post Format: Standard (copy)").body == "<p>The copy, edited.</p>"
    assert f": {count} imported before, and updated" in report


def test_every_published_article_and_page_answers_its_old_numbered_address_in_one_hop(theme_test, client):
    public = [(number, title) for number, status, title in items_in(THEME_TEST, "post") if status == "publish"]
    assert len(public) == 23
    for number, title in public:
        if title.startswith("Protected"):
            continue  # a draft here: its old address leads nowhere yet
        response = client.get(f"/?p={number}")
        assert response.status_code == 301, (number, title)
        assert response["Location"] == Post.objects.get(title=title).get_absolute_url()
        assert client.get(response["Location"]).status_code == 200
    # 555 is the gallery's id — and the number in the sticky post's guid: the id decides.
    assert client.get("/?p=555")["Location"] == Post.objects.get(title="Post Format: Gallery").get_absolute_url()
    for number, _, title in items_in(THEME_TEST, "page"):
        for address in (f"/?page_id={number}", f"/?p={number}"):
            assert client.get(address)["Location"] == Page.objects.get(title=title).get_absolute_url(), address


def test_non_latin_addresses_stay_readable_and_their_old_addresses_lead_to_them(theme_test, client):
    greek = Post.objects.get(title="Ελληνικά")
    assert greek.slug == "ellinika"
    assert Post.objects.get(title="Καλημέρα κόσμε").slug == "kalimera-kosme"
    assert Page.objects.get(title="Σχετικά").slug == "schetika"
    assert not Post.objects.filter(slug__regex=r"^[0-9-]+$").exists(), "never a bare number"
    old = "/2012/06/01/%ce%b5%ce%bb%ce%bb%ce%b7%ce%bd%ce%b9%ce%ba%ce%ac/"
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/blog/ellinika/")


def test_tags_stay_behind_unless_asked_and_the_blog_page_keeps_its_look(theme_test, wxr_export, uploads, client):
    assert set(Topic.objects.values_list("name", flat=True)) == {"Markup", "Media", "Edge Case", "Child 1"}
    assert "Tags not made into topics: 48" in theme_test
    run_import(wxr_export(THEME_TEST), "--media-dir", str(uploads), "--tags")
    assert Topic.objects.count() > 40
    row = client.get(reverse("blog:post_list")).content.decode().split('<details class="more-topics"')[0]
    assert len(re.findall(r'href="/blog/topic/', row)) == TOPICS_SHOWN, "a dozen in the row, the rest one tap away"


def test_a_gallery_becomes_figures_and_audio_video_and_embeds_become_links(theme_test):
    gallery = Post.objects.get(title="Post Format: Gallery").body
    assert gallery.count("<figure>") == 2
    assert gallery.count('src="/media/uploads/') == 2
    assert 'alt="Image alt 1"' in gallery
    for address in (
        "https://themetest.example/wp-content/uploads/2008/06/sound.mp3",
        "https://themetest.example/wp-content/uploads/2008/06/clip.mp4",
        "https://vimeo.com/123456",
        "https://www.youtube.com/watch?v=nwe-H6l4beM",  # an address alone on its line: WordPress embedded it
    ):
        assert f'<a href="{address}"' in gallery, address
    assert "[" not in gallery
    attached = Post.objects.get(title="Post Format: Gallery (attached)").body
    assert attached.count("<figure>") == 1, "a gallery without ids shows the images uploaded to its article"
    assert "[gallery] became the figures of its images" in theme_test
    assert "[audio] became a link to what it showed" in theme_test


def test_password_protected_articles_stay_drafts_and_are_named(theme_test):
    assert Post.objects.get(title="Protected: Test").status == Post.Status.DRAFT
    assert "“Protected: Test”: was protected by a password on the old site" in theme_test


def test_unicode_slashes_quotes_and_nested_cdata_come_over_as_written(theme_test):
    unicode = Post.objects.get(slug="unicode-test")
    assert unicode.title == "Unicode 🌿 𝒜 שלום e\u0301"
    assert "𝒜𝒷𝒸" in unicode.body and "שלום עולם" in unicode.body
    slashes = Post.objects.get(slug="title-with-slashes")
    assert slashes.title == 'Title With \\Backslashes\\ and /Slashes/ and "Quotes"'
    assert "C:\\Users\\therapist" in slashes.body and "it's fine" in slashes.body
    assert "if (a ]]&gt; b)" in slashes.body


def test_a_squarespace_site_with_two_blogs_and_no_ids_comes_over_and_again_without_copies(wxr_export, client):
    export = wxr_export("squarespace-journal.xml")
    first = run_import(export)
    assert Post.objects.get(title="Harbor & Pine: what to expect").slug == "what-to-expect"
    for old in ("/blog/2023/5/2/what-to-expect", "/journal/notes-from-a-rainy-week"):
        assert client.get(old).status_code == 301, old
    assert Page.objects.get(title="Rates").slug == "rates"
    assert "imported before" not in first
    count = (Post.objects.count(), Page.objects.count(), MovedPath.objects.count())
    second = run_import(export)
    assert (Post.objects.count(), Page.objects.count(), MovedPath.objects.count()) == count
    assert "Articles: 2 (2 published): 2 imported before, and updated" in second
