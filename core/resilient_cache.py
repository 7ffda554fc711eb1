"""A Redis cache that degrades instead of failing: when Redis is down, the site works uncached.

Every read then misses and every write is dropped; pages are rendered from the
database as if the cache were empty. Counters kept in the cache (sign-in
throttling, the contact form's limit) stop counting until Redis is back.

A Redis that accepts connections but never answers costs each call its whole
socket timeout, and a page makes several calls. So after one failure this
process stops asking Redis for RETRY_AFTER_SECONDS (a circuit breaker) and
serves at full speed without it; then one call tries again. The log says
when the cache is given up and when it is back. What must not be skipped
(the page cache's record of a content change) is tried `despite_pause()` (core.cache_pause).
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from core.cache_pause import tried_despite_pause

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# Per process: Redis server(s) → monotonic time before which they are not asked again.
_unavailable_until = {}


def _degrade(method, fallback):
    @wraps(method)
    def tolerant(self, *args, **kwargs):
        servers = tuple(self._servers)
        paused = time.monotonic() < _unavailable_until.get(servers, 0)
        if paused and not tried_despite_pause():
            return fallback(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "Cache unavailable (%s failed: %s); serving without it for %s seconds.",
                method.__name__,
                error,
                RETRY_AFTER_SECONDS,
            )
            _unavailable_until[servers] = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback(*args, **kwargs)
        if _unavailable_until.pop(servers, None) is not None:
            logger.warning("Cache available again.")
        return result

    return tolerant


def _default(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    get = _degrade(RedisCache.get, _default)
    get_many = _degrade(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _degrade(RedisCache.has_key, lambda *args, **kwargs: False)
    add = _degrade(RedisCache.add, lambda *args, **kwargs: False)
    set = _degrade(RedisCache.set, lambda *args, **kwargs: None)
    set_many = _degrade(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _degrade(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _degrade(RedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _degrade(RedisCache.delete_many, lambda *args, **kwargs: None)
    incr = _degrade(RedisCache.incr, lambda *args, **kwargs: 0)
    clear = _degrade(RedisCache.clear, lambda *args, **kwargs: False)
