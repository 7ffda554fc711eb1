"""`load_demo_content` and `create_local_admin`: what `make run` does on a fresh machine."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import Post
from pages.demo_images import ARTICLE_PHOTOGRAPHS, MEDIA, PORTRAIT
from pages.models import Page, PracticeProfile, Service

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


# On a site without the demo. These come first: once a test below asks for `demo_content`, the demo stays
# loaded until the module ends.


def test_if_empty_leaves_a_site_with_articles_alone(post_factory):
    post_factory(title="The therapist's own article")
    assert "not loaded" in run("load_demo_content", "--if-empty")
    assert Post.objects.count() == 1


def test_demo_articles_have_photographs_and_the_practice_a_portrait(client, media_root):
    run("load_demo_content")
    descriptions = set()
    for post in Post.objects.all():
        assert len(post.featured_image_renditions["renditions"]) == 3
        assert (media_root / post.featured_image_renditions["renditions"][0]["webp"]).exists()
        descriptions.add(post.featured_image_alt)
    assert len(descriptions) == Post.objects.count(), "each article its own photograph, described"
    profile = PracticeProfile.objects.get()
    assert profile.portrait_renditions["width"] == 800 and "Dana Whitfield" in profile.portrait_alt


def test_every_demo_picture_is_credited_in_the_docs():
    credits = (Path(__file__).resolve().parent.parent / "docs" / "demo-media.md").read_text()
    for picture in (*ARTICLE_PHOTOGRAPHS, PORTRAIT):
        assert (MEDIA / picture.file).is_file()
        assert f"`{picture.file}`" in credits


def test_local_admin_is_created_once_with_a_printed_password(monkeypatch, client):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    output = run("create_local_admin")
    password = output.split("password: ")[1].split()[0]
    assert client.login(username="admin", password=password)
    second = run("create_local_admin")
    assert "already exists" in second
    assert password not in second


def test_local_admin_uses_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-chosen-passphrase")
    run("create_local_admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("a-chosen-passphrase")


# On the demo site, loaded once for the tests below.


def test_demo_content_has_published_scheduled_and_draft_articles(demo_content):
    assert Post.objects.published().count() >= 8
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1
    scheduled = [post for post in Post.objects.all() if post.visibility == "scheduled"]
    assert len(scheduled) == 1


def test_demo_content_fills_the_profile_services_and_pages(demo_content):
    assert PracticeProfile.objects.get().therapist_name
    assert Service.objects.filter(is_published=True).count() == 4
    assert set(Page.objects.published().values_list("slug", flat=True)) >= {
        "about", "fees", "privacy-policy", "accessibility"
    }


def test_the_accessibility_statement_says_what_it_is_tested_against_and_how_to_ask(demo_content, client):
    page = client.get("/accessibility/").content.decode()
    for words in ("WCAG) 2.2 at level AA", "axe and Lighthouse", "Known limits", "client portal",
                  'href="tel:+15550100199"', 'href="tel:711"', "Telecommunications Relay Service", "Last reviewed:"):
        assert words in page
    for url in ("/", "/blog/", "/contact/", "/no-such-page/"):
        assert '<a href="/accessibility/">Accessibility</a>' in client.get(url).content.decode(), url


def test_about_says_how_i_work_once(demo_content, client):
    assert client.get("/about/").content.decode().count("How I work") == 1


def test_demo_articles_are_spread_over_past_months(demo_content):
    dates = Post.objects.published().values_list("published_at", flat=True)
    assert (max(dates) - min(dates)).days > 90


def test_demo_content_is_idempotent(demo_content):
    count = Post.objects.count()
    assert "0 article(s), 0 service(s), 0 page(s) created" in run("load_demo_content")
    assert Post.objects.count() == count


def test_every_demo_page_renders(demo_content, client):
    objects = [*Post.objects.published(), *Service.objects.all(), *Page.objects.all()]
    for url in ["/", "/blog/", "/services/", "/contact/", *(item.get_absolute_url() for item in objects)]:
        assert client.get(url).status_code == 200, url


def test_demo_articles_have_topics_so_topic_pages_and_related_posts_have_content(demo_content, client):
    from blog.models import Topic

    assert Topic.objects.count() >= 5
    assert all(post.topics.exists() for post in Post.objects.published())
    post = Post.objects.get(slug="attachment-styles-gently-explained")
    assert 'id="related-posts"' in client.get(post.get_absolute_url()).content.decode()


def test_the_local_admin_writes_under_the_therapists_name_never_as_admin(demo_content, client):
    run("create_local_admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.get_full_name() == PracticeProfile.load().therapist_name
    post = Post.objects.create(title="Written in make run", slug="written", author=admin, status="published")
    assert "admin" not in client.get("/blog/feed/").content.decode().split("Written in make run")[1].split("</item>")[0]
    assert '"name": "Dana Whitfield"' in client.get(post.get_absolute_url()).content.decode()


def test_the_local_admin_takes_over_the_demos_writing_so_the_therapist_is_one_author(demo_content):
    run("create_local_admin")
    admin = get_user_model().objects.get(username="admin")
    assert not get_user_model().objects.filter(username="dana").exists()
    assert set(Post.objects.values_list("author", flat=True)) == {admin.pk}
    assert admin.author_profile.display_name == "Dana Whitfield"
    assert "0 article(s)" in run("load_demo_content"), "loading the demo again adds no second Dana"
    assert not get_user_model().objects.filter(username="dana").exists()
