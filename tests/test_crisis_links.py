"""Crisis links a phone can use, for the practice's country, wherever someone might need them."""

import re

import pytest
from django.urls import reverse

from pages.models import CrisisLines, PracticeProfile

pytestmark = pytest.mark.django_db

EXPECTED = {
    "US": ["tel:988", "sms:988", "tel:911"],
    "CA": ["tel:988", "sms:988", "tel:911"],
    "GB": ["tel:116123", "tel:999"],
    "AU": ["tel:131114", "tel:000"],
}


def practice_with_lines(**lines):
    profile = PracticeProfile()
    profile.save()
    CrisisLines.objects.filter(profile=profile).update(**lines)


def crisis_links(page):
    block = page.split('class="crisis-notice"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a class="crisis-link" href="([^"]+)">', block)


@pytest.mark.parametrize("country", EXPECTED)
def test_each_country_gets_its_own_lines(client, country):
    practice_with_lines(country=country)
    assert crisis_links(client.get("/").content.decode()) == EXPECTED[country]


def test_another_country_uses_the_therapists_own_numbers(client):
    practice_with_lines(
        country="other", line_name="Telefonseelsorge", line_number="0800 111 0 111", emergency_number="112"
    )
    page = client.get("/").content.decode()
    assert crisis_links(page) == ["tel:08001110111", "tel:112"]
    assert "Telefonseelsorge: 0800 111 0 111" in page


@pytest.mark.parametrize("url", ["/", "/blog/", reverse("contact:form"), reverse("contact:thanks")])
def test_the_lines_are_on_every_page_and_the_contact_and_thank_you_pages(client, url):
    practice_with_lines(country="GB")
    assert "tel:116123" in client.get(url).content.decode()


def test_error_pages_carry_them_too(client):
    practice_with_lines(country="AU")
    assert "tel:131114" in client.get("/", HTTP_HOST="attacker.example").content.decode()
