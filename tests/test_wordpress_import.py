"""Moving in from WordPress or Squarespace: `manage.py import_wordpress` brings a whole blog over."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from blog.models import Post, Topic
from core.media import stored_files
from core.models import MovedPath
from pages.models import Page
from tests.support import has_metadata, hrefs, sitemap_entries

pytestmark = pytest.mark.django_db


def run_import(path, *options):
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(path), *options, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def wordpress(wxr_export, old_site_files):
    """The WordPress export imported with the old site's files; the command's report."""
    return run_import(wxr_export("wordpress.xml"), "--media-dir", str(old_site_files))


def media_files():
    try:
        return sorted(stored_files(default_storage, ""))
    except FileNotFoundError:
        return []


def test_articles_keep_their_dates_and_states(wordpress):
    hello = Post.objects.get(slug="hello-world")
    assert hello.title == "Hello, “world” & welcome"
    assert hello.published_at == datetime(2011, 1, 18, 15, 0, tzinfo=UTC)
    assert hello.is_public
    # No GMT time: the local one, in the site's time zone (New York, five hours behind in February).
    assert Post.objects.get(slug="on-sleep").published_at == datetime(2011, 2, 1, 13, 30, tzinfo=UTC)
    scheduled = Post.objects.get(slug="winter-blues")
    assert scheduled.visibility == "scheduled" and scheduled in Post.objects.scheduled()
    assert scheduled.email_subscribers and not hello.email_subscribers
    draft = Post.objects.get(slug="half-written-thoughts-on-grief")  # no address on the old site: from the title
    assert draft.status == Post.Status.DRAFT and draft.published_at is None
    assert Post.objects.get(slug="group").status == Post.Status.DRAFT  # protected by a password
    assert not Post.objects.filter(title="Deleted long ago").exists()
    assert "Articles: 6 (3 published, 1 scheduled, 2 drafts)" in wordpress
    assert "“For my group only”: was protected by a password on the old site" in wordpress
    assert "“Deleted long ago”: it was in the old site's trash" in wordpress


def test_the_report_counts_what_was_left_behind(wordpress):
    assert "Comments (the site has no comments): 2" in wordpress
    assert "Menu entries: 1" in wordpress
    assert "Items of the kind “testimonial”: 1" in wordpress
    assert "Attachments (their images are brought over where articles use them): 1" in wordpress


def test_categories_become_topics_and_tags_only_when_asked(wordpress, wxr_export, old_site_files):
    assert list(Topic.objects.values_list("slug", "name")) == [("anxiety-stress", "Anxiety & Stress")]
    assert "New: Anxiety & Stress" in wordpress
    assert "Tags not made into topics: 1" in wordpress
    report = run_import(wxr_export("wordpress.xml"), "--media-dir", str(old_site_files), "--tags")
    hello = Post.objects.get(slug="hello-world")
    assert sorted(topic.slug for topic in hello.topics.all()) == ["anxiety-stress", "sleep"]
    assert "New: Sleep" in report


def test_authors_are_names_for_the_byline_never_accounts_to_sign_in_with(wordpress):
    sam = Post.objects.get(slug="on-sleep").author
    assert Post.objects.get(slug="on-sleep").byline == "Sam Rivera"
    assert not sam.is_active and not sam.has_usable_password()
    assert not sam.is_staff and not sam.is_superuser
    assert not sam.user_permissions.exists() and not sam.groups.exists()
    assert "Sam Rivera: a name for the byline only, with no sign-in" in wordpress


def test_an_author_already_here_gets_their_articles(wxr_export, old_site_files, django_user_model):
    dana = django_user_model.objects.create_user("dana", email="DANA@old.example.com", is_staff=True)
    report = run_import(wxr_export("wordpress.xml"), "--media-dir", str(old_site_files))
    assert Post.objects.get(slug="hello-world").author == dana
    assert "Dana Whitfield: credited to the account “dana” already here" in report


def test_bodies_become_the_editors_html(wordpress):
    body = Post.objects.get(slug="hello-world").body
    assert body.startswith("<p>Welcome to my practice's blog.<br>\nIt is a quiet place.</p>")
    assert "<figcaption>The lake near my office</figcaption></figure>" in body
    assert "[gallery" not in body and "[embed" not in body
    # The embed became a link to what it showed; the gallery the figures of its images brought over.
    assert '<a href="https://www.youtube.com/watch?v=abc123" rel="noopener noreferrer">' in body
    assert body.count("<figure>") == 2
    assert "<script" not in body and "alert" not in body
    assert "<p>[citation needed] stays as written.</p>" in body
    # A link to another article of the old site leads to its old address here, which leads on to the article.
    assert 'href="/2011/02/01/on-sleep/"' in body
    assert "[embed] became a link to what it showed" in wordpress
    assert "[gallery] became the figures of its images" in wordpress
    gutenberg = Post.objects.get(slug="on-sleep").body  # the block editor's HTML, without its comments
    assert "<p>Rest is a skill.</p>" in gutenberg and "<h2>Evenings</h2>" in gutenberg and "wp:" not in gutenberg


def test_images_come_from_the_old_sites_files_through_the_image_pipeline(wordpress):
    hello = Post.objects.get(slug="hello-world")
    assert hello.featured_image.name.startswith("featured/") and hello.featured_image.name.endswith(".jpg")
    assert hello.featured_image_alt == "A still lake at dawn"
    assert hello.featured_image_renditions["renditions"]
    with default_storage.open(hello.featured_image.name) as stored:
        assert not has_metadata(stored.read())  # the GPS position stayed behind
    assert 'src="/media/uploads/' in hello.body and "srcset=" in hello.body
    assert "old.example.com/wp-content" not in hello.body  # the full-size link too points here now
    assert "Found: 3" in wordpress
    assert "Missing: https://old.example.com/wp-content/uploads/2011/01/gone.jpg (not found among the files given)" in (
        wordpress
    )


def test_without_the_files_every_image_is_reported_missing(wxr_export):
    report = run_import(wxr_export("wordpress.xml"))
    assert "Found: 0" in report
    assert "lake-300x200.jpg (not brought over: no folder of the old site's files, and no download asked for)" in report
    assert not Post.objects.get(slug="hello-world").featured_image
    assert media_files() == []


def test_old_addresses_lead_to_the_new_ones_in_one_hop(wordpress, client):
    for old, new in [
        ("/2011/01/18/hello-world/", "/blog/hello-world/"),
        ("/2011/01/18/hello-world", "/blog/hello-world/"),
        ("/?p=1", "/blog/hello-world/"),
        ("/2012/06/01/search/", "/blog/search-2/"),
        ("/?page_id=20", "/about-me/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response.headers["Location"]) == (301, new), old
        assert client.get(new).status_code == 200
    assert client.get("/?p=3").status_code == 200  # the scheduled article's old address says nothing yet
    assert client.get("/2012/05/05/group/").status_code == 404  # the draft's neither
    assert f"Leading to the new ones: {MovedPath.objects.count()}" in wordpress
    assert "Unchanged, still working: 1" in wordpress  # /about-me/ is /about-me/ here too


def test_pages_come_over_with_free_addresses(wordpress, client):
    about = Page.objects.get(slug="about-me")
    assert about.is_published
    assert about.body == "<p>I have worked with adults for fifteen years.</p>\n<p>I listen first.</p>"
    assert Page.objects.get(title="Contact").slug == "contact-2"
    assert "“Contact”: the address “contact” is already used on this site, so it is now “contact-2”" in wordpress
    assert "Pages: 2 (2 published)" in wordpress
    assert "I listen first." in client.get("/about-me/").content.decode()


def test_imported_articles_are_like_any_other(wordpress, client):
    listing = client.get("/blog/").content.decode()
    assert "Hello, “world” &amp; welcome" in listing and "Coming soon" not in listing
    assert "/blog/on-sleep/" in hrefs(client.get("/blog/hello-world/"))  # Next
    assert "Hello, “world” &amp; welcome" in client.get("/blog/feed/").content.decode()
    assert "http://testserver/blog/on-sleep/" in sitemap_entries(client)
    assert "/blog/on-sleep/" in hrefs(client.get("/blog/search/", {"q": "skill"}))
    assert client.get("/blog/winter-blues/").status_code == 404
    assert client.get("/blog/half-written-thoughts-on-grief/").status_code == 404


def test_the_scheduled_article_appears_at_its_time(wordpress, client):
    due = Post.objects.get(slug="winter-blues").published_at
    with time_machine.travel(due):
        assert client.get("/blog/winter-blues/").status_code == 200
        assert client.get("/?p=3")["Location"] == "/blog/winter-blues/"


def test_importing_the_same_file_again_updates_and_duplicates_nothing(wxr_export, old_site_files):
    export = wxr_export("wordpress.xml")
    run_import(export, "--media-dir", str(old_site_files))
    counts = [model.objects.count() for model in (Post, Page, Topic, MovedPath, get_user_model())]
    files = media_files()
    Post.objects.filter(slug="hello-world").update(title="Edited here")
    report = run_import(export, "--media-dir", str(old_site_files))
    assert [model.objects.count() for model in (Post, Page, Topic, MovedPath, get_user_model())] == counts
    assert media_files() == files
    assert Post.objects.get(slug="hello-world").title == "Hello, “world” & welcome"
    assert "Articles: 6 (3 published, 1 scheduled, 2 drafts): 6 imported before, and updated" in report
    assert "Pages: 2 (2 published): 2 imported before, and updated" in report


def test_a_dry_run_reports_and_changes_nothing(wxr_export, old_site_files):
    report = run_import(wxr_export("wordpress.xml"), "--media-dir", str(old_site_files), "--dry-run")
    assert "Would import:\n  Articles: 6 (3 published, 1 scheduled, 2 drafts)" in report
    assert "This was a dry run: nothing was changed." in report
    assert (Post.objects.count(), Page.objects.count(), Topic.objects.count(), MovedPath.objects.count()) == (
        0,
        0,
        0,
        0,
    )
    assert not get_user_model().objects.exists()
    assert media_files() == []


def test_a_squarespace_export_comes_over(wxr_export, old_site_files, client):
    report = run_import(wxr_export("squarespace.xml"), "--media-dir", str(old_site_files), "--tags")
    calm = Post.objects.get(slug="finding-calm")
    assert calm.published_at == datetime(2019, 3, 4, 14, 30, tzinfo=UTC)
    assert calm.excerpt == "How to stay informed without staying alarmed."
    assert "<h3>Three small steps</h3><ul><li><p>Choose two times a day" in calm.body
    assert 'alt="A calm therapy room with two chairs"' in calm.body and 'src="/media/uploads/' in calm.body
    assert "squarespace-cdn" not in calm.body and "sqs-block" not in calm.body
    assert "removed [sqs-block-code]" in report
    assert sorted(topic.name for topic in calm.topics.all()) == ["News & media", "Stress"]
    short = Post.objects.get(slug="why-the-first-session-is-short")
    assert "Café chairs" in client.get(short.get_absolute_url()).content.decode()
    assert Post.objects.get(slug="spring-workshop").status == Post.Status.DRAFT
    for old, new in [
        ("/blog/finding-calm", "/blog/finding-calm/"),
        ("/blog/2020/1/14/why-the-first-session-is-short", "/blog/why-the-first-session-is-short/"),
        ("/fees", "/fees/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response.headers["Location"]) == (301, new), old
    assert "Articles: 3 (2 published, 1 draft)" in report


def test_squarespace_images_left_on_its_image_server_are_named_in_the_report(wxr_export):
    report = run_import(wxr_export("squarespace.xml"))
    assert (
        "Missing: https://images.squarespace-cdn.com/content/v1/5f1a2b/1591234567890-ABCDEF/therapy+room.jpg" in report
    )
    assert "squarespace-cdn" not in Post.objects.get(slug="finding-calm").body  # never shown from there


def test_an_export_in_another_encoding_is_read_as_written(tmp_path):
    export = tmp_path / "old.xml"
    text = (
        '<?xml version="1.0" encoding="windows-1252"?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>http://old.example.org</link>'
        "<item><title>Caf\u00e9 \u201ctalks\u201d</title><link>http://old.example.org/cafe-talks/</link>"
        "<guid>http://old.example.org/?p=9</guid><content:encoded><![CDATA[Na\u00efve \u2014 and brave.]]>"
        "</content:encoded><wp:post_id>9</wp:post_id><wp:post_date_gmt>2010-05-05 10:00:00</wp:post_date_gmt>"
        "<wp:post_name>cafe-talks</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "</item></channel></rss>"
    )
    export.write_bytes(text.encode("windows-1252"))
    get_user_model().objects.create_superuser("owner", password="x")
    run_import(export)
    post = Post.objects.get(slug="cafe-talks")
    assert post.title == "Café “talks”"
    assert post.body == "<p>Naïve — and brave.</p>"
    assert post.author.username == "owner"  # the export named no author


def test_the_command_shows_its_progress(wxr_export, old_site_files):
    progress = StringIO()
    call_command(
        "import_wordpress",
        str(wxr_export("wordpress.xml")),
        "--media-dir",
        str(old_site_files),
        stdout=StringIO(),
        stderr=progress,
    )
    assert "Bringing the images over… 4 of 4" in progress.getvalue()


def test_a_second_import_with_the_files_brings_the_featured_image_the_first_missed(wxr_export, old_site_files):
    export = wxr_export("wordpress.xml")
    run_import(export)
    assert not Post.objects.get(slug="hello-world").featured_image
    run_import(export, "--media-dir", str(old_site_files))
    assert Post.objects.get(slug="hello-world").featured_image.name.startswith("featured/")


def test_a_folder_that_is_not_there_is_named(wxr_export, tmp_path):
    with pytest.raises(CommandError, match="There is no folder at"):
        run_import(wxr_export("wordpress.xml"), "--media-dir", str(tmp_path / "nowhere"))
