"""The practice profile, services, pages, navigation and footer."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.context_processors import first_sentence
from pages.models import Page, PracticeProfile
from tests.support import links

pytestmark = pytest.mark.django_db


def test_pages_render_with_sensible_defaults_before_any_profile_exists(client):
    for url in ["/", "/blog/", "/services/", "/contact/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "This site is not for emergencies" in response.content.decode()


def test_the_profile_appears_in_the_header_and_footer_of_every_page(client, profile):
    page = client.get("/services/").content.decode()
    assert "Quiet Room Therapy" in page
    assert "Sam Rivera, LPC" in page
    assert "Licensed in Oregon (LPC #C1234)" in page
    assert 'Not for emergencies. In a crisis call <a href="tel:988">988</a>.' in page
    assert 'href="tel:988"' in page and 'href="tel:911"' in page


def test_saving_the_profile_refreshes_every_page(client, profile):
    client.get("/")
    profile.practice_name = "Renamed Practice"
    profile.save()
    assert "Renamed Practice" in client.get("/").content.decode()


def test_there_is_only_ever_one_profile(profile):
    PracticeProfile(practice_name="A second one").save()
    assert PracticeProfile.objects.count() == 1
    assert PracticeProfile.objects.get().practice_name == "A second one"


def test_the_admin_refuses_a_second_profile(admin_client, profile):
    assert admin_client.get(reverse("admin:pages_practiceprofile_add")).status_code == 403
    changelist = admin_client.get(reverse("admin:pages_practiceprofile_changelist"))
    assert changelist.status_code == 302
    assert changelist["Location"] == reverse("admin:pages_practiceprofile_change", args=[profile.pk])


def test_the_admin_offers_to_create_the_profile_when_there_is_none(admin_client):
    changelist = admin_client.get(reverse("admin:pages_practiceprofile_changelist"))
    assert changelist["Location"] == reverse("admin:pages_practiceprofile_add")


def test_services_list_shows_active_services_in_order(client, service_factory):
    service_factory("Couples therapy", order=2)
    service_factory("Individual therapy", order=1)
    service_factory("Retired service", order=0, is_published=False)
    response = client.get("/services/")
    titles = re.findall(r'class="card__title">([^<]+)<', response.content.decode())
    assert titles == ["Individual therapy", "Couples therapy"]
    assert "Retired service" not in response.content.decode()


def test_a_service_page_shows_details_and_a_call_to_action(client, service_factory):
    service = service_factory(
        "Couples therapy", body="<p>Together.</p><script>x</script>", fee="180.00", session_minutes=75
    )
    response = client.get(service.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<p>Together.</p>" in page and "<script>x" not in page
    assert "75 minutes" in page and "$180" in page
    assert reverse("contact:form") in [link["href"] for link in links(response)]


def test_an_inactive_service_is_not_found(client, service_factory):
    assert client.get(service_factory("Old", is_published=False).get_absolute_url()).status_code == 404


def test_about_is_the_page_with_slug_about(client):
    Page.objects.create(title="About me", slug="about", body="<p>My story.</p>")
    response = client.get("/about/")
    assert response.status_code == 200
    assert "My story." in response.content.decode()


def test_unpublished_pages_are_not_found(client):
    Page.objects.create(title="Fees", slug="fees", is_published=False)
    assert client.get("/fees/").status_code == 404


@pytest.mark.parametrize("slug", ["blog", "services", "contact", "admin", "static", "media", "healthz"])
def test_reserved_slugs_are_refused_in_the_admin(admin_client, slug):
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        {"title": "Clash", "slug": slug, "body": "", "is_published": "on", "order": 0},
    )
    assert response.status_code == 200
    assert "is already used by the site itself" in response.content.decode()
    assert not Page.objects.exists()


def test_navigation_lists_home_blog_services_pages_and_contact_and_marks_the_current_page(client):
    Page.objects.create(title="About", slug="about", show_in_navigation=True, order=1)
    Page.objects.create(title="Fees", slug="fees", show_in_navigation=True, order=2)
    Page.objects.create(title="Hidden", slug="hidden", show_in_navigation=True, is_published=False)
    Page.objects.create(title="FAQ", slug="faq", show_in_navigation=False)
    page = client.get("/fees/").content.decode()
    nav = page[page.index('aria-label="Main">') : page.index("</nav>")]
    labels = [
        label
        for label in ["Home", "Blog", "Services", "About", "Fees", "Contact", "Hidden", "FAQ"]
        if f">{label}</a>" in nav
    ]
    assert labels == ["Home", "Blog", "Services", "About", "Fees", "Contact"]
    assert '<a href="/fees/" aria-current="page">Fees</a>' in nav
    assert nav.count("aria-current") == 1


def test_navigation_marks_the_section_of_a_post(client, post_factory):
    nav_page = client.get(post_factory().get_absolute_url()).content.decode()
    assert '<a href="/blog/" aria-current="true">Blog</a>' in nav_page


def test_footer_links_the_privacy_policy_when_published(client):
    assert "Privacy policy" not in client.get("/").content.decode()
    Page.objects.create(title="Privacy policy", slug="privacy-policy")
    assert 'href="/privacy-policy/">Privacy policy</a>' in client.get("/").content.decode()


def test_every_post_ends_with_the_profiles_call_to_action(client, profile, post_factory):
    page = client.get(post_factory().get_absolute_url()).content.decode()
    assert "Curious whether therapy could help? Let&#x27;s talk." in page
    assert 'href="/contact/"' in page


def test_home_shows_services_about_teaser_latest_three_posts_and_call_to_action(
    client, profile, service_factory, post_factory
):
    service_factory("Individual therapy")
    posts = [post_factory(ago=timedelta(days=days)) for days in range(1, 5)]
    response = client.get("/")
    page = response.content.decode()
    assert "Quiet Room Therapy" in page and "Therapy for adults in Portland." in page
    assert "Individual therapy" in page
    assert "About Sam Rivera" in page
    latest = [link["href"] for link in links(response, within_id="latest-posts")]
    assert latest == [*(post.get_absolute_url() for post in posts[:3]), "/blog/"]
    assert "Request a consultation" in page


def test_a_portrait_needs_a_description(admin_client, profile):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import tiny_png

    response = admin_client.post(
        reverse("admin:pages_practiceprofile_change", args=[profile.pk]),
        {
            "practice_name": profile.practice_name,
            "reply_time": "soon",
            "post_call_to_action": "Talk to me.",
            "portrait": SimpleUploadedFile("me.png", tiny_png(), content_type="image/png"),
            "portrait_alt": "",
        },
    )
    assert response.status_code == 200
    assert "Please describe the portrait" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.portrait


def test_the_contact_page_offers_the_booking_link_when_set(client, profile):
    assert "book a first appointment online" not in client.get("/contact/").content.decode()
    profile.booking_url = "https://booking.example/quiet-room"
    profile.save()
    assert 'href="https://booking.example/quiet-room"' in client.get("/contact/").content.decode()


def test_a_pages_description_is_computed_when_it_is_saved():
    page = Page.objects.create(title="FAQ", slug="faq", body="<h2>Questions</h2><p>Answers <script>x</script>here.</p>")
    assert Page.objects.get(pk=page.pk).summary == "Questions Answers here."
    assert page.description == "Questions Answers here."


@pytest.mark.parametrize("about_page", [None, False], ids=["missing", "unpublished"])
def test_the_home_page_links_to_about_only_while_the_about_page_is_published(client, profile, about_page):
    if about_page is not None:
        Page.objects.create(title="About", slug="about", is_published=about_page)
    assert "/about/" not in [link["href"] for link in links(client.get("/"))]
    Page.objects.update_or_create(slug="about", defaults={"title": "About", "is_published": True})
    assert "/about/" in [link["href"] for link in links(client.get("/"))]


def test_dates_read_as_a_us_reader_writes_them_and_in_one_style(client, post_factory):
    older = post_factory(title="Older", ago=timedelta(days=40))
    post = post_factory(title="Newer", ago=timedelta(days=3))
    page = client.get(post.get_absolute_url()).content.decode() + client.get("/blog/").content.decode()
    for shown in (older, post):
        local = timezone.localtime(shown.published_at)
        assert f">{local:%B} {local.day}, {local.year}</time>" in page
    assert f"{timezone.localtime(older.published_at):%b} " not in page.replace(
        f"{timezone.localtime(older.published_at):%B}", ""
    ), "no abbreviated month anywhere"


def test_the_thank_you_page_reads_as_two_sentences(client, profile):
    page = client.get(reverse("contact:thanks")).content.decode()
    assert "please don’t wait for a reply.</p>" in page
    assert 'Not for emergencies. In a crisis call <a href="tel:988">988</a>.' in page


@pytest.mark.parametrize(
    ("about", "teaser"),
    [
        ("I am a counselor. I listen first.", "I am a counselor."),
        (
            "Dr. Jane Smith, Ph.D., works in St. Louis with adults. She listens.",
            "Dr. Jane Smith, Ph.D., works in St. Louis with adults.",
        ),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_the_home_pages_about_teaser_is_the_about_pages_first_sentence(about, teaser):
    assert first_sentence(about) == teaser
