"""Counting views of public pages, served from the page cache or rendered — set outside the page cache in
settings.MIDDLEWARE, so that a cached hit is counted too."""

import logging
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.page_cache import is_public_page
from insights import counting, rules
from insights.models import PageViews, RequestsAfterArticle, SearchTerm
from insights.reading import article_read_before

logger = logging.getLogger(__name__)


class CountViewsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.search_path = reverse("blog:search")
        self.contact_path = reverse("contact:form")
        self.thanks_path = reverse("contact:thanks")

    def __call__(self, request):
        response = self.get_response(request)
        try:
            if self.is_a_view(request, response) and rules.may_be_counted(request):
                self.count_view(request)
            elif self.sent_a_request(request, response) and rules.may_be_counted(request):
                self.count_request(request)
        except Exception:  # a count is never worth a visitor's page, nor a request sent twice
            logger.exception("Insights: a visit could not be counted.")
        return response

    def is_a_view(self, request, response):
        """A public HTML page answered: not an error, a feed, a sitemap or a preview (none is one)."""
        return (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and is_public_page(request.path_info)
        )

    def sent_a_request(self, request, response):
        """The contact form was sent and stored: it answers with a redirect to the thanks page."""
        return (
            request.method == "POST"
            and request.path_info == self.contact_path
            and response.status_code == 302
            and response["Location"] == self.thanks_path
        )

    def count_view(self, request):
        today = timezone.localdate()
        counting.add(PageViews, today, request.path_info, rules.source_of(request, today))
        if request.path_info == self.search_path and request.GET.get("page", "1") == "1":
            term = rules.normalised_term(request.GET.get("q", ""))
            if term:  # a search once, not once more for each page of its results
                counting.add(SearchTerm, today - timedelta(days=today.weekday()), term)

    def count_request(self, request):
        """A consultation request was stored: the article read before it, if any, is credited with it."""
        article = article_read_before(request)
        if article:
            counting.add(RequestsAfterArticle, timezone.localdate(), article)
