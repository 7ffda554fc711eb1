"""A reader asks for new articles by email: double opt-in through a real SMTP server, and leaving with one click."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from subscriptions import retention
from subscriptions.models import Subscriber, SubscriptionSettings

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/subscribe/"


def subscribe(client, email, **extra):
    return client.post(SUBSCRIBE, {"email": email, "website": "", **extra})


def link_in(message, pattern):
    body = message.get_body(preferencelist=("plain",)).get_content()
    (link,) = re.findall(rf"https?://\S*{pattern}\S*", body)
    return urlsplit(link).path


def confirm(client, message):
    path = link_in(message, "/subscribe/confirm/")
    assert client.get(path).status_code == 200
    return client.post(path)


def test_subscribing_sends_one_confirmation_and_only_the_click_confirms(client, mail_server, profile):
    response = subscribe(client, "Reader@Example.com ")
    assert response.status_code == 200
    assert "Please check your inbox" in response.content.decode()
    (message,) = mail_server.messages
    assert message["To"] == "reader@example.com"
    assert "Quiet Room Therapy" in message["Subject"]
    subscriber = Subscriber.objects.get()
    assert subscriber.state == Subscriber.State.PENDING

    path = link_in(message, "/subscribe/confirm/")
    page = client.get(path)
    assert "Yes, send me new articles" in page.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING, "opening the link (a link checker) is not enough"
    assert "You are subscribed" in client.post(path).content.decode()
    assert Subscriber.objects.get().confirmed_at is not None
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_the_answer_is_the_same_whatever_the_address_and_resends_wait_an_hour(client, mail_server, profile):
    first = subscribe(client, "reader@example.com")
    confirm(client, mail_server.messages[0])
    again = subscribe(client, "reader@example.com")
    stranger = subscribe(client, "new@example.com")
    strip = lambda response, email: response.content.decode().replace(email, "ADDRESS")  # noqa: E731
    assert strip(again, "reader@example.com") == strip(stranger, "new@example.com")
    assert strip(first, "reader@example.com") == strip(stranger, "new@example.com")

    # The confirmed reader is told, once: within the hour of the confirmation email nothing more is sent.
    assert len(mail_server.to("reader@example.com")) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        subscribe(client, "reader@example.com")
        subscribe(client, "reader@example.com")
    (confirmation, already) = mail_server.to("reader@example.com")
    assert "already subscribed" in already.get_content().lower()
    assert Subscriber.objects.get(email="reader@example.com").state == Subscriber.State.CONFIRMED


def test_a_pending_address_gets_at_most_one_confirmation_an_hour(client, mail_server, profile):
    for _ in range(3):
        subscribe(client, "pending@example.com")
    assert len(mail_server.messages) == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        subscribe(client, "pending@example.com")
    assert len(mail_server.messages) == 2


def test_one_address_gets_at_most_three_emails_a_day_however_often_it_is_entered(client, mail_server, profile):
    start = timezone.now().replace(hour=0, minute=30)  # the counter's day is a UTC day: stay inside one
    for hour in range(10):
        with time_machine.travel(start + timedelta(minutes=61 * hour)):
            subscribe(client, "pending@example.com", REMOTE_ADDR=f"203.0.113.{hour}")
    assert len(mail_server.messages) == 3


def test_the_confirmation_link_does_not_carry_the_unsubscribe_token(client, mail_server, profile):
    from django.core import signing

    subscribe(client, "reader@example.com")
    token = link_in(mail_server.messages[0], "/subscribe/confirm/").rstrip("/").rsplit("/", 1)[1]
    unsubscribe_token = Subscriber.objects.get().token
    assert unsubscribe_token not in token
    assert unsubscribe_token not in str(signing.loads(token, salt="subscriptions.confirm"))
    assert client.post(reverse("subscriptions:unsubscribe", args=[token])).status_code == 404


@pytest.mark.parametrize(
    "email",
    [
        "not-an-address",
        "reader@example.com\r\nBcc: victim@example.com",
        "reader@example.com\nSubject: hello",
        "a" * 10_000 + "@example.com",
        "",
    ],
)
def test_bad_addresses_get_a_clear_message_and_nothing_is_stored_or_sent(client, mail_server, email):
    response = subscribe(client, email)
    assert response.status_code == 400
    assert "Please" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not mail_server.messages


def test_a_filled_honeypot_looks_accepted_but_sends_nothing(client, mail_server):
    response = subscribe(client, "bot@example.com", website="http://spam.example")
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not mail_server.messages


def test_limits_per_visitor_and_per_address(client, mail_server, profile):
    for number in range(10):
        subscribe(client, f"reader{number}@example.com")
    refused = subscribe(client, "one-more@example.com")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.com").exists()


def test_another_site_cannot_subscribe_someone_through_a_visitor_s_browser(client, mail_server):
    response = client.post(SUBSCRIBE, {"email": "victim@example.com"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("tamper", ["drop-last", "other-salt", "garbage", "long"])
def test_a_tampered_confirmation_link_gets_a_clear_page(client, mail_server, profile, tamper):
    from django.core import signing

    subscribe(client, "reader@example.com")
    path = link_in(mail_server.messages[0], "/subscribe/confirm/")
    token = path.rstrip("/").rsplit("/", 1)[1]
    token = {
        "drop-last": token[:-1],
        "other-salt": signing.dumps({"reader": Subscriber.objects.get().token}),
        "garbage": "abc",
        "long": "x" * 10_000,
    }[tamper]
    response = client.post(reverse("subscriptions:confirm", args=[token]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_a_confirmation_link_expires_after_seven_days(client, mail_server, profile):
    subscribe(client, "reader@example.com")
    path = link_in(mail_server.messages[0], "/subscribe/confirm/")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(path)
    assert response.status_code == 400
    assert "more than 7 days old" in response.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_a_link_for_another_address_confirms_only_that_address(client, mail_server, profile):
    subscribe(client, "one@example.com")
    subscribe(client, "two@example.com")
    confirm(client, mail_server.to("one@example.com")[0])
    assert Subscriber.objects.get(email="one@example.com").state == Subscriber.State.CONFIRMED
    assert Subscriber.objects.get(email="two@example.com").state == Subscriber.State.PENDING


def test_unsubscribing_is_one_button_or_one_click_and_twice_is_fine(client, mail_server, profile):
    subscribe(client, "reader@example.com")
    confirm(client, mail_server.messages[0])
    subscriber = Subscriber.objects.get()
    path = reverse("subscriptions:unsubscribe", args=[subscriber.token])
    page = client.get(path)
    assert '<button type="submit" class="button">Unsubscribe</button>' in page.content.decode()
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

    # RFC 8058: the mail client POSTs, with no cookie and no CSRF token.
    one_click = client.__class__(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
    assert client.post(path).status_code == 200
    assert "You are unsubscribed" in client.get(path).content.decode()


def test_an_unknown_unsubscribe_token_is_not_found(client):
    assert client.post(reverse("subscriptions:unsubscribe", args=["no-such-token"])).status_code == 404


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(client, mail_server, profile):
    subscribe(client, "reader@example.com")
    path = link_in(mail_server.messages[0], "/subscribe/confirm/")
    client.post(path)
    client.post(reverse("subscriptions:unsubscribe", args=[Subscriber.objects.get().token]))
    assert client.post(path).status_code == 400
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED


def test_subscribing_again_after_leaving_needs_a_new_confirmation(client, mail_server, profile):
    subscribe(client, "reader@example.com")
    confirm(client, mail_server.messages[0])
    client.post(reverse("subscriptions:unsubscribe", args=[Subscriber.objects.get().token]))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        subscribe(client, "reader@example.com")
        assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
        confirm(client, mail_server.messages[-1])
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_the_form_is_in_latest_posts_at_the_end_of_articles_and_in_the_footer(client, post_factory, profile):
    post = post_factory(title="On rest")
    article = client.get(post.get_absolute_url()).content.decode()
    assert article.count('action="/subscribe/"') == 1, "once per page: in the Latest posts block"
    assert article.index('action="/subscribe/"') > article.index('id="latest-posts"')
    home = client.get("/").content.decode()
    assert 'action="/subscribe/"' in home
    assert "Stay informed" in home
    SubscriptionSettings(subscribe_heading="New articles by email").save()
    assert "New articles by email" in client.get("/services/").content.decode()


def test_the_subscribe_page_works_without_javascript(client):
    page = client.get(SUBSCRIBE)
    assert page.status_code == 200
    assert '<input type="email" name="email"' in page.content.decode()


def test_old_unconfirmed_and_unsubscribed_addresses_are_removed_at_night():
    now = timezone.now()
    Subscriber.objects.create(email="old-pending@example.com", created_at=now - timedelta(days=8))
    Subscriber.objects.create(email="new-pending@example.com", created_at=now - timedelta(days=6))
    Subscriber.objects.create(email="confirmed@example.com", created_at=now - timedelta(days=400), confirmed_at=now)
    Subscriber.objects.create(
        email="left-long-ago@example.com", confirmed_at=now, unsubscribed_at=now - timedelta(days=31)
    )
    Subscriber.objects.create(
        email="left-lately@example.com", confirmed_at=now, unsubscribed_at=now - timedelta(days=2)
    )
    Subscriber.objects.create(  # entered again every few days: each new link would otherwise keep it forever
        email="asked-again-and-again@example.com",
        created_at=now - timedelta(days=15),
        confirmation_sent_at=now - timedelta(days=1),
    )
    assert retention.remove_stale_subscribers() == 3
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "new-pending@example.com",
        "confirmed@example.com",
        "left-lately@example.com",
    }


def test_the_therapist_sees_subscribers_by_state_exports_and_deletes_them(admin_client, post_factory):
    from subscriptions.models import Delivery, Mailing

    now = timezone.now()
    reader = Subscriber.objects.create(email="reader@example.com", confirmed_at=now)
    Subscriber.objects.create(email="pending@example.com")
    Subscriber.objects.create(email="=cmd@example.com", confirmed_at=now, unsubscribed_at=now)
    mailing = Mailing.objects.create(post=post_factory(), started_at=now, recipient_count=1)
    Delivery.objects.create(mailing=mailing, subscriber=reader, status=Delivery.Status.SENT, claimed_by="w")

    listing = admin_client.get(reverse("admin:subscriptions_subscriber_changelist")).content.decode()
    for label in ("Waiting for confirmation (1)", "Confirmed (1)", "Unsubscribed (1)"):
        assert label in listing
    assert "Unconfirmed addresses are removed after 7 days" in listing
    confirmed = admin_client.get(reverse("admin:subscriptions_subscriber_changelist") + "?state=confirmed")
    assert "reader@example.com" in confirmed.content.decode()
    assert "pending@example.com" not in confirmed.content.decode()
    found = admin_client.get(reverse("admin:subscriptions_subscriber_changelist") + "?q=pending")
    assert "pending@example.com" in found.content.decode()

    export = admin_client.post(
        reverse("admin:subscriptions_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )
    assert export["Content-Type"].startswith("text/csv")
    rows = export.content.decode().splitlines()
    assert rows[0] == "email,state,asked on,confirmed,unsubscribed"
    assert any(row.startswith("'=cmd@example.com,unsubscribed") for row in rows), "no formula in a spreadsheet"

    admin_client.post(reverse("admin:subscriptions_subscriber_delete", args=[reader.pk]), {"post": "yes"})
    assert not Subscriber.objects.filter(email="reader@example.com").exists()
    assert not Delivery.objects.exists(), "everything about the address goes with it"


def test_staff_without_the_permission_cannot_see_subscribers(staff):
    _, client = staff(role="Writer")
    assert client.get(reverse("admin:subscriptions_subscriber_changelist")).status_code == 403
