"""Consultation requests are kept no longer than the practice says: removed every night by the worker."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from contact.models import ConsultationRequest, InboxSettings
from core.maintenance import daily_job


@daily_job
def remove_old_consultation_requests():
    """Delete requests older than the inbox's limit, closed ones after their shorter limit; return how many."""
    limits = InboxSettings.load()
    now = timezone.now()
    too_old = Q(received_at__lt=now - timedelta(days=limits.keep_requests_days)) | Q(
        status=ConsultationRequest.Status.CLOSED,
        received_at__lt=now - timedelta(days=limits.keep_closed_requests_days),
    )
    deleted, _ = ConsultationRequest.objects.filter(too_old).delete()
    return deleted
