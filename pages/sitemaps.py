from django.contrib.sitemaps import Sitemap

from pages.models import Page, Service


class ServiceSitemap(Sitemap):
    def items(self):
        return Service.objects.active().only("slug")


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("slug")
