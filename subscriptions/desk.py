"""The Readers part of the admin's first page (core.desk): who is subscribed, and the last article emailed."""

from django.db.models import Count, Q
from django.urls import reverse

from core.desk import DeskLine, DeskNote, moment
from subscriptions.models import Delivery, Mailing, Subscriber


def readers_note(request):
    if not request.user.has_perm("subscriptions.view_subscriber"):
        return None
    readers = Subscriber.objects.confirmed().count()
    words = "1 reader subscribed" if readers == 1 else f"{readers} readers subscribed"
    lines = [DeskLine(words, reverse("admin:subscriptions_subscriber_changelist") + "?state=confirmed")]
    last = (
        Mailing.objects.select_related("post")
        .annotate(sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)))
        .order_by("-started_at")
        .first()
    )
    if last is None:
        lines.append(DeskLine("No article emailed yet."))
    else:
        readers_sent = "1 reader" if last.sent == 1 else f"{last.sent} readers"
        lines.append(
            DeskLine(
                f"Last article emailed: “{last.post.title}”",
                reverse("admin:blog_post_change", args=[last.post.pk]),
                f"Sent to {readers_sent}, {moment(last.started_at)}",
            )
        )
    return DeskNote("Readers", lines)
