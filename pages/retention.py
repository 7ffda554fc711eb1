"""Consultation requests are kept no longer than the practice says: removed every night by the worker."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from core.maintenance import daily_job
from pages.models import ConsultationRequest, PracticeProfile


@daily_job
def remove_old_consultation_requests():
    """Delete requests older than the profile's limit, closed ones after their shorter limit; return how many."""
    profile = PracticeProfile.load()
    now = timezone.now()
    too_old = Q(received_at__lt=now - timedelta(days=profile.keep_requests_days)) | Q(
        status=ConsultationRequest.Status.CLOSED,
        received_at__lt=now - timedelta(days=profile.keep_closed_requests_days),
    )
    deleted, _ = ConsultationRequest.objects.filter(too_old).delete()
    return deleted
