"""Site-wide facts every template shows: the practice profile, navigation, footer links.

They change rarely and are read on every page (the About page's first sentence
introduces it on the home page), so they are cached under the
site's content version, which moves on whenever content is saved or deleted
(see core.page_cache). A cold cache costs two queries; a warm one none. With a
per-process cache (the local-memory default) other processes keep their own
version, so entries also expire after a minute.
"""

import re

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from core.page_cache import content_version
from core.site import SiteFacts
from pages.models import Page, PracticeProfile
from pages.reach_out import request_form_address

SITE_CONTEXT_KEY = "pages:site-context:{version}"
SITE_CONTEXT_SECONDS = 60
PRIVACY_POLICY_SLUG = "privacy-policy"
ACCESSIBILITY_SLUG = "accessibility"
ABOUT_SLUG = "about"
# The end of a sentence: after a word of three letters or more (not "Dr." or "St."), before a capital.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{3}[.!?])(?=\s+[A-Z“\"]|$)")


def first_sentence(text):
    """The opening sentence of `text` (all of it, when it has no full stop): the About teaser on the home page."""
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def _site_context():
    key = SITE_CONTEXT_KEY.format(version=content_version())
    site = cache.get(key)
    if site is None:
        pages = list(
            Page.objects.published()
            .filter(Q(show_in_navigation=True) | Q(slug__in=[PRIVACY_POLICY_SLUG, ACCESSIBILITY_SLUG, ABOUT_SLUG]))
            .only("title", "slug", "show_in_navigation", "summary")
        )
        about = next((page for page in pages if page.slug == ABOUT_SLUG), None)
        site = {
            "practice": PracticeProfile.load_with_facts(),
            "navigation_pages": [(page.title, page.get_absolute_url()) for page in pages if page.show_in_navigation],
            "privacy_policy_url": _address_of(pages, PRIVACY_POLICY_SLUG),
            "accessibility_url": _address_of(pages, ACCESSIBILITY_SLUG),
            "about_url": _address_of(pages, ABOUT_SLUG),
            "about_summary": first_sentence(about.summary) if about else "",
        }
        cache.set(key, site, timeout=SITE_CONTEXT_SECONDS)
    return site


def _address_of(pages, slug):
    """The address of the published page with this slug, or None: links to it appear only while it exists."""
    return next((page.get_absolute_url() for page in pages if page.slug == slug), None)


def _navigation(request, pages, practice_email):
    items = [
        ("Home", reverse("pages:home")),
        ("Blog", reverse("blog:post_list")),
        ("Services", reverse("pages:service_list")),
        *pages,
        ("Contact", request_form_address(practice_email)),
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
        "navigation": _navigation(request, site["navigation_pages"], site["practice"].email),
        "privacy_policy_url": site["privacy_policy_url"],
        "accessibility_url": site["accessibility_url"],
        "about_url": site["about_url"],
        "about_summary": site["about_summary"],
        "request_form_url": request_form_address(site["practice"].email),
    }


def practice_facts():
    """The practice's facts for site-wide parts (core.site): from the same cache as every page."""
    practice = _site_context()["practice"]
    return SiteFacts(
        name=practice.practice_name,
        tagline=practice.tagline,
        crisis_notice=practice.crisis_lines.notice,
        crisis_links=tuple(practice.crisis_lines.links),
        email=practice.email,
    )
