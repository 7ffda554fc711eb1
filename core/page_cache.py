"""Whole-page caching for anonymous visitors, correct by construction.

Every cached page is stored under the site's *content version*, a number that
any save or delete of content moves on: each app names its content models
with `track_content_changes` in its AppConfig.ready(). Old entries are then
never read again and simply expire.

Publishing is decided at query time, so time alone can change a page: a post
scheduled for 09:00 appears at 09:00 with nothing saved, and one that ends at
17:00 is gone at 17:00. No cached page, and no `max-age` sent to browsers and
proxies, lasts past the next such moment, which the apps that schedule content
tell the cache with `register_next_change` (the blog does, in blog.apps). Once
it has passed, the next request reads the next one, and pages rendered from
then on show the change.

Shared caches (a proxy such as deploy/nginx.conf) are told to keep a page for
PROXY_CACHE_SECONDS at most (`s-maxage`), since nothing can tell them that it changed.

Only GET requests for a view marked as public (`public_page`), without a
session or messages cookie, are served from, and stored in, the cache — so
staff, previews, form posts and the health check always reach their views
without touching the cache — and only responses that answer 200 and set no
cookie are stored.
"""

import math
import threading
import time
from functools import lru_cache, wraps
from hashlib import sha256

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date, urlencode

from core.cache_pause import despite_pause
from core.saving import SavedInOrder, item_saved

VERSION_KEY = "page-cache:content-version"
NEXT_PUBLICATION_KEY = "page-cache:next-publication:{version}"
PAGE_KEY = "page-cache:page:{version}:{address}"
KEPT_KEY = "page-cache:kept:{version}:{name}"
# How long what is kept under a content version may be (it ends earlier at the next scheduled change).
KEPT_SECONDS = 300
RESOLVED_ADDRESSES = 4096


# A change whose version move the cache did not take (Redis did not answer). Every process reads the
# version from the cache, so until the move is made there, the others would go on serving pages cached
# before the change: it is retried in the background every RETRY_SECONDS until Redis takes it, and
# before this process reads the cache again.
_unrecorded_change = False
_retrying = threading.Lock()
RETRY_SECONDS = 0.5


def content_version():
    """The current content version, started from the clock so a lost counter never repeats an old one."""
    if _unrecorded_change:
        _record_change()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _record_change():
    global _unrecorded_change
    _unrecorded_change = not _move_version()
    _retry_in_background()


def _retry_in_background():
    """One thread at a time keeps trying while a change is unrecorded."""
    if _unrecorded_change and _retrying.acquire(blocking=False):
        try:
            threading.Thread(target=_retry_until_recorded, name="page-cache-version", daemon=True).start()
        except RuntimeError:  # no thread to be had: the next read of the version tries again
            _retrying.release()


def _move_version():
    try:
        return cache.incr(VERSION_KEY)  # core.resilient_cache answers 0 when Redis did not take it
    except ValueError:  # no version yet: one started from the clock is newer than any before
        return cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _retry_until_recorded():
    global _unrecorded_change
    try:
        while _unrecorded_change:
            time.sleep(RETRY_SECONDS)
            with despite_pause():
                _unrecorded_change = not _move_version()
    finally:
        _retrying.release()
    _retry_in_background()  # a change missed while this thread was finishing


def _bump_content_version():
    """Tried even if this process has paused Redis: the other processes may well be reading it."""
    with despite_pause():
        _record_change()


# Functions returning when the next scheduled item appears or ends (an aware datetime), or None.
_NEXT_PUBLICATION_SOURCES = []


def register_next_change(source):
    _NEXT_PUBLICATION_SOURCES.append(source)


def track_content_changes(*models, relations=()):
    """Every save or delete of these models, or change to these many-to-many relations, moves the version on."""
    for model in models:
        label = model._meta.label
        if issubclass(model, SavedInOrder):  # told once its writes are done, renditions and index included
            item_saved.connect(content_changed, sender=model, dispatch_uid=f"content-saved-{label}")
            post_save.connect(_restored, sender=model, dispatch_uid=f"content-restored-{label}")
        else:
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-saved-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-deleted-{label}")
    for relation in relations:
        m2m_changed.connect(content_changed, sender=relation, dispatch_uid=f"content-m2m-{relation._meta.label}")


def content_changed(using="default", **kwargs):
    """Signal receiver: move the content version on now, and again once the change is committed.

    The second move covers a page rendered by another request between the save and the commit, from what
    the database held before; it is queued once per transaction, however many rows the transaction saves
    (a post, its topics, its images).
    """
    _bump_content_version()
    connection = transaction.get_connection(using)
    if not any(callback is _bump_content_version for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_bump_content_version, using=using)


def _restored(raw=False, **kwargs):
    """A row written as it is (a backup restored, fixtures): no item_saved is sent for it."""
    if raw:
        content_changed(**kwargs)


def next_publication_timestamp(version):
    """When the next scheduled post becomes public, as a Unix timestamp (None if nothing is scheduled)."""
    key = NEXT_PUBLICATION_KEY.format(version=version)
    cached = cache.get(key)
    if cached is None or (cached["at"] is not None and cached["at"] <= time.time()):
        upcoming = [moment for moment in (source() for source in _NEXT_PUBLICATION_SOURCES) if moment is not None]
        cached = {"at": min(upcoming).timestamp() if upcoming else None}
        cache.set(key, cached, timeout=KEPT_SECONDS)
    return cached["at"]


def kept_until_change(name, compute):
    """`compute()`, kept under the content version until the next scheduled change — the whole-page rule,
    for what pages are made of (an article's Previous/Next, Latest and related lists, a list's count).

    Whether or not whole pages are cached: an article's page, rendered anew, still reads its neighbours
    once per change. The version and the next change are read before computing, so a save meanwhile files
    the value under a version no one reads again, and a publication passing meanwhile leaves it unkept;
    the lifetime is counted after, so it never outlives the next publication.
    """
    version = content_version()
    key = KEPT_KEY.format(version=version, name=sha256(name.encode()).hexdigest())
    entry = cache.get(key)
    if entry is not None and entry["expires"] > time.time():
        return entry["value"]
    publication = next_publication_timestamp(version)  # before computing: a moment passing meanwhile ends it
    value = compute()
    now = time.time()
    lifetime = KEPT_SECONDS if publication is None else min(KEPT_SECONDS, publication - now)
    if lifetime > 0:
        cache.set(key, {"value": value, "expires": now + lifetime}, timeout=math.ceil(lifetime))
    return value


def public_page(view, query=()):
    """Mark a view's answer as the same for every anonymous visitor, so it may be cached.

    `query` names the query parameters the answer depends on (`page`, `q`); any other
    (`?utm_source=…`, `?x=1`) is left out of the cache key, so it neither makes a cache entry
    of its own nor renders the page again. An answer that already says how it may be cached
    (a staff preview is `private, no-store`) keeps its own header.
    """

    @wraps(view)
    def public_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True)
        return response

    public_view.is_public_page = True
    public_view.query_parameters = tuple(sorted(query))
    return public_view


def _public_view(request):
    """The view marked `public_page` that answers this address, or None."""
    return _public_view_at(request.path_info)


def is_public_page(path_info):
    """Whether a view marked `public_page` answers this address (resolved once per address and process)."""
    return _public_view_at(path_info) is not None


@lru_cache(maxsize=RESOLVED_ADDRESSES)
def _public_view_at(path_info):
    """Resolved once per address and process: on a cached hit, resolving cost more than the cache lookup.
    The addresses never change while the site runs; the memo is bounded, so made-up ones cannot grow it."""
    try:
        view = resolve(path_info).func
    except Resolver404:
        return None
    return view if getattr(view, "is_public_page", False) else None


@receiver(setting_changed)
def _forget_resolved_addresses(setting, **kwargs):
    """Tests that change the URLs (ROOT_URLCONF, the admin's address) resolve anew."""
    if setting in ("ROOT_URLCONF", "ADMIN_URL"):
        _public_view_at.cache_clear()


def _cache_address(request, view):
    """The page's address as the cache knows it: only the query parameters the view reads, in one order."""
    query = urlencode(
        [(name, request.GET.getlist(name)) for name in view.query_parameters if name in request.GET], doseq=True
    )
    return f"{request.scheme}://{request.get_host()}{request.path}{'?' if query else ''}{query}"


def _is_public(response):
    return "public" in response.get("Cache-Control", "")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = None if request.method not in ("GET", "HEAD") or self._is_personal(request) else _public_view(request)
        if view is None:
            response = self.get_response(request)
            if _is_public(response):
                response["Cache-Control"] = "private, no-cache"
            return response

        version = content_version()
        key = PAGE_KEY.format(version=version, address=sha256(_cache_address(request, view).encode()).hexdigest())
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
