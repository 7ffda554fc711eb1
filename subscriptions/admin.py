"""The therapist's view: who subscribed (by state, searchable, exportable), and what each article sent."""

import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format

from blog.admin import PostAdmin
from blog.models import Post, Visibility
from core.maintenance import worker_is_running, worker_last_seen
from core.site_setting_admin import SiteSettingAdmin
from subscriptions.delivery import queued_runs
from subscriptions.models import Delivery, Subscriber, SubscriptionSettings


def worker_note():
    seen = worker_last_seen()
    if seen is None:
        return "The background worker has not run yet: emails wait until it does."
    when = date_format(timezone.localtime(seen), "DATETIME_FORMAT")
    if not worker_is_running():
        return f"The background worker was last seen on {when}: please check that it is running."
    return f"The background worker was last seen on {when}."


class SubscriberStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        counts = Subscriber.objects.aggregate(
            pending=Count("pk", filter=Q(confirmed_at__isnull=True, unsubscribed_at__isnull=True)),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)),
            unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        )
        return [(state.value, f"{state.label} ({counts[state.value]})") for state in Subscriber.State]

    def queryset(self, request, queryset):
        return getattr(queryset, self.value())() if self.value() in Subscriber.State.values else queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "state_label", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [SubscriberStateFilter]
    search_fields = ["email"]
    fields = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False  # readers subscribe themselves, and confirm it themselves

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state_label(self, subscriber):
        return subscriber.state.label

    @admin.action(description="Export the selected addresses as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "state", "asked on", "confirmed", "unsubscribed"])
        for subscriber in queryset:
            writer.writerow(
                [
                    # A spreadsheet must not read an address as a formula.
                    ("'" + subscriber.email) if subscriber.email[:1] in "=+-@" else subscriber.email,
                    subscriber.state.value,
                    *(
                        moment.isoformat() if moment else ""
                        for moment in (subscriber.created_at, subscriber.confirmed_at, subscriber.unsubscribed_at)
                    ),
                ]
            )
        return response

    def changelist_view(self, request, extra_context=None):
        note = (
            "Only the address is kept, with when it was confirmed. Unconfirmed addresses are removed after 7 days, "
            "unsubscribed ones after 30. To delete an address on request, select it and choose “Delete”: "
            "everything about it goes with it. " + worker_note()
        )
        return super().changelist_view(request, {"subscribers_note": note, **(extra_context or {})})


def delivery_state(post):
    """What the article's email did or will do, in sentences for the therapist."""
    mailing = getattr(post, "mailing", None)
    if mailing is None:
        if not post.email_subscribers:
            return "Not emailed to subscribers."
        readers = Subscriber.objects.confirmed().count()
        visibility = post.visibility
        if visibility == Visibility.DRAFT:
            return f"When published, emailed to the {readers} confirmed subscriber(s)."
        if visibility == Visibility.SCHEDULED:
            when = date_format(timezone.localtime(post.published_at), "DATETIME_FORMAT")
            return f"Scheduled to email {readers} reader(s) at {when}.\n{worker_note()}"
        if queued_runs(post.pk).exists():
            return f"Waiting for the background worker to email {readers} reader(s).\n{worker_note()}"
        return "Not emailed: it was already public when it was saved to be emailed."
    counts = mailing.deliveries.aggregate(
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
    )
    state = f"Sent to {counts['sent']} of {mailing.recipient_count}"
    if counts["failed"]:
        state += f" · {counts['failed']} failed"
    if not mailing.finished_at:
        state += " · still sending"
    return state + "."


class PostWithEmailAdmin(PostAdmin):
    """The blog's post form, with what the article's email did (the blog knows nothing of subscriptions)."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "email_delivery"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": list(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        for _, options in fieldsets:
            if "email_subscribers" in options["fields"]:
                options["fields"].insert(options["fields"].index("email_subscribers") + 1, "email_delivery")
        return fieldsets

    @admin.display(description="Email to subscribers")
    def email_delivery(self, post):
        if post.pk is None:
            return "When published, emailed to the confirmed subscribers."
        failures = Delivery.objects.filter(mailing__post=post, status=Delivery.Status.FAILED).select_related(
            "subscriber"
        )
        failed = [f"Failed: {failure.subscriber.email} — {failure.error}" for failure in failures[:20]]
        return "\n".join([delivery_state(post), *failed])


admin.site.unregister(Post)
admin.site.register(Post, PostWithEmailAdmin)


@admin.register(SubscriptionSettings)
class SubscriptionSettingsAdmin(SiteSettingAdmin):
    """One set of settings: the subscribe form's wording and what the article's email holds."""

    fields = ["subscribe_heading", "subscribe_text", "email_whole_article"]
