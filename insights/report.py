"""What the insights page shows, read from the counts (insights.models) after this process's own pending
counts are written (insights.counting)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from blog.models import Post
from insights import counting
from insights.models import EMAIL, THIS_SITE, MonthlyPageViews, PageViews, RequestsAfterArticle, SearchTerm
from insights.reading import article_slug
from insights.retention import SEARCH_TERMS_DAYS, first_of_month_months_ago

DAYS = 30
MONTHS = 12
# A search term is shown once this many searches used it: a rarer one could be one person's words.
SEARCH_THRESHOLD = 5
LISTED = 10


@dataclass
class ArticleLine:
    title: str
    path: str
    views: int
    from_email: int
    requests: int


def report():
    counting.flush()
    today = timezone.localdate()
    since = today - timedelta(DAYS - 1)
    recent = PageViews.objects.filter(day__gte=since)
    # Requests are shown for whole days gone by: today's would tell the therapist what the sender of a
    # request that just arrived had read.
    requests = RequestsAfterArticle.objects.filter(day__gte=since, day__lt=today)
    return {
        "days": _days(recent, since),
        "months": _months(today),
        "views": recent.aggregate(total=Sum("views"))["total"] or 0,
        "requests": requests.aggregate(total=Sum("requests"))["total"] or 0,
        "articles": _articles(recent, requests),
        "sources": list(
            recent.exclude(source=THIS_SITE).values("source").annotate(views=Sum("views")).order_by("-views")[:LISTED]
        ),
        "search_terms": _search_terms(today),
        "search_threshold": SEARCH_THRESHOLD,
        "days_shown": DAYS,
    }


def _days(recent, since):
    by_day = dict(recent.values_list("day").annotate(total=Sum("views")))
    return [(since + timedelta(n), by_day.get(since + timedelta(n), 0)) for n in range(DAYS)]


def _months(today):
    first = first_of_month_months_ago(today, MONTHS - 1)
    totals = {}
    daily = PageViews.objects.filter(day__gte=first).values("day__year", "day__month").annotate(total=Sum("views"))
    for row in daily:
        month = date(row["day__year"], row["day__month"], 1)
        totals[month] = totals.get(month, 0) + row["total"]
    for month, total in MonthlyPageViews.objects.filter(month__gte=first).values_list("month").annotate(Sum("views")):
        totals[month] = totals.get(month, 0) + total
    months = [first_of_month_months_ago(today, MONTHS - 1 - n) for n in range(MONTHS)]
    return [(month, totals.get(month, 0)) for month in months]


def _articles(recent, requests):
    """The most read articles of the period, with how many came from the email and the requests credited."""
    views, from_email = {}, {}
    for path, source, number in recent.values_list("path", "source").annotate(Sum("views")):
        views[path] = views.get(path, 0) + number
        if source == EMAIL:
            from_email[path] = from_email.get(path, 0) + number
    requests = dict(requests.values_list("path").annotate(Sum("requests")))
    slugs = {path: slug for path in {*views, *requests} if (slug := article_slug(path))}
    titles = dict(Post.objects.filter(slug__in=slugs.values()).values_list("slug", "title"))
    lines = [
        ArticleLine(titles.get(slug, path), path, views.get(path, 0), from_email.get(path, 0), requests.get(path, 0))
        for path, slug in slugs.items()
    ]
    return sorted(lines, key=lambda line: (-line.requests, -line.views, line.title))[:LISTED]


def _search_terms(today):
    since = today - timedelta(SEARCH_TERMS_DAYS)
    terms = (
        SearchTerm.objects.filter(week__gte=since)
        .values("term")
        .annotate(searches=Sum("searches"))
        .filter(searches__gte=SEARCH_THRESHOLD)
        .order_by("-searches", "term")
    )
    return list(terms[:20])
