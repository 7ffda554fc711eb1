"""Subscribing (double opt-in), confirming and unsubscribing.

The answer to a request is the same page whatever the address's state, so the
form never tells anyone whether an address is subscribed. The forms sit on
cached pages that carry no CSRF token, so subscribing and one-click
unsubscribing (RFC 8058: mail clients POST without one) are exempt from
Django's CSRF check; a POST whose browser says it comes from another site is
refused, and nothing is sent to an address without its owner's click.
"""

import logging
from datetime import timedelta
from hashlib import sha256
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.throttling import client_ip, count
from subscriptions.emails import already_subscribed_email, confirmation_email
from subscriptions.forms import SubscribeForm
from subscriptions.models import Subscriber
from subscriptions.tokens import InvalidLink, subscriber_for_confirmation

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 24 * HOUR
REQUESTS_PER_VISITOR_PER_HOUR = 10
REQUESTS_PER_ADDRESS_PER_HOUR = 3
# Emails to one address in a day: a stranger re-entering someone's address cannot fill their inbox.
EMAILS_PER_ADDRESS_PER_DAY = 3
RATE_LIMITED_MESSAGE = "Too many requests from here in the last hour. Please try again later."


def _from_another_site(request):
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return request.headers.get("Sec-Fetch-Site") == "cross-site"
    return urlsplit(origin).netloc not in {request.get_host(), urlsplit(settings.SITE_URL).netloc}


def _send(message):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send a subscription email.")
        return False
    return True


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "subscriptions/subscribe.html", {"subscribe_form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    if _from_another_site(request):
        return render(request, "subscriptions/subscribe.html", {"subscribe_form": SubscribeForm()}, status=403)
    if count(f"subscriptions:visitor:{client_ip(request)}", HOUR) > REQUESTS_PER_VISITOR_PER_HOUR:
        return render(
            request,
            "subscriptions/subscribe.html",
            {"subscribe_form": form, "refusal": RATE_LIMITED_MESSAGE},
            status=429,
        )
    if not form.is_valid():
        return render(request, "subscriptions/subscribe.html", {"subscribe_form": form}, status=400)
    email = form.cleaned_data["email"]
    address_key = f"subscriptions:address:{sha256(email.encode()).hexdigest()}"
    if form.is_bot:
        logger.info("Subscription refused: honeypot filled.")
    elif count(address_key, HOUR) <= REQUESTS_PER_ADDRESS_PER_HOUR:
        answer_request(email, address_key)
    return render(request, "subscriptions/check_your_inbox.html", {"email": email})


def answer_request(email, address_key):
    """Send what the address's state calls for, at most once an hour and three times a day.

    A confirmation, or “already subscribed”.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < timedelta(hours=1):
            return
        if count(f"{address_key}:emails", DAY) > EMAILS_PER_ADDRESS_PER_DAY:
            logger.info("Subscription email not sent: the daily limit for this address is reached.")
            return
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
    confirmed = subscriber.state == Subscriber.State.CONFIRMED
    _send(already_subscribed_email(subscriber) if confirmed else confirmation_email(subscriber))


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows one button, POST confirms: a mail system's link checker opening the link confirms nothing."""
    try:
        subscriber = subscriber_for_confirmation(token, Subscriber.objects.all())
    except InvalidLink as invalid:
        return render(request, "subscriptions/invalid_link.html", {"message": invalid.message}, status=400)
    if request.method == "POST" and subscriber.state != Subscriber.State.CONFIRMED:
        subscriber.confirmed_at, subscriber.unsubscribed_at = timezone.now(), None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return render(request, "subscriptions/confirm.html", {"subscriber": subscriber})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button; POST (the button, or a mail client's RFC 8058 one-click) unsubscribes."""
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST" and subscriber.state != Subscriber.State.UNSUBSCRIBED:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return render(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber})
