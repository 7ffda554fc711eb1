from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pages.models import Page, Service


class SiteSitemap(Sitemap):
    """The site's front doors: the home page and the blog."""

    changefreq = "weekly"

    def items(self):
        return ["pages:home", "blog:post_list"]

    def location(self, name):
        return reverse(name)


class ServiceSitemap(Sitemap):
    def items(self):
        return Service.objects.published().only("slug")


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("slug")
