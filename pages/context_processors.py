"""Site-wide facts every template shows: the practice profile, navigation, footer links.

They change rarely and are read on every page, so they are cached between
requests and dropped from the cache whenever a profile or page is saved or
deleted (see pages.signals). A cold cache costs two queries; a warm one none.
With a per-process cache (the local-memory default) other processes only see
the drop in their own copy, so entries also expire after a minute.
"""

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from pages.models import Page, PracticeProfile
from pages.signals import SITE_CONTEXT_CACHE_KEY

SITE_CONTEXT_SECONDS = 60
PRIVACY_POLICY_SLUG = "privacy-policy"


def _site_context():
    site = cache.get(SITE_CONTEXT_CACHE_KEY)
    if site is None:
        pages = list(
            Page.objects.published()
            .filter(Q(show_in_navigation=True) | Q(slug=PRIVACY_POLICY_SLUG))
            .only("title", "slug", "show_in_navigation")
        )
        site = {
            "practice": PracticeProfile.load(),
            "navigation_pages": [(page.title, page.get_absolute_url()) for page in pages if page.show_in_navigation],
            "privacy_policy_url": next(
                (page.get_absolute_url() for page in pages if page.slug == PRIVACY_POLICY_SLUG), None
            ),
        }
        cache.set(SITE_CONTEXT_CACHE_KEY, site, timeout=SITE_CONTEXT_SECONDS)
    return site


def _navigation(request, pages):
    items = [
        ("Home", reverse("pages:home")),
        ("Blog", reverse("blog:post_list")),
        ("Services", reverse("pages:service_list")),
        *pages,
        ("Contact", reverse("pages:contact")),
    ]
    navigation = []
    for label, url in items:
        if request.path == url:
            current = "page"
        elif url != "/" and request.path.startswith(url):
            current = "true"
        else:
            current = None
        navigation.append({"label": label, "url": url, "current": current})
    return navigation


def practice(request):
    site = _site_context()
    return {
        "practice": site["practice"],
        "navigation": _navigation(request, site["navigation_pages"]),
        "privacy_policy_url": site["privacy_policy_url"],
    }
