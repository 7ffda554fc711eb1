"""A Redis cache that degrades instead of failing: when Redis is down, the site works uncached.

Every read then misses and every write is dropped, each failure logged; pages
are rendered from the database as if the cache were empty. Counters kept in the
cache (sign-in throttling, the contact form's limit) stop counting until Redis
is back — the log says so.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrade(method, fallback):
    @wraps(method)
    def tolerant(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s failed: %s); serving without it.", method.__name__, error)
            return fallback(*args, **kwargs)

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
