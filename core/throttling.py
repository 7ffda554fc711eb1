"""Counting what visitors do, for limits: who the visitor is, and one counter that cannot fail.

Counters count within fixed windows (e.g. each hour): "five in an hour" means five in this hour's window.

Counts live in the cache, so with Redis every process and server shares them.
When the cache is unavailable they stop counting (core.resilient_cache):
limits then fail open rather than refuse real people.
"""

import time
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or with DJANGO_TRUSTED_PROXY_COUNT set, what the proxies recorded."""
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [address.strip() for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "unknown")


def _window(key, window_seconds):
    """The counter for the current window: a fixed stretch of time, so that no counter outlives its use.

    (Redis's INCR on a counter that expired a moment before creates one that never expires; a counter
    named after its window is never counted into again once the window is over.)
    """
    return f"{key}:{int(time.time() // window_seconds)}"


def count(key, window_seconds):
    """Add one to the counter `key` for the current window of `window_seconds`; return the new count."""
    counter = _window(key, window_seconds)
    if cache.add(counter, 1, 2 * window_seconds):
        return 1
    try:
        return cache.incr(counter)
    except ValueError:  # evicted in between: count again from one
        cache.add(counter, 1, 2 * window_seconds)
        return 1


def uncount(key, window_seconds):
    """Take back one counted with `count` in the current window (an attempt that turned out not to count)."""
    with suppress(ValueError):  # expired or evicted: nothing left to take back
        cache.decr(_window(key, window_seconds))


def current_count(key, window_seconds):
    return cache.get(_window(key, window_seconds), 0)
