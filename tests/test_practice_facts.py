"""What a prospective client decides on, as facts the therapist edits once: licenses, specialties, fees and
insurance, the Good Faith Estimate — shown where needed and described to search engines."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from blog.models import Topic
from pages.models import FeesAndInsurance, License, Specialty

pytestmark = pytest.mark.django_db

GFE = "Your right to a Good Faith Estimate"


def json_ld(page):
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]


@pytest.fixture
def practice(profile, page_factory, service_factory):
    page_factory("About", slug="about", body="<p>My story.</p>")
    page_factory("Fees and insurance", slug="fees", body="<p>Cancellations: a day ahead, please.</p>")
    service_factory("Individual therapy", fee="160.00", session_minutes=50)
    service_factory("Couples therapy", fee="210.00", session_minutes=80)
    License.objects.create(profile=profile, kind="LCSW", jurisdiction="New Jersey", number="44SC1", order=2)
    topic = Topic.objects.create(name="Anxiety", slug="anxiety")
    Specialty.objects.create(profile=profile, name="Anxiety", topic=topic, order=1)
    Specialty.objects.create(profile=profile, name="Life transitions", order=2)
    profile.approaches = "EFT\nCBT"
    profile.save()
    FeesAndInsurance.objects.filter(profile=profile).update(
        insurance_plans="Aetna\nCigna",
        out_of_network_note="Superbills for other plans.",
        payment_methods="Credit cards, HSA cards",
    )
    return profile


def test_licenses_show_on_about_and_in_every_footer(client, practice):
    about = client.get("/about/").content.decode()
    assert "LPC, Oregon — license #C1234" in about
    assert "LCSW, New Jersey — license #44SC1" in about
    assert "I can see clients who are in Oregon and New Jersey." in about
    assert "Licensed in Oregon (LPC #C1234) and New Jersey (LCSW #44SC1)" in client.get("/blog/").content.decode()


def test_an_expired_license_is_not_shown(client, practice):
    License.objects.filter(jurisdiction="New Jersey").update(expires_on=timezone.localdate() - timedelta(days=1))
    practice.save()
    for url in ("/about/", "/"):
        assert "New Jersey" not in client.get(url).content.decode(), url


def test_the_admin_warns_sixty_days_before_a_license_expires(admin_client, practice):
    License.objects.filter(jurisdiction="New Jersey").update(expires_on=timezone.localdate() + timedelta(days=59))
    License.objects.filter(jurisdiction="Oregon").update(expires_on=timezone.localdate() + timedelta(days=61))
    response = admin_client.get(reverse("admin:pages_practiceprofile_change", args=[practice.pk]))
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(warnings) == 1
    assert warnings[0].startswith("Your LCSW license (New Jersey) expires on ")


def test_specialties_and_approaches_show_on_home_and_about_and_lead_to_their_topic(client, practice):
    for url in ("/", "/about/"):
        page = client.get(url).content.decode()
        assert '<a href="/blog/topic/anxiety/">Anxiety</a>' in page, url
        assert "<li><span>Life transitions</span></li>" in page, url  # not a link: no topic of its own
        assert "EFT, CBT" in page, url


def test_the_fees_page_shows_the_facts_above_its_own_text_and_links_the_services(client, practice):
    page = client.get("/fees/").content.decode()
    main = page[page.index("<main") :]
    assert main.index("In network with: Aetna, Cigna.") < main.index("Cancellations: a day ahead")
    assert '<a href="/services/individual-therapy/">Individual therapy</a>' in page
    assert "50 minutes · $160" in page and "80 minutes · $210" in page
    assert "Superbills for other plans." in page and "Credit cards, HSA cards" in page


def test_the_practice_is_described_to_search_engines(client, practice):
    (data,) = json_ld(client.get("/").content.decode())
    assert data["priceRange"] == "$160–$210"
    assert data["paymentAccepted"] == "Credit cards, HSA cards"
    assert [credential["recognizedBy"]["name"] for credential in data["hasCredential"]] == ["Oregon", "New Jersey"]
    assert {"@type": "AdministrativeArea", "name": "New Jersey"} in data["areaServed"]
    assert data["knowsAbout"] == ["Anxiety", "Life transitions"]


def pages_with_the_notice(client):
    urls = ["/", "/blog/", "/services/", "/services/individual-therapy/", "/about/", "/fees/", "/contact/"]
    return [url for url in urls if GFE in client.get(url).content.decode()]


def test_the_good_faith_estimate_notice_is_on_exactly_fees_services_and_contact(client, practice):
    assert pages_with_the_notice(client) == ["/services/", "/fees/", "/contact/"]
    assert 'href="https://www.cms.gov/nosurprises" rel="noopener"' in client.get("/fees/").content.decode()


def test_without_the_notice_setting_it_shows_nowhere(client, practice):
    FeesAndInsurance.objects.filter(profile=practice).update(show_good_faith_estimate=False)
    practice.save()  # moves the content version on, as a save in the admin does
    assert pages_with_the_notice(client) == []
