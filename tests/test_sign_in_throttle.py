"""Admin sign-in: after 5 failures for a username or from an address within 15 minutes, 15 minutes' pause."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pages.sign_in import LOCKED_MESSAGE

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
