"""The consultation request: stored first, announced without private details, protected from abuse."""

import logging
import socket
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contact import notification
from contact.forms import ACKNOWLEDGEMENT, form_started_token
from contact.models import ConsultationRequest
from contact.notification import MAX_ATTEMPTS, NOTIFICATIONS_PER_DAY, notify_therapist, retry_delay
from contact.views import REQUESTS_PER_HOUR
from pages.models import PracticeProfile

pytestmark = pytest.mark.django_db
# The notification is queued when the request commits, and sent by the worker.
through_the_worker = pytest.mark.django_db(transaction=True)

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


def queued_notifications(status=TaskResultStatus.READY):
    return DBTaskResult.objects.filter(task_path=notify_therapist.module_path, status=status)


@pytest.fixture
def mail_server_down(settings):
    """The site sends through SMTP to a port where nothing listens: every connection is refused."""
    from deploy.local_services import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""


def make_due_now():
    """The worker's next attempt, queued for later, is due at once (instead of waiting minutes in real time)."""
    queued_notifications().update(run_after=timezone.now())


@through_the_worker
def test_a_valid_request_is_saved_then_announced_without_message_or_phone(client, contact_form, run_worker):
    response = client.post(CONTACT_URL, contact_form(phone=PRIVATE_PHONE, message=PRIVATE_MESSAGE))
    assert response.status_code == 302
    run_worker()
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


@through_the_worker
def test_the_practice_gets_at_most_twenty_request_emails_a_day_and_every_request_is_kept(contact_form, run_worker):
    for number in range(25):
        visitor = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert visitor.post(CONTACT_URL, contact_form()).status_code == 302
    run_worker()
    assert ConsultationRequest.objects.count() == 25
    assert NOTIFICATIONS_PER_DAY == 20
    assert len(mail.outbox) == 20
    assert ConsultationRequest.objects.filter(is_notification_sent=False).count() == 5


def test_the_thank_you_page_follows_and_refresh_does_not_resubmit(client, contact_form):
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    assert client.get(reverse("contact:thanks")).status_code == 200
    assert ConsultationRequest.objects.count() == 1


@through_the_worker
def test_a_failing_email_backend_keeps_the_request_and_still_thanks_the_visitor(
    client, settings, caplog, contact_form, run_worker
):
    settings.EMAIL_BACKEND = "tests.support.FailingEmailBackend"
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    run_worker()
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


@through_the_worker
def test_the_notification_links_to_the_configured_site_never_to_the_visitors_host(
    client, settings, contact_form, run_worker
):
    """A forged Host header (with a loose ALLOWED_HOSTS) must not send the therapist to the attacker's site."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://quietroom.example"
    client.post(CONTACT_URL, contact_form(), HTTP_HOST="attacker.example")
    run_worker()
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


@through_the_worker
def test_a_counting_window_that_closes_mid_count_loses_nothing(client, contact_form, monkeypatch, run_worker):
    """The hour's counter expires between "is there one?" and "add one": the request still goes through."""
    from django.core.cache import cache

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    def expired(*args, **kwargs):
        raise ValueError("Key not found")

    monkeypatch.setattr(cache, "incr", expired)
    response = client.post(CONTACT_URL, contact_form())
    assert response.status_code == 302
    run_worker()
    assert ConsultationRequest.objects.get().is_notification_sent
    assert len(mail.outbox) == 1


@through_the_worker
def test_the_visitor_is_thanked_without_the_site_talking_to_the_mail_server(client, settings, contact_form):
    """A mail server that accepts connections and never answers would hold the visitor for EMAIL_TIMEOUT."""
    with socket.socket() as silent_server:
        silent_server.bind(("127.0.0.1", 0))
        silent_server.listen()
        silent_server.setblocking(False)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent_server.getsockname()
        settings.EMAIL_USE_TLS = False
        response = client.post(CONTACT_URL, contact_form(), follow=True)
        with pytest.raises(BlockingIOError):
            silent_server.accept()  # no connection waiting: the request never reached for the mail server
    assert "your request has been received" in response.content.decode()
    saved = ConsultationRequest.objects.get()
    assert not saved.is_notification_sent
    (queued,) = queued_notifications()
    assert queued.args_kwargs["args"] == [saved.pk]


@through_the_worker
def test_a_queue_that_cannot_take_the_notification_still_keeps_the_request_and_thanks_the_visitor(
    client, contact_form, monkeypatch
):
    from django.db import OperationalError

    class UnreachableQueue:
        def enqueue(self, *args):
            raise OperationalError("the task table is locked")

    monkeypatch.setattr("contact.views.notify_therapist", UnreachableQueue())
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    assert not ConsultationRequest.objects.get().is_notification_sent


@through_the_worker
def test_with_the_mail_server_down_the_request_is_kept_and_its_email_waits_in_the_queue(
    client, contact_form, mail_server_down, run_worker
):
    response = client.post(CONTACT_URL, contact_form(), follow=True)
    assert "your request has been received" in response.content.decode()
    run_worker()
    assert not ConsultationRequest.objects.get().is_notification_sent
    assert queued_notifications().count() == 1, "the next attempt"


@through_the_worker
def test_the_worker_sends_the_email_through_the_mail_server(client, contact_form, mail_server, run_worker):
    client.post(CONTACT_URL, contact_form(phone=PRIVATE_PHONE, message=PRIVATE_MESSAGE))
    assert mail_server.messages == [], "nothing is sent during the visitor's request"
    run_worker()
    (email,) = mail_server.to("therapist@quietroom.example")
    assert email["Subject"] == "New consultation request"
    for private in (PRIVATE_MESSAGE, PRIVATE_PHONE, "Alex", "alex@example.com"):
        assert private not in email.as_string()
    assert ConsultationRequest.objects.get().is_notification_sent


@through_the_worker
def test_a_notification_run_twice_is_sent_once(client, contact_form, mail_server, run_worker):
    client.post(CONTACT_URL, contact_form())
    notify_therapist.enqueue(ConsultationRequest.objects.get().pk)
    run_worker()
    assert len(mail_server.messages) == 1
    assert queued_notifications(TaskResultStatus.SUCCESSFUL).count() == 2
    notify_therapist.enqueue(ConsultationRequest.objects.get().pk)
    run_worker()
    assert len(mail_server.messages) == 1


@through_the_worker
def test_a_mail_server_asking_to_try_later_gets_the_email_on_a_later_attempt(
    client, contact_form, mail_server, run_worker
):
    mail_server.refuse = {"therapist@quietroom.example": "451 4.3.0 Try again later"}
    client.post(CONTACT_URL, contact_form())
    run_worker()
    assert mail_server.messages == []
    assert not ConsultationRequest.objects.get().is_notification_sent
    (retry,) = queued_notifications()
    assert retry.run_after > timezone.now() + retry_delay(1) - timedelta(minutes=1)

    mail_server.refuse = {}
    run_worker()
    assert mail_server.messages == [], "not before its time"
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        run_worker()
    assert len(mail_server.to("therapist@quietroom.example")) == 1
    assert ConsultationRequest.objects.get().is_notification_sent
    assert not queued_notifications().exists()


@through_the_worker
def test_a_mail_server_that_stays_down_is_tried_a_few_times_ever_more_slowly_then_given_up(
    client, contact_form, mail_server_down, run_worker, caplog
):
    client.post(CONTACT_URL, contact_form())
    waits = []
    with caplog.at_level(logging.WARNING, logger="contact.notification"):
        for _ in range(MAX_ATTEMPTS):
            make_due_now()
            run_worker()
            waits += [task.run_after - timezone.now() for task in queued_notifications()]
    assert len(waits) == MAX_ATTEMPTS - 1
    assert waits == sorted(waits) and waits[0] > timedelta(minutes=4)
    assert not queued_notifications().exists()
    assert not ConsultationRequest.objects.get().is_notification_sent
    *retries, last = [record for record in caplog.records if record.name == "contact.notification"]
    assert len(retries) == MAX_ATTEMPTS - 1 and all("trying again in" in record.message for record in retries)
    assert last.levelname == "ERROR" and "not trying again" in last.message


@through_the_worker
def test_a_refused_address_is_not_tried_again_and_the_inbox_shows_it(client, contact_form, mail_server, run_worker):
    mail_server.refuse = {"therapist@quietroom.example": "550 5.1.1 No such user"}
    client.post(CONTACT_URL, contact_form())
    run_worker()
    assert not queued_notifications().exists()
    assert not ConsultationRequest.objects.get().is_notification_sent


@through_the_worker
def test_an_attempt_that_failed_does_not_use_up_the_days_emails(
    client, contact_form, mail_server, run_worker, monkeypatch
):
    monkeypatch.setattr(notification, "NOTIFICATIONS_PER_DAY", 1)
    mail_server.refuse = {"therapist@quietroom.example": "421 4.7.0 Too busy"}
    client.post(CONTACT_URL, contact_form())
    run_worker()
    mail_server.refuse = {}
    make_due_now()
    run_worker()
    assert len(mail_server.messages) == 1


@pytest.mark.parametrize(
    ("availability", "words"),
    [("accepting", "Request a consultation"), ("waitlist", "Join the waitlist"), ("closed", "Not taking new clients")],
)
def test_the_contact_pages_title_and_heading_say_the_same(client, profile, availability, words):
    profile.availability = availability
    profile.booking_url = "https://booking.example/quiet-room"
    profile.booking_label = "Book a free 15-minute call"
    profile.save()
    page = client.get(reverse("contact:form")).content.decode()
    assert f"<title>{words} — " in page and f"<h1>{words}</h1>" in page
