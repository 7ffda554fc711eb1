"""Retention: closed consultation requests are deleted after a while; nothing else is."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pages.models import ConsultationRequest

pytestmark = pytest.mark.django_db


def request_received(days_ago, status):
    consultation_request = ConsultationRequest.objects.create(
        name=f"{status} {days_ago}", email="x@example.com", message="hi", status=status
    )
    received_at = timezone.now() - timedelta(days=days_ago)
    ConsultationRequest.objects.filter(pk=consultation_request.pk).update(received_at=received_at)
    return consultation_request


def purge(*args):
    out = StringIO()
    call_command("purge_consultation_requests", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_only_closed_requests_older_than_the_limit():
    old_closed = request_received(200, "closed")
    kept = [request_received(200, "new"), request_received(200, "replied"), request_received(10, "closed")]
    assert "Deleted 1 closed consultation request(s) older than 180 days." in purge()
    remaining = set(ConsultationRequest.objects.values_list("pk", flat=True))
    assert remaining == {request.pk for request in kept}
    assert old_closed.pk not in remaining


def test_purge_takes_the_limit_in_days():
    request_received(40, "closed")
    request_received(20, "closed")
    assert "Deleted 1 " in purge("--older-than-days", "30")
    assert ConsultationRequest.objects.count() == 1
