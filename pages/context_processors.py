"""Site-wide facts every template shows: the practice profile, navigation, footer links.

They change rarely and are read on every page, so they are cached under the
site's content version, which moves on whenever content is saved or deleted
(see pages.page_cache). A cold cache costs two queries; a warm one none. With a
per-process cache (the local-memory default) other processes keep their own
version, so entries also expire after a minute.
"""

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from pages.models import Page, PracticeProfile
from pages.page_cache import content_version

SITE_CONTEXT_KEY = "pages:site-context:{version}"
SITE_CONTEXT_SECONDS = 60
PRIVACY_POLICY_SLUG = "privacy-policy"


def _site_context():
    key = SITE_CONTEXT_KEY.format(version=content_version())
    site = cache.get(key)
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
        cache.set(key, site, timeout=SITE_CONTEXT_SECONDS)
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
