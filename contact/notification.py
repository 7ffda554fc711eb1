"""The email that tells the practice a consultation request arrived, sent by the background worker.

The visitor's POST stores the request and, once that is committed, queues `notify_therapist` (django-tasks,
run by `manage.py db_worker`). The visitor never waits on the mail server, and the request is kept whatever
becomes of the email. The email says only that a request arrived, with a link to it in the admin built from
DJANGO_SITE_URL (never from a visitor's Host header): never the sender's name, address, phone or message.

Never sent twice by two runs. A run claims the request by switching `is_notification_sent` on in one conditional
UPDATE before it talks to the mail server; a second run of the task, or a second worker, finds it claimed
and sends nothing. A failure hands the claim back. We chose this order over "send, then mark" (which never
misses an email but sends it twice whenever two runs overlap) because the inbox, not the email, is where
requests are read: a missed announcement still leaves the request listed as New, while a duplicate looks
like a second person asking. What it costs: a worker killed between the claim and the mail server's answer
leaves the request marked as notified without an email. (One duplicate remains possible: a mail server
that takes the message and drops the connection before confirming it looks like a temporary failure, and
the next attempt sends it again.)

A temporary failure (server unreachable, disconnected, a 4xx answer) is tried up to MAX_ATTEMPTS times in
all, each wait twice the one before (5, 10, 20, 40 minutes). A permanent one (a 5xx answer, wrong
settings), or the last attempt failing, leaves `is_notification_sent` off, where the inbox's "notification
sent" filter shows it, and is logged.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from contact.models import ConsultationRequest
from core.throttling import count, uncount
from pages.models import PracticeProfile

logger = logging.getLogger(__name__)

# New-request emails to the practice in a day: past this, requests are kept in the inbox without one,
# so that a flood of requests from many addresses cannot bury the practice's mailbox.
NOTIFICATIONS_PER_DAY = 20
DAY_SECONDS = 24 * 60 * 60
DAILY_COUNTER = "contact:notifications"

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=5)


def is_temporary(error):
    """Whether trying again later may succeed: no answer from the mail server, or a 4xx one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _reason in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return False  # e.g. STARTTLS required by the settings, not offered by the server
    return isinstance(error, OSError)  # refused, timed out, disconnected, host not found


def retry_delay(attempt):
    """How long to wait after the given attempt failed: twice as long after each failure."""
    return FIRST_RETRY_DELAY * 2 ** (attempt - 1)


def _claim(request_id):
    return ConsultationRequest.objects.filter(pk=request_id, is_notification_sent=False).update(
        is_notification_sent=True
    )


def _release(request_id):
    ConsultationRequest.objects.filter(pk=request_id).update(is_notification_sent=False)


def _send(request_id, recipient):
    change_url = reverse(f"{admin.site.name}:contact_consultationrequest_change", args=[request_id])
    send_mail(
        "New consultation request",
        f"New consultation request — read it in the admin:\n{settings.SITE_URL}{change_url}\n",
        None,
        [recipient],
    )


@task()
def notify_therapist(request_id, attempt=1):
    """Email the practice that request `request_id` arrived: once, within the day's limit, retried if need be."""
    recipient = PracticeProfile.load().email
    if not recipient:
        logger.warning("Consultation request %s stored; no practice email to notify.", request_id)
        return "no practice email: nothing sent"
    if not _claim(request_id):
        return "already sent, or no longer in the inbox"
    if count(DAILY_COUNTER, DAY_SECONDS) > NOTIFICATIONS_PER_DAY:
        _release(request_id)
        logger.warning("Consultation request %s stored; today's email limit is reached.", request_id)
        return "today's limit is reached: nothing sent"
    try:
        _send(request_id, recipient)
    except Exception as error:
        _release(request_id)
        uncount(DAILY_COUNTER, DAY_SECONDS)  # the day's limit counts emails that went out
        return _failed(request_id, attempt, error)
    return "sent"


def _failed(request_id, attempt, error):
    """Queue the next attempt after a temporary failure; otherwise log that the practice was not told."""
    if is_temporary(error) and attempt < MAX_ATTEMPTS:
        delay = retry_delay(attempt)
        notify_therapist.using(run_after=timezone.now() + delay).enqueue(request_id, attempt + 1)
        logger.warning(
            "Could not send the notification for consultation request %s (%s: %s); trying again in %s minutes.",
            request_id,
            type(error).__name__,
            error,
            int(delay.total_seconds() // 60),
        )
        return f"temporary failure, attempt {attempt}: {error}"
    logger.error(
        "Could not send the notification for consultation request %s (%s: %s); not trying again. "
        "The inbox shows it with “notification sent” off.",
        request_id,
        type(error).__name__,
        error,
        exc_info=not isinstance(error, OSError),
    )
    return f"not sent, attempt {attempt}: {error}"
