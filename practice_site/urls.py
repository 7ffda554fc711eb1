import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path, re_path

from blog.editor_upload import upload_image
from blog.sitemaps import BlogIndexSitemap, PostSitemap, TopicSitemap
from pages.page_cache import public_page
from pages.sign_in import ThrottledAdminAuthenticationForm
from pages.sitemaps import PageSitemap, ServiceSitemap
from pages.views import healthz, robots_txt, serve_media

admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = "Practice website"
admin.site.site_title = "Practice website"
admin.site.index_title = "Your practice"

handler500 = "pages.views.server_error"

SITEMAPS = {
    "site": BlogIndexSitemap,
    "posts": PostSitemap,
    "topics": TopicSitemap,
    "services": ServiceSitemap,
    "pages": PageSitemap,
}

urlpatterns = [
    path(
        "sitemap.xml",
        public_page(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemaps_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", public_page(robots_txt), name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Resolved before django-ckeditor's own upload view, which it replaces.
    path("ckeditor/upload/", upload_image),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("blog/", include("blog.urls")),
    path("", include("pages.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media, name="media")]
