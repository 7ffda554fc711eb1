"""Addresses are kept no longer than the privacy policy says: removed every night by the worker."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from core.maintenance import daily_job
from subscriptions.models import Subscriber

UNCONFIRMED_DAYS = 7
# However often the address is entered again, a never-confirmed address is kept this long at most.
PENDING_AT_MOST_DAYS = 14
UNSUBSCRIBED_DAYS = 30


@daily_job
def remove_stale_subscribers():
    """Delete never-confirmed and long-unsubscribed addresses; return how many.

    Never confirmed: 7 days after the last link was sent, and 14 days after the first request at the latest.
    Unsubscribed: after 30 days.
    """
    now = timezone.now()
    unconfirmed_since = now - timedelta(UNCONFIRMED_DAYS)
    # Never confirmed, and no confirmation link sent in the last 7 days that could still be used.
    stale = Q(confirmed_at__isnull=True, unsubscribed_at__isnull=True, created_at__lt=unconfirmed_since) & (
        Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=unconfirmed_since)
    )
    pending_too_long = now - timedelta(PENDING_AT_MOST_DAYS)
    stale |= Q(confirmed_at__isnull=True, unsubscribed_at__isnull=True, created_at__lt=pending_too_long)
    stale |= Q(unsubscribed_at__lt=now - timedelta(UNSUBSCRIBED_DAYS))
    deleted, by_model = Subscriber.objects.filter(stale).delete()
    return by_model.get(Subscriber._meta.label, 0)
