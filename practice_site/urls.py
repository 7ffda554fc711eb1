import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path, re_path

from blog.sitemaps import PostSitemap, TopicSitemap
from core.editor_upload import upload_image
from core.media import serve_media
from core.page_cache import public_page
from core.previews import preview
from core.views import bench_floor, healthz, robots_txt
from insights.views import insights_page
from pages.sitemaps import PageSitemap, ServiceSitemap, SiteSitemap

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"

SITEMAPS = {
    "site": SiteSitemap,
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
        public_page(sitemaps_views.sitemap, query=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", public_page(robots_txt), name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("preview/<str:token>/", preview, name="preview"),
    path(f"{settings.ADMIN_URL}insights/", admin.site.admin_view(insights_page), name="insights"),
    path(settings.ADMIN_URL, admin.site.urls),
    # The editor's only upload route: django-ckeditor's own views are never mounted (core.editor_upload).
    path("ckeditor/upload/", upload_image, name="editor_upload"),
    path("blog/", include("blog.urls")),
    path("", include("subscriptions.urls")),
    path("", include("contact.urls")),
    path("", include("pages.urls")),
]

if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("bench/floor/", bench_floor))
if settings.SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media, name="media")]
