"""Whole-page caching for anonymous visitors, correct by construction.

Every cached page is stored under the site's *content version*, a number that
any save or delete of a post, topic, service, page or the profile moves on
(see `pages.signals`). Old entries are then never read again and simply expire.

Publishing is decided at query time, so time alone can change a page: a post
scheduled for 09:00 appears at 09:00 with nothing saved. No cached page, and no
`max-age` sent to browsers and proxies, lasts past the next scheduled
publication time. Once that time has passed, the next request reads the new
one from the database and pages rendered from then on show the post.

Shared caches (a proxy such as deploy/nginx.conf) are told to keep a page for
PROXY_CACHE_SECONDS at most (`s-maxage`), since nothing can tell them that it changed.

Only GET requests without a session or messages cookie are served from, and
stored in, the cache — so staff, previews and form posts always reach the
views — and only responses that a view marked as public (`public_page`), that
answer 200 and that set no cookie are stored.
"""

import math
import time
from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from blog.models import Post

VERSION_KEY = "pages:content-version"
NEXT_PUBLICATION_KEY = "pages:next-publication:{version}"
PAGE_KEY = "pages:page:{version}:{address}"


def content_version():
    """The current content version, started from the clock so a lost counter never repeats an old one."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed(**kwargs):
    """Signal receiver: move the content version on now, and again once the change is committed.

    The second move covers a page rendered by another request between the save
    and the commit, from what the database held before.
    """
    _bump_content_version()
    transaction.on_commit(_bump_content_version)


def next_publication_timestamp(version):
    """When the next scheduled post becomes public, as a Unix timestamp (None if nothing is scheduled)."""
    key = NEXT_PUBLICATION_KEY.format(version=version)
    cached = cache.get(key)
    if cached is None or (cached["at"] is not None and cached["at"] <= time.time()):
        upcoming = Post.objects.next_publication_time()
        cached = {"at": upcoming.timestamp() if upcoming else None}
        cache.set(key, cached, timeout=settings.PAGE_CACHE_SECONDS)
    return cached["at"]


def public_page(view):
    """Mark a view's answer as the same for every anonymous visitor, so it may be cached.

    An answer that already says how it may be cached (a staff preview is
    `private, no-store`) keeps its own header.
    """

    @wraps(view)
    def public_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True)
        return response

    return public_view


def _is_public(response):
    return "public" in response.get("Cache-Control", "")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or self._is_personal(request):
            response = self.get_response(request)
            if _is_public(response):
                response["Cache-Control"] = "private, no-cache"
            return response

        version = content_version()
        key = PAGE_KEY.format(version=version, address=sha256(request.build_absolute_uri().encode()).hexdigest())
        if request.method == "GET" and settings.PAGE_CACHE_SECONDS:
            entry = cache.get(key)
            if entry is not None and entry["expires"] > time.time():
                return self._with_max_age(entry["response"], entry["expires"] - time.time())

        response = self.get_response(request)
        if not _is_public(response):
            return response
        lifetime = settings.PAGE_CACHE_SECONDS
        publication = next_publication_timestamp(version) if lifetime else None
        # The clock is read after the lookup, however long it took, so the page never outlives the publication.
        now = time.time()
        if publication is not None:
            lifetime = max(0, min(lifetime, publication - now))
        expires = now + lifetime
        response["Last-Modified"] = http_date()
        patch_vary_headers(response, ("Cookie",))
        self._with_max_age(response, lifetime)
        # One piece, not the thousands a feed is written in: each would be a separate write to the socket.
        response.content = response.content
        if request.method == "GET" and response.status_code == 200 and not response.cookies and lifetime >= 1:
            set_response_etag(response)
            cache.set(key, {"response": response, "expires": expires}, timeout=math.ceil(lifetime))
        return response

    @staticmethod
    def _is_personal(request):
        """A signed-in user or a pending message: the answer may be meant for this visitor only."""
        return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES

    @staticmethod
    def _with_max_age(response, seconds):
        """Browsers may keep the page `seconds`; shared caches (a proxy in front) at most PROXY_CACHE_SECONDS.

        A proxy cannot be told that content changed, so it keeps pages only
        briefly: every edit and every newly scheduled post reaches it within that time.
        A proxy counts in whole seconds and may keep a page up to one second
        longer than told (nginx: until the end of the second it expires in),
        so it is told one second less than is left before the next publication.
        """
        seconds = max(0, math.floor(seconds))
        shared = max(0, min(seconds - 1, settings.PROXY_CACHE_SECONDS))
        response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={shared}"
        # nginx reads its own header (and before 1.23, not s-maxage); it never passes it on to visitors.
        response["X-Accel-Expires"] = str(shared)
        return response
