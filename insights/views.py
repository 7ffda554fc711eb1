from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse

from insights import charts
from insights.report import report

PERMISSION = "insights.view_pageviews"


@permission_required(PERMISSION, raise_exception=True)
def insights_page(request):
    """<admin>/insights/: what readers read, where they came from, what they searched, what led to requests."""
    found = report()
    days, months = found["days"], found["months"]
    context = {
        **admin.site.each_context(request),
        **found,
        "title": "Insights",
        "day_bars": charts.bars([views for _, views in days], [f"{day:%b} {day.day}" for day, _ in days]),
        "month_bars": charts.bars([views for _, views in months], [f"{month:%b %Y}" for month, _ in months]),
        "chart": {"width": charts.WIDTH, "height": charts.HEIGHT},
    }
    return TemplateResponse(request, "admin/insights/report.html", context)
