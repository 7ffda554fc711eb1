"""Admin sign-in: after 5 failures from an address, or for a username from unknown browsers, 15 minutes' pause."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.sign_in import KNOWN_BROWSER_COOKIE, LOCKED_MESSAGE, ThrottledAdminAuthenticationForm

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")


@pytest.fixture
def therapist(django_user_model):
    return django_user_model.objects.create_user("dana", password="a-long-passphrase-1", is_staff=True)


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("sam", password="another-passphrase-2", is_staff=True)


def sign_in(username, password, address="203.0.113.5", client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": reverse("admin:index")})


def sign_out(client):
    """End the session as signing out does, keeping the browser's other cookies (Client.logout drops them all)."""
    client.post(reverse("admin:logout"))
    assert settings.SESSION_COOKIE_NAME not in client.cookies or not client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def fail_five_times(username="dana", address="203.0.113.5"):
    for _ in range(5):
        response = sign_in(username, "wrong password", address)
        assert response.status_code == 200
        assert LOCKED_MESSAGE not in response.content.decode()


def test_four_failures_still_allow_the_right_password(therapist):
    for _ in range(4):
        sign_in("dana", "wrong password")
    assert signed_in(sign_in("dana", "a-long-passphrase-1"))


def test_five_failures_pause_signing_in_even_with_the_right_password(therapist):
    fail_five_times()
    refused = sign_in("dana", "a-long-passphrase-1")
    assert not signed_in(refused)
    assert LOCKED_MESSAGE in refused.content.decode()


def test_the_pause_covers_the_username_from_any_address(therapist):
    fail_five_times(address="203.0.113.5")
    assert not signed_in(sign_in("dana", "a-long-passphrase-1", address="198.51.100.7"))


def test_the_pause_covers_the_address_for_any_username(therapist, colleague):
    fail_five_times(username="dana", address="203.0.113.5")
    assert not signed_in(sign_in("sam", "another-passphrase-2", address="203.0.113.5"))


def test_others_sign_in_as_usual(therapist, colleague):
    fail_five_times(username="dana", address="203.0.113.5")
    assert signed_in(sign_in("sam", "another-passphrase-2", address="198.51.100.7"))


def test_the_pause_ends_after_fifteen_minutes(therapist):
    fail_five_times()
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1)):
        assert signed_in(sign_in("dana", "a-long-passphrase-1"))


def test_the_address_comes_from_the_trusted_proxy_when_there_is_one(therapist, colleague, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").post(
            LOGIN_URL, {"username": "dana", "password": "wrong"}
        )
    other_visitor = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert signed_in(sign_in("sam", "another-passphrase-2", client=other_visitor))


def test_an_attacker_who_knows_the_login_name_cannot_lock_its_owner_out(therapist):
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert signed_in(sign_in("dana", "a-long-passphrase-1", client=owner))
    sign_out(owner)
    fail_five_times(username="dana", address="203.0.113.5")
    assert signed_in(sign_in("dana", "a-long-passphrase-1", client=owner)), "the owner's browser signed in before"
    assert not signed_in(sign_in("dana", "a-long-passphrase-1", address="192.0.2.44")), "an unknown browser waits"


def test_a_browser_known_for_one_account_is_not_known_for_another(therapist, colleague):
    browser = Client(REMOTE_ADDR="198.51.100.7")
    assert signed_in(sign_in("sam", "another-passphrase-2", client=browser))
    sign_out(browser)
    fail_five_times(username="dana", address="203.0.113.5")
    assert not signed_in(sign_in("dana", "a-long-passphrase-1", client=browser))


def test_the_known_browser_mark_cannot_be_forged(therapist):
    fail_five_times(username="dana", address="203.0.113.5")
    forger = Client(REMOTE_ADDR="198.51.100.7")
    forger.cookies[KNOWN_BROWSER_COOKIE] = "anything"
    assert not signed_in(sign_in("dana", "a-long-passphrase-1", client=forger))


def test_a_known_browser_is_still_paused_by_failures_from_its_own_address(therapist):
    browser = Client(REMOTE_ADDR="203.0.113.5")
    assert signed_in(sign_in("dana", "a-long-passphrase-1", client=browser))
    sign_out(browser)
    for _ in range(5):
        sign_in("dana", "wrong", client=browser)
    assert not signed_in(sign_in("dana", "a-long-passphrase-1", client=browser))


def test_after_signing_in_a_refused_next_address_leads_to_the_admin(therapist):
    response = Client().post(
        LOGIN_URL, {"username": "dana", "password": "a-long-passphrase-1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_known_browser_is_forgotten_when_the_password_changes(therapist):
    browser = Client(REMOTE_ADDR="198.51.100.7")
    assert signed_in(sign_in("dana", "a-long-passphrase-1", client=browser))
    sign_out(browser)
    therapist.set_password("a-new-passphrase-2")
    therapist.save()
    fail_five_times(username="dana", address="203.0.113.5")
    assert not signed_in(sign_in("dana", "a-new-passphrase-2", client=browser))


def test_wrong_passwords_sent_at_the_same_moment_are_checked_no_more_than_the_limit(monkeypatch, rf):
    """40 guesses at once: each is counted before its password is checked, so only five are ever checked."""
    checked = []
    all_in = threading.Barrier(40, timeout=10)

    def slow_wrong_password(form):
        checked.append(form.cleaned_data["username"])
        time.sleep(0.2)  # every attempt is in flight before the first one fails
        raise ValidationError("wrong password", code="invalid_login")

    monkeypatch.setattr(AuthenticationForm, "clean", slow_wrong_password)

    def attempt():
        request = rf.post(LOGIN_URL, REMOTE_ADDR="203.0.113.9")
        form = ThrottledAdminAuthenticationForm(request, data={"username": "dana", "password": "guess"})
        all_in.wait()
        form.is_valid()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 5
