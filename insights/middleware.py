"""Counting views of public pages, served from the page cache or rendered — set outside the page cache in
settings.MIDDLEWARE, so that a cached hit is counted too."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.page_cache import is_public_page
from insights import counting, rules
from insights.models import PageViews, RequestsAfterArticle, SearchTerm
from insights.reading import article_read_before


class CountViewsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.search_path = reverse("blog:search")
        self.contact_path = reverse("contact:form")
        self.thanks_path = reverse("contact:thanks")

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200:
            if self.counts(request, response):
                self.count_view(request)
        elif self.sent_a_request(request, response):
            self.count_request(request)
        return response

    def counts(self, request, response):
        """A visitor's view of a public page: not a robot, not signed-in staff, not one who asked not to be
        counted; not an error, a feed or a preview (neither is a public HTML page)."""
        return (
            response.get("Content-Type", "").startswith("text/html")
            and is_public_page(request.path_info)
            and not rules.asks_not_to_be_counted(request)
            and not rules.is_robot(request)
            and not self.is_staff(request)
        )

    def sent_a_request(self, request, response):
        """The contact form was sent and stored: it answers with a redirect to the thanks page."""
        return (
            request.method == "POST"
            and request.path_info == self.contact_path
            and response.status_code == 302
            and response["Location"] == self.thanks_path
        )

    @staticmethod
    def is_staff(request):
        """Only a visitor with a session can be signed in; the others (every cached hit) read no account."""
        user = getattr(request, "user", None)
        return settings.SESSION_COOKIE_NAME in request.COOKIES and user is not None and user.is_staff

    def count_view(self, request):
        today = timezone.localdate()
        counting.add(PageViews, today, request.path_info, rules.source_of(request))
        if request.path_info == self.search_path:
            term = rules.normalised_term(request.GET.get("q", ""))
            if term:
                counting.add(SearchTerm, today - timedelta(days=today.weekday()), term)

    def count_request(self, request):
        """A consultation request was stored: the article read before it, if any, is credited with it."""
        article = article_read_before(request)
        if article:
            counting.add(RequestsAfterArticle, timezone.localdate(), article)
