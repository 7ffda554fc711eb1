"""The consultation request: stored first, announced without private details, protected from abuse."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pages.forms import ACKNOWLEDGEMENT, MINIMUM_FILL_SECONDS, form_started_token
from pages.models import ConsultationRequest, PracticeProfile
from pages.views import REQUESTS_PER_HOUR

pytestmark = pytest.mark.django_db

CONTACT_URL = reverse("pages:contact")
PRIVATE_MESSAGE = "I would like to talk about weekly sessions on Tuesday evenings."
PRIVATE_PHONE = "555-0147"


@pytest.fixture(autouse=True)
def practice_email():
    PracticeProfile(practice_name="Quiet Room Therapy", email="therapist@quietroom.example").save()


def valid_data(**overrides):
    """A request whose form was opened a minute ago."""
    with time_machine.travel(timezone.now() - timedelta(minutes=1)):
        started = form_started_token()
    data = {
        "name": "Alex Doe",
        "email": "alex@example.com",
        "phone": PRIVATE_PHONE,
        "preferred_contact": "email",
        "message": PRIVATE_MESSAGE,
        "acknowledgement": "on",
        "website": "",
        "started": started,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_says_what_happens_next_and_asks_for_no_clinical_details(client):
    page = client.get(CONTACT_URL).content.decode()
    assert "What happens next" in page
    assert "don’t include clinical details" in page
    assert ACKNOWLEDGEMENT in page


def test_a_valid_request_is_saved_then_announced_without_message_or_phone(client):
    response = client.post(CONTACT_URL, valid_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:contact_thanks")
    saved = ConsultationRequest.objects.get()
    assert (saved.name, saved.email, saved.phone, saved.message) == (
        "Alex Doe", "alex@example.com", PRIVATE_PHONE, PRIVATE_MESSAGE,
    )
    assert saved.status == ConsultationRequest.Status.NEW
    assert saved.is_notification_sent
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["therapist@quietroom.example"]
    assert email.subject == "New consultation request"
    assert "read it in the admin" in email.body
    assert reverse("admin:pages_consultationrequest_change", args=[saved.pk]) in email.body
    for private in (PRIVATE_MESSAGE, PRIVATE_PHONE, "Alex", "alex@example.com"):
        assert private not in email.body
        assert private not in email.subject


def test_the_thank_you_page_follows_and_refresh_does_not_resubmit(client):
    response = client.post(CONTACT_URL, valid_data(), follow=True)
    assert "your request has been received" in response.content.decode()
    assert client.get(reverse("pages:contact_thanks")).status_code == 200
    assert ConsultationRequest.objects.count() == 1


def test_a_failing_email_backend_keeps_the_request_and_still_thanks_the_visitor(client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.failing_email.FailingEmailBackend"
    response = client.post(CONTACT_URL, valid_data(), follow=True)
    assert "your request has been received" in response.content.decode()
    saved = ConsultationRequest.objects.get()
    assert not saved.is_notification_sent
    assert "Could not send the notification" in caplog.text


def assert_refused(response, message, status=200):
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ConsultationRequest.objects.exists()
    assert not mail.outbox


def test_a_filled_honeypot_is_refused_politely(client):
    assert_refused(client.post(CONTACT_URL, valid_data(website="http://spam.example")), "couldn’t send that", 400)


def test_a_too_fast_submission_is_refused_politely_and_keeps_what_was_typed(client):
    response = client.post(CONTACT_URL, valid_data(started=form_started_token()))
    assert_refused(response, "couldn’t send that", 400)
    assert "Alex Doe" in response.content.decode()


def test_a_submission_after_the_minimum_time_is_accepted(client):
    started = form_started_token()
    with time_machine.travel(timezone.now() + timedelta(seconds=MINIMUM_FILL_SECONDS + 1)):
        assert client.post(CONTACT_URL, valid_data(started=started)).status_code == 302


def test_a_forged_or_missing_timer_is_refused(client):
    assert_refused(client.post(CONTACT_URL, valid_data(started="1700000000")), "couldn’t send that", 400)
    assert_refused(client.post(CONTACT_URL, valid_data(started=None)), "couldn’t send that", 400)


def test_an_over_long_message_is_refused_with_a_clear_message(client):
    response = client.post(CONTACT_URL, valid_data(message="x" * 1001))
    assert_refused(response, "Please keep your message to 1000 characters (it has 1001).")
    assert 'id="id_message_error"' in response.content.decode()
    assert 'aria-describedby="id_message_helptext id_message_error"' in response.content.decode()


def test_a_missing_acknowledgement_is_refused_with_a_clear_message(client):
    response = client.post(CONTACT_URL, valid_data(acknowledgement=None))
    assert_refused(response, "Please confirm that this is not an emergency and contains no clinical details.")


def test_phone_as_preferred_contact_needs_a_phone_number(client):
    response = client.post(CONTACT_URL, valid_data(preferred_contact="phone", phone=""))
    assert_refused(response, "Please add a phone number")


def test_the_sixth_request_in_an_hour_from_one_address_is_refused(client):
    for _ in range(REQUESTS_PER_HOUR):
        assert client.post(CONTACT_URL, valid_data()).status_code == 302
    mail.outbox.clear()
    response = client.post(CONTACT_URL, valid_data(name="Sixth Request"))
    assert response.status_code == 429
    assert "several requests in the last hour" in response.content.decode()
    assert not ConsultationRequest.objects.filter(name="Sixth Request").exists()
    assert ConsultationRequest.objects.count() == REQUESTS_PER_HOUR
    assert not mail.outbox


def test_another_address_is_not_limited_by_the_first(client):
    for _ in range(REQUESTS_PER_HOUR):
        client.post(CONTACT_URL, valid_data())
    assert client.post(CONTACT_URL, valid_data(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_admin_inbox_lists_requests_and_opening_one_sends_nothing(admin_client, client):
    client.post(CONTACT_URL, valid_data())
    mail.outbox.clear()
    saved = ConsultationRequest.objects.get()
    inbox = admin_client.get(reverse("admin:pages_consultationrequest_changelist")).content.decode()
    assert "Alex Doe" in inbox
    detail = admin_client.get(reverse("admin:pages_consultationrequest_change", args=[saved.pk]))
    assert PRIVATE_MESSAGE in detail.content.decode()
    assert not mail.outbox
    admin_client.post(
        reverse("admin:pages_consultationrequest_change", args=[saved.pk]), {"status": "replied"}
    )
    saved.refresh_from_db()
    assert saved.status == ConsultationRequest.Status.REPLIED
    assert not mail.outbox


def test_the_admin_inbox_filters_by_status(admin_client):
    ConsultationRequest.objects.create(name="Open one", email="a@example.com", message="hi")
    ConsultationRequest.objects.create(name="Closed one", email="b@example.com", message="hi", status="closed")
    response = admin_client.get(reverse("admin:pages_consultationrequest_changelist"), {"status__exact": "closed"})
    assert [item.name for item in response.context["cl"].result_list] == ["Closed one"]
