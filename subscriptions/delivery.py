"""Each article to each confirmed reader, once, at its publication time.

Saving a post queues `email_post` for its publication time (django-tasks,
run by `manage.py db_worker`). When it runs it reads the post again and sends
only if the post is public now: a post moved back to draft, deleted or
rescheduled sends nothing then (a rescheduled post was queued again when it
was saved).

Exactly once per (article, reader): a Delivery row, unique for the pair, is
claimed before its email is sent and marked sent after. Two workers, a
retried task or a second queued run all claim through that row, so none
sends what another has claimed. A worker killed mid-batch leaves at most one
claim unfinished; every run first queues a check-up for after CLAIM_TIMEOUT,
which sends what is left, including that one (with the same Message-ID, so
a mail system that did receive it can tell).
"""

import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from blog.models import Post
from subscriptions.emails import article_email
from subscriptions.models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)

# An article published longer ago than this is never emailed (an old article edited, a worker long stopped).
TOO_LATE = timedelta(days=3)
MAX_ATTEMPTS = 6  # runs, each follow-up waiting twice as long as the one before


class TemporaryFailure(Exception):
    """The mail server could not be reached or asked to try later: the rest waits for the next attempt."""


def claim_timeout():
    return timedelta(seconds=settings.SUBSCRIPTION_CLAIM_TIMEOUT)


def queue_email(post):
    """Queue the sending for the post's publication time, if it is one to be emailed."""
    if not (post.email_subscribers and post.status == Post.Status.PUBLISHED and post.published_at):
        return
    if post.published_at < timezone.now() - timedelta(hours=1) or Mailing.objects.filter(post=post).exists():
        return  # an article public for a while, or already emailed: editing it sends nothing
    run_after = max(post.published_at, timezone.now())
    if not queued_runs(post.pk).filter(run_after=run_after).exists():
        transaction.on_commit(lambda: email_post.using(run_after=run_after).enqueue(post.pk))


def queued_runs(post_id):
    """Runs of `email_post` for the post that are queued and not started."""
    return DBTaskResult.objects.filter(
        task_path=email_post.module_path, status=TaskResultStatus.READY, args_kwargs__args__0=post_id
    )


def _start_mailing(post):
    """The post's Mailing: made once, by whichever run comes first; its readers are those confirmed by then."""
    try:
        with transaction.atomic():
            now = timezone.now()
            return Mailing.objects.create(
                post=post, started_at=now, recipient_count=Subscriber.objects.confirmed().count()
            )
    except IntegrityError:
        return Mailing.objects.get(post=post)


def _readers_left(mailing):
    return (
        Subscriber.objects.confirmed().filter(confirmed_at__lte=mailing.started_at).exclude(deliveries__mailing=mailing)
    )


def _claim(mailing, subscriber, worker):
    """This worker's Delivery for the reader, or None when another worker has it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(mailing=mailing, subscriber=subscriber, claimed_by=worker)
    except IntegrityError:
        return None


def _reclaim_abandoned(mailing, worker):
    """Claims left unfinished by a worker that stopped: taken over, one by one, by this worker."""
    abandoned = mailing.deliveries.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=timezone.now() - claim_timeout()
    ).select_related("subscriber")
    for delivery in abandoned:
        taken = Delivery.objects.filter(pk=delivery.pk, claimed_by=delivery.claimed_by, claimed_at=delivery.claimed_at)
        if taken.update(claimed_by=worker, claimed_at=timezone.now()):
            yield delivery


def _send(connection, delivery, post):
    """Send one claimed email; a refusal for this address is recorded, anything else is temporary."""
    try:
        connection.send_messages([article_email(post, delivery.subscriber)])
    except smtplib.SMTPRecipientsRefused as error:
        code, reason = next(iter(error.recipients.values()))
        if code < 500:
            raise TemporaryFailure(f"{code} {reason!r}") from error
        _record(delivery, Delivery.Status.FAILED, f"{code} {reason.decode(errors='replace')}")
        return
    except smtplib.SMTPResponseException as error:
        if error.smtp_code < 500:
            raise TemporaryFailure(f"{error.smtp_code}") from error
        _record(delivery, Delivery.Status.FAILED, f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}")
        return
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(str(error)) from error
    _record(delivery, Delivery.Status.SENT)


def _record(delivery, status, error=""):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, error=error[:300], sent_at=timezone.now() if status == Delivery.Status.SENT else None
    )


def _follow_up(post_id, attempt):
    """Queue the next run, unless one is waiting: it finishes what a stopped worker or a failure left.

    Each later run waits twice as long (CLAIM_TIMEOUT, then 2×, 4×…): the backoff after temporary failures.
    """
    if not queued_runs(post_id).exists():
        delay = claim_timeout() * 2 ** (attempt - 1)
        email_post.using(run_after=timezone.now() + delay).enqueue(post_id, attempt + 1)


@task()
def email_post(post_id, attempt=1):
    post = Post.objects.published().filter(pk=post_id, email_subscribers=True).first()
    if post is None:
        return "not public now, or not to be emailed: nothing sent"
    if post.published_at < timezone.now() - TOO_LATE:
        return "published too long ago: nothing sent"
    mailing = _start_mailing(post)
    if mailing.finished_at:
        return "already sent"
    if attempt > MAX_ATTEMPTS:
        return _give_up(mailing)
    _follow_up(post_id, attempt)  # queued before sending: a worker killed mid-batch leaves it waiting
    worker = uuid.uuid4().hex
    sent = 0
    try:
        with get_connection() as connection:  # one SMTP connection for the batch
            for delivery in _reclaim_abandoned(mailing, worker):
                _send(connection, delivery, post)
                sent += 1
            for subscriber in _readers_left(mailing).iterator():
                delivery = _claim(mailing, subscriber, worker)
                if delivery is not None:
                    _send(connection, delivery, post)
                    sent += 1
    except (TemporaryFailure, OSError, smtplib.SMTPException) as failure:  # the last two: opening the connection
        # Released, not failed: the follow-up sends them.
        Delivery.objects.filter(mailing=mailing, claimed_by=worker, status=Delivery.Status.SENDING).delete()
        logger.warning("Emailing post %s: %s after %s sent; the follow-up run tries again.", post_id, failure, sent)
        return f"{sent} sent, then a temporary failure: {failure}"
    if not mailing.deliveries.filter(status=Delivery.Status.SENDING).exists() and not _readers_left(mailing).exists():
        Mailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())
    return f"{sent} sent"


def _give_up(mailing):
    """After MAX_ATTEMPTS runs, whoever is left is recorded as failed, for the therapist to see."""
    for subscriber in _readers_left(mailing):
        delivery = _claim(mailing, subscriber, "gave-up")
        if delivery is not None:
            _record(delivery, Delivery.Status.FAILED, "The mail server could not be reached; not sent.")
    mailing.deliveries.filter(status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED, error="The mail server could not be reached; not sent."
    )
    Mailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())
    logger.error("Emailing post %s: gave up after %s runs.", mailing.post_id, MAX_ATTEMPTS)
    return "gave up"
