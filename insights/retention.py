"""Counts are kept as long as they are useful and no longer in detail: day by day for 13 months, then as
monthly totals; search terms 90 days. Run every night by the worker (core.maintenance)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core.maintenance import daily_job
from insights.models import MonthlyPageViews, PageViews, RequestsAfterArticle, SearchTerm

SEARCH_TERMS_DAYS = 90


def first_of_month_months_ago(today, months):
    month = today.year * 12 + today.month - 1 - months
    return date(month // 12, month % 12 + 1, 1)


@daily_job
def roll_up_old_days():
    """Add the page views of months ending more than 13 months ago to their monthly totals, and delete the
    days; return how many daily rows were rolled up. Safe to run twice: each day is rolled up once."""
    before = first_of_month_months_ago(timezone.localdate(), 13)
    with transaction.atomic():
        old = PageViews.objects.filter(day__lt=before)
        # Locked first: a second run at the same moment waits, then finds them gone (no GROUP BY with a lock).
        list(old.select_for_update().values_list("pk", flat=True))
        totals = old.values("day__year", "day__month", "path", "source").annotate(total=Sum("views"))
        for row in totals:
            month = date(row["day__year"], row["day__month"], 1)
            kept, _ = MonthlyPageViews.objects.get_or_create(month=month, path=row["path"], source=row["source"])
            kept.views += row["total"]
            kept.save(update_fields=["views"])
        deleted, _ = old.delete()
    return deleted


@daily_job
def forget_old_search_terms():
    """Delete the search terms of weeks that started more than 90 days ago; return how many rows."""
    deleted, _ = SearchTerm.objects.filter(week__lt=timezone.localdate() - timedelta(SEARCH_TERMS_DAYS)).delete()
    return deleted


@daily_job
def roll_up_old_requests():
    """Requests after an article more than 13 months ago are kept by month: each month's on its first day."""
    before = first_of_month_months_ago(timezone.localdate(), 13)
    with transaction.atomic():
        old = RequestsAfterArticle.objects.filter(day__lt=before)
        list(old.select_for_update().values_list("pk", flat=True))
        by_month = {}
        for day, path, number in old.values_list("day", "path", "requests"):
            by_month[(day.replace(day=1), path)] = by_month.get((day.replace(day=1), path), 0) + number
        deleted, _ = old.delete()
        RequestsAfterArticle.objects.bulk_create(
            RequestsAfterArticle(day=month, path=path, requests=number) for (month, path), number in by_month.items()
        )
    return deleted - len(by_month)
