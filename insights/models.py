"""Counts, never visits: how many times a page was viewed on a day and from which site, how many searches
used a word in a week, how many consultation requests followed an article on a day. Nothing here is
about a person — no address, no browser, no cookie, no identifier — and a row cannot be traced back to
one (docs/insights.md)."""

from django.db import models

# What a view is counted under when the visitor came from no other site.
DIRECT = "direct"
# …from another page of this site, from the link in a subscriber's email, and from a site whose name is
# not counted on its own. None of them can be a site's name (insights.rules).
THIS_SITE = "this site"
EMAIL = "email"
OTHER_SITES = "other sites"


class Views(models.Model):
    """The views of one page from one referring site (its host only: `google.com`) in a period."""

    path = models.CharField(max_length=300)
    source = models.CharField(max_length=120)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class PageViews(Views):
    """…on one day."""

    day = models.DateField()

    class Meta:
        verbose_name = verbose_name_plural = "page views"
        constraints = [models.UniqueConstraint(fields=["day", "path", "source"], name="page_views_once")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.path} on {self.day} from {self.source}: {self.views}"


class MonthlyPageViews(Views):
    """…in a month (`month` is its first day): daily counts older than 13 months, rolled up."""

    month = models.DateField()

    class Meta:
        verbose_name = verbose_name_plural = "monthly page views"
        constraints = [models.UniqueConstraint(fields=["month", "path", "source"], name="monthly_page_views_once")]

    def __str__(self):
        return f"{self.path} in {self.month:%B %Y} from {self.source}: {self.views}"


class SearchTerm(models.Model):
    """How many searches on the site used a term in a week (`week` is its Monday), normalised so that it
    holds no email address and no number; kept 90 days."""

    week = models.DateField()
    term = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["week", "term"], name="search_term_once")]

    def __str__(self):
        return f"“{self.term}” in the week of {self.week}: {self.searches}"


class RequestsAfterArticle(models.Model):
    """Consultation requests sent on a day after reading an article (its address), counted here and never
    on the request: the inbox does not say what anyone read."""

    day = models.DateField()
    path = models.CharField(max_length=300)
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "requests after an article"
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="requests_after_article_once")]

    def __str__(self):
        return f"{self.path} on {self.day}: {self.requests}"
