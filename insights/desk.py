"""The insights line on the admin's first page (core.desk), for those who may see them."""

from datetime import timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from core.desk import DeskLine, DeskNote
from insights.models import PageViews, RequestsAfterArticle
from insights.views import PERMISSION


def insights_note(request):
    if not request.user.has_perm(PERMISSION):
        return None
    since = timezone.localdate() - timedelta(6)
    views = PageViews.objects.filter(day__gte=since).aggregate(total=Sum("views"))["total"] or 0
    # Whole days only, as on the insights page: today's would say what a request's sender had read.
    whole_days = RequestsAfterArticle.objects.filter(day__gte=since - timedelta(1), day__lt=timezone.localdate())
    requests = whole_days.aggregate(total=Sum("requests"))["total"] or 0
    return DeskNote(
        "Insights",
        [
            DeskLine(
                f"{views} page view{'' if views == 1 else 's'} in the last 7 days",
                reverse("insights"),
                detail=f"{requests} request{'' if requests == 1 else 's'} after reading an article (to yesterday)",
            )
        ],
    )
