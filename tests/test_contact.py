"""The consultation request: stored first, announced without private details, protected from abuse."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contact.forms import ACKNOWLEDGEMENT, form_started_token
from contact.models import ConsultationRequest
from contact.views import REQUESTS_PER_HOUR
from pages.models import PracticeProfile

pytestmark = pytest.mark.django_db

CONTACT_URL = reverse("contact:form")
PRIVATE_MESSAGE = "I would like to talk about weekly sessions on Tuesday evenings."
PRIVATE_PHONE = "555-0147"


@pytest.fixture(autouse=True)
def practice_email():
    PracticeProfile(practice_name="Quiet Room Therapy", email="therapist@quietroom.example").save()


def test_the_page_says_what_happens_next_and_asks_for_no_clinical_details(client):
    page = client.get(CONTACT_URL).content.decode()
    assert "What happens next" in page
    assert "don’t include clinical details" in page
    assert ACKNOWLEDGEMENT in page


def test_a_valid_request_is_saved_then_announced_without_message_or_phone(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(phone=PRIVATE_PHONE, message=PRIVATE_MESSAGE))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    saved = ConsultationRequest.objects.get()
    assert (saved.name, saved.email, saved.phone, saved.message) == (
        "Alex Doe",
        "alex@example.com",
        PRIVATE_PHONE,
        PRIVATE_MESSAGE,
    )
    assert saved.status == ConsultationRequest.Status.NEW
    assert saved.is_notification_sent
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["therapist@quietroom.example"]
    assert email.subject == "New consultation request"
    assert "read it in the admin" in email.body
    assert reverse("admin:contact_consultationrequest_change", args=[saved.pk]) in email.body
    for private in (PRIVATE_MESSAGE, PRIVATE_PHONE, "Alex", "alex@example.com"):
        assert private not in email.body
        assert private not in email.subject


def test_the_practice_gets_at_most_twenty_request_emails_a_day_and_every_request_is_kept(client, contact_form):
    for number in range(25):
        visitor = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert visitor.post(CONTACT_URL, contact_form()).status_code == 302
    assert ConsultationRequest.objects.count() == 25
    assert len(mail.outbox) == 20
    assert ConsultationRequest.objects.filter(is_notification_sent=False).count() == 5


def test_the_thank_you_page_follows_and_refresh_does_not_resubmit(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    assert client.get(reverse("contact:thanks")).status_code == 200
    assert ConsultationRequest.objects.count() == 1


def test_a_failing_email_backend_keeps_the_request_and_still_thanks_the_visitor(client, settings, caplog, contact_form):
    settings.EMAIL_BACKEND = "tests.support.FailingEmailBackend"
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    saved = ConsultationRequest.objects.get()
    assert not saved.is_notification_sent
    assert "Could not send the notification" in caplog.text


def assert_refused(response, message, status=200):
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ConsultationRequest.objects.exists()
    assert not mail.outbox


def test_a_filled_honeypot_is_refused_politely(client, contact_form):
    assert_refused(client.post(CONTACT_URL, contact_form(website="http://spam.example")), "couldn’t send that", 400)


def test_a_form_filled_in_at_once_by_the_browsers_autofill_is_accepted(client, contact_form):
    """A real person is never refused for being quick."""
    assert client.post(CONTACT_URL, contact_form(started=form_started_token())).status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_a_form_opened_more_than_a_day_ago_says_so_and_keeps_what_was_typed(client, contact_form):
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        started = form_started_token()
    response = client.post(CONTACT_URL, contact_form(started=started))
    assert_refused(response, "This page was opened more than a day ago, so the form had expired.", 400)
    assert "Alex Doe" in response.content.decode()
    resent = client.post(CONTACT_URL, contact_form(started=response.context["form"]["started"].value()))
    assert resent.status_code == 302


@pytest.mark.parametrize(
    "phone", ["+1 (555) 014-7000", "555.014.7000", "0044 20 7946 0958", "555-0147 ext. 12", "(555) 014 7000 x3"]
)
def test_phone_numbers_as_people_write_them_are_accepted(client, phone, contact_form):
    assert client.post(CONTACT_URL, contact_form(phone=phone)).status_code == 302


@pytest.mark.parametrize("phone", ["call me maybe ☎☎☎", "555-CALL-NOW", "12", "+1 555 <script>", "1" * 25])
def test_anything_else_in_the_phone_field_is_refused_with_a_clear_message(client, phone, contact_form):
    response = client.post(CONTACT_URL, contact_form(phone=phone))
    assert_refused(response, "Please enter a phone number with digits, spaces and + - ( ) . only")


def test_the_error_summary_lists_each_problem_once_in_plain_words(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(name="", email="not-an-address", acknowledgement=None))
    summary = response.content.decode().split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Please tell us your name." in summary
    assert "Please enter an email address like name@example.com." in summary
    assert ">Please confirm that this is not an emergency and contains no clinical details.</a>" in summary
    assert ".:" not in summary


def test_a_forged_or_missing_timer_is_refused(client, contact_form):
    assert_refused(client.post(CONTACT_URL, contact_form(started="1700000000")), "couldn’t send that", 400)
    assert_refused(client.post(CONTACT_URL, contact_form(started=None)), "couldn’t send that", 400)


def test_an_over_long_message_is_refused_with_a_clear_message(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(message="x" * 1001))
    assert_refused(response, "Please keep your message to 1000 characters (it has 1001).")
    assert 'id="id_message_error"' in response.content.decode()
    assert 'aria-describedby="id_message_helptext id_message_error"' in response.content.decode()


def test_a_missing_acknowledgement_is_refused_with_a_clear_message(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(acknowledgement=None))
    assert_refused(response, "Please confirm that this is not an emergency and contains no clinical details.")


def test_phone_as_preferred_contact_needs_a_phone_number(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(preferred_contact="phone", phone=""))
    assert_refused(response, "Please add a phone number")


def test_the_sixth_request_in_an_hour_from_one_address_is_refused(client, contact_form):
    for _ in range(REQUESTS_PER_HOUR):
        assert client.post(CONTACT_URL, contact_form()).status_code == 302
    mail.outbox.clear()
    response = client.post(CONTACT_URL, contact_form(name="Sixth Request"))
    assert response.status_code == 429
    assert "several requests in the last hour" in response.content.decode()
    assert not ConsultationRequest.objects.filter(name="Sixth Request").exists()
    assert ConsultationRequest.objects.count() == REQUESTS_PER_HOUR
    assert not mail.outbox


def test_another_address_is_not_limited_by_the_first(client, contact_form):
    for _ in range(REQUESTS_PER_HOUR):
        client.post(CONTACT_URL, contact_form())
    assert client.post(CONTACT_URL, contact_form(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_admin_inbox_lists_requests_and_opening_one_sends_nothing(admin_client, client, contact_form):
    client.post(CONTACT_URL, contact_form())
    mail.outbox.clear()
    saved = ConsultationRequest.objects.get()
    inbox = admin_client.get(reverse("admin:contact_consultationrequest_changelist")).content.decode()
    assert "Alex Doe" in inbox
    detail = admin_client.get(reverse("admin:contact_consultationrequest_change", args=[saved.pk]))
    assert PRIVATE_MESSAGE in detail.content.decode()
    assert not mail.outbox
    admin_client.post(reverse("admin:contact_consultationrequest_change", args=[saved.pk]), {"status": "replied"})
    saved.refresh_from_db()
    assert saved.status == ConsultationRequest.Status.REPLIED
    assert not mail.outbox


def test_the_admin_inbox_filters_by_status(admin_client):
    ConsultationRequest.objects.create(name="Open one", email="a@example.com", message="hi")
    ConsultationRequest.objects.create(name="Closed one", email="b@example.com", message="hi", status="closed")
    response = admin_client.get(reverse("admin:contact_consultationrequest_changelist"), {"status__exact": "closed"})
    assert [item.name for item in response.context["cl"].result_list] == ["Closed one"]


def test_the_notification_links_to_the_configured_site_never_to_the_visitors_host(client, settings, contact_form):
    """A forged Host header (with a loose ALLOWED_HOSTS) must not send the therapist to the attacker's site."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://quietroom.example"
    client.post(CONTACT_URL, contact_form(), HTTP_HOST="attacker.example")
    (email,) = mail.outbox
    assert "attacker.example" not in email.body
    saved = ConsultationRequest.objects.get()
    assert f"https://quietroom.example{reverse('admin:contact_consultationrequest_change', args=[saved.pk])}" in (
        email.body
    )


def test_a_copy_of_the_form_sends_one_request_only(client, contact_form):
    """The signed timer proves the form was opened a while ago; replayed, it would let a script send forever."""
    data = contact_form()
    assert client.post(CONTACT_URL, data).status_code == 302
    replayed = client.post(CONTACT_URL, data)
    assert replayed.status_code == 409
    assert "This form was already sent, and that request has reached us." in replayed.content.decode()
    assert ConsultationRequest.objects.count() == 1


def test_a_counting_window_that_closes_mid_count_loses_nothing(client, contact_form, monkeypatch):
    """The hour's counter expires between "is there one?" and "add one": the request still goes through."""
    from django.core.cache import cache

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    def expired(*args, **kwargs):
        raise ValueError("Key not found")

    monkeypatch.setattr(cache, "incr", expired)
    response = client.post(CONTACT_URL, contact_form())
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().is_notification_sent
    assert len(mail.outbox) == 1
