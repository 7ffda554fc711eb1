"""Whether the practice takes new clients changes every call to action, the contact page and the inbox."""

import json
import re

import pytest
from django.urls import reverse

from contact.models import ConsultationRequest

pytestmark = pytest.mark.django_db

CONTACT_URL = reverse("contact:form")
LABELS = {"accepting": "Request a consultation", "waitlist": "Join the waitlist", "closed": "Not taking new clients"}


@pytest.fixture
def practice(profile, service_factory, post_factory):
    service_factory("Individual therapy")
    post_factory(title="On worry", slug="on-worry")
    return profile


def buttons(page):
    return re.findall(r'<a class="button" href="([^"]*)"[^>]*>([^<]*)</a>', page)


def set_availability(profile, state, **fields):
    profile.availability = state
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


@pytest.mark.parametrize("state", LABELS)
def test_every_call_to_action_follows_the_availability(client, practice, state):
    set_availability(practice, state)
    for url in ("/", "/blog/on-worry/", "/services/", "/services/individual-therapy/"):
        page = client.get(url).content.decode()
        assert (CONTACT_URL, LABELS[state]) in buttons(page), url
        others = set(LABELS.values()) - {LABELS[state]}
        assert not [label for _, label in buttons(page) if label in others], url
    assert f"<h1>{LABELS[state]}</h1>" in client.get(CONTACT_URL).content.decode()


def test_a_request_sent_while_on_the_waitlist_is_marked_and_can_be_filtered(
    client, admin_client, practice, contact_form
):
    set_availability(practice, "waitlist")
    assert client.post(CONTACT_URL, contact_form(name="Waiting Will")).status_code == 302
    assert ConsultationRequest.objects.get().is_waitlist
    inbox = admin_client.get(reverse("admin:contact_consultationrequest_changelist"), {"is_waitlist__exact": "1"})
    assert [request.name for request in inbox.context["cl"].result_list] == ["Waiting Will"]


def test_while_closed_the_contact_page_shows_the_referral_note_instead_of_the_form(client, practice):
    set_availability(
        practice, "closed", referral_note="<p>Try <a href='https://directory.example'>the directory</a>.</p>"
    )
    page = client.get(CONTACT_URL).content.decode()
    assert "the directory" in page
    assert 'class="contact-form"' not in page
    assert "tel:988" in page, "the crisis lines stay"


def test_a_form_posted_while_closed_is_refused_with_the_note_and_nothing_is_lost_silently(
    client, practice, contact_form
):
    set_availability(practice, "closed", referral_note="<p>Dr. Lee is taking clients.</p>")
    response = client.post(CONTACT_URL, contact_form(message="Tuesdays suit me."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your request was not sent: I am not taking new clients." in page
    assert "Tuesdays suit me." in page, "what they wrote is shown back, to keep"
    assert "Dr. Lee is taking clients." in page
    assert not ConsultationRequest.objects.exists()


def test_a_booking_link_makes_booking_the_first_choice_and_the_form_the_second(client, practice):
    set_availability(
        practice, "accepting", booking_url="https://booking.example/quiet-room", booking_label="Book a call"
    )
    page = client.get("/").content.decode()
    assert ("https://booking.example/quiet-room", "Book a call") in buttons(page)
    assert 'href="https://booking.example/quiet-room" rel="noopener"' in page
    assert f'<a class="second-action" href="{CONTACT_URL}">Or send a consultation request</a>' in page


def test_without_a_booking_link_nothing_links_to_a_booking_service(client, practice):
    assert "booking.example" not in client.get("/").content.decode()


def test_the_waitlist_wins_over_booking(client, practice):
    set_availability(practice, "waitlist", booking_url="https://booking.example/quiet-room")
    assert (CONTACT_URL, "Join the waitlist") in buttons(client.get("/").content.decode())


def test_a_client_portal_link_appears_in_the_header_and_footer_only_when_set(client, practice):
    assert "Client portal" not in client.get("/").content.decode()
    set_availability(practice, "accepting", client_portal_url="https://portal.example/quiet-room")
    page = client.get("/").content.decode()
    assert page.count('<a href="https://portal.example/quiet-room" rel="noopener">Client portal</a>') == 2


@pytest.mark.parametrize(("state", "accepting"), [("accepting", True), ("waitlist", False), ("closed", False)])
def test_search_engines_are_told_whether_new_clients_are_taken(client, practice, state, accepting):
    set_availability(practice, state)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', client.get("/").content.decode())[1]
    )
    assert data["isAcceptingNewPatients"] is accepting


def test_outside_links_are_navigation_only_for_the_content_security_policy(client, practice):
    set_availability(
        practice, "accepting", booking_url="https://booking.example/x", client_portal_url="https://p.example"
    )
    policy = client.get("/")["Content-Security-Policy"]
    assert "booking.example" not in policy and "p.example" not in policy


STATUS = {
    "accepting": "Accepting new clients",
    "waitlist": "Waitlist open — about 4 weeks",
    "closed": "Not taking new clients — <a href=\"/contact/\">colleagues I recommend</a>",
}


@pytest.mark.parametrize("state", STATUS)
def test_the_home_page_and_services_say_in_words_whether_new_clients_are_taken(client, practice, state):
    set_availability(practice, state, expected_wait="about 4 weeks", referral_note="<p>Try Jo Park, LCSW.</p>")
    for url in ("/", "/services/"):
        page = client.get(url).content.decode()
        status = re.search(r'<p class="availability availability--(\w+)">.*?</span>(.*?)</p>', page)
        assert status and status[1] == state, url
        assert status[2] == STATUS[state], url


def test_the_home_page_says_its_status_before_its_heading(client, practice):
    page = client.get("/").content.decode()
    assert page.index('class="availability') < page.index("<h1>")


def test_a_waitlist_without_a_wait_given_says_only_that_it_is_open(client, practice):
    set_availability(practice, "waitlist", expected_wait="")
    assert "</span>Waitlist open</p>" in client.get("/").content.decode()
