"""`despite_pause()`: cache calls that must be tried even while this process has given Redis up (the page
cache's record of a content change; see core.resilient_cache).

Kept apart from the Redis cache itself so that the page cache can say so without loading the Redis client
into a site that has no Redis (10 MB per worker).
"""

import threading
from contextlib import contextmanager

_attempt = threading.local()


@contextmanager
def despite_pause():
    """Calls made inside are tried even while this process has given Redis up: for what must not be skipped."""
    _attempt.despite_pause = True
    try:
        yield
    finally:
        _attempt.despite_pause = False


def tried_despite_pause():
    return getattr(_attempt, "despite_pause", False)
