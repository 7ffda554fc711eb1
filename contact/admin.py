"""The inbox: consultation requests, and how long they are kept — only for those who may read them."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks.base import TaskResultStatus

from contact.models import ConsultationRequest, InboxSettings
from core.maintenance import last_daily_run
from core.site_setting_admin import SiteSettingAdmin


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    """The inbox. Requests arrive only from the contact form; reading one never sends anything."""

    list_display = ["received_at", "name", "preferred_contact", "status", "is_waitlist", "is_notification_sent"]
    list_filter = ["status", "is_waitlist", "preferred_contact", "is_notification_sent"]
    search_fields = ["name", "email"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "name", "email", "phone", "preferred_contact", "message", "received_at", "is_waitlist", "is_notification_sent",
    ]
    fields = [*readonly_fields, "status"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"retention_note": retention_note(), **(extra_context or {})})


def retention_note():
    """What the inbox says about deleting old requests, and whether the nightly run is happening."""
    limits = InboxSettings.load()
    policy = (
        f"Requests older than {limits.keep_requests_days} days, and closed requests older than "
        f"{limits.keep_closed_requests_days} days, are deleted every night (see “How long requests are kept”)."
    )
    run = last_daily_run()
    if run is None:
        return f"{policy} The nightly run has not happened yet: it needs the site's background worker."
    when = date_format(timezone.localtime(run.finished_at), "DATETIME_FORMAT")
    if run.status != TaskResultStatus.SUCCESSFUL:
        return f"{policy} The last nightly run, on {when}, failed: please tell whoever looks after the website."
    deleted = (run.return_value or {}).get("remove_old_consultation_requests", 0)
    note = f"{policy} Last run: {when}, {deleted} deleted."
    if timezone.now() - run.finished_at > timedelta(days=2):
        note += " It has not run since: please check that the site's background worker is running."
    return note


@admin.register(InboxSettings)
class InboxSettingsAdmin(SiteSettingAdmin):
    """One set of limits. The Inbox role sets it; an Editor never sees it."""

    fields = ["keep_requests_days", "keep_closed_requests_days"]
