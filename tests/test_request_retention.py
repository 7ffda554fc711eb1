"""Retention of consultation requests: deleted every night after the practice's limits, closed ones sooner."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from contact.models import ConsultationRequest, InboxSettings
from contact.retention import remove_old_consultation_requests
from core.maintenance import run_daily_maintenance

pytestmark = pytest.mark.django_db


def request_received(days_ago, status):
    consultation_request = ConsultationRequest.objects.create(
        name=f"{status} {days_ago}", email="x@example.com", message="hi", status=status
    )
    received_at = timezone.now() - timedelta(days=days_ago)
    ConsultationRequest.objects.filter(pk=consultation_request.pk).update(received_at=received_at)
    return consultation_request


def remaining():
    return set(ConsultationRequest.objects.values_list("name", flat=True))


def test_requests_in_any_state_are_deleted_after_the_limit_closed_ones_sooner():
    for days, status in [(400, "new"), (400, "replied"), (100, "closed"), (100, "new"), (10, "closed")]:
        request_received(days, status)
    assert remove_old_consultation_requests() == 3
    assert remaining() == {"new 100", "closed 10"}


def test_the_limits_come_from_the_inbox_settings():
    InboxSettings(keep_requests_days=30, keep_closed_requests_days=7).save()
    for days, status in [(40, "new"), (20, "new"), (8, "closed"), (6, "closed")]:
        request_received(days, status)
    assert remove_old_consultation_requests() == 2
    assert remaining() == {"new 20", "closed 6"}


def test_the_nightly_run_includes_it():
    request_received(400, "new")
    assert run_daily_maintenance.call()["remove_old_consultation_requests"] == 1


def inbox_note(admin_client):
    """The note as the inbox's page shows it."""
    page = admin_client.get(reverse("admin:contact_consultationrequest_changelist"))
    note = page.context["retention_note"]
    assert f'<p class="help">{escape(note)}</p>' in page.content.decode()
    return note


def test_the_inbox_says_when_requests_are_deleted_and_that_the_nightly_run_has_not_happened(admin_client):
    note = inbox_note(admin_client)
    assert "Requests older than 365 days, and closed requests older than 90 days, are deleted every night" in note
    assert "The nightly run has not happened yet: it needs the site's background worker." in note


def test_the_inbox_shows_when_the_last_run_was_and_what_it_deleted(admin_client):
    from django_tasks_db.models import DBTaskResult

    request_received(400, "new")
    result = run_daily_maintenance.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="SUCCESSFUL",
        finished_at=timezone.now() - timedelta(days=3),
        return_value={"remove_old_consultation_requests": 2},
    )
    note = inbox_note(admin_client)
    assert "Last run: " in note and ", 2 deleted." in note
    assert "It has not run since: please check that the site's background worker is running." in note
