"""Counting for limits: within fixed windows, never a counter that outlives its window."""

from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.utils import timezone

from core.throttling import count, current_count
from deploy.local_services import REDIS_PORT, listening
from practice_site.settings import cache_from_url
from tests.support import require


def test_counts_add_up_within_a_window_and_start_again_in_the_next():
    assert [count("visitor", 3600) for _ in range(3)] == [1, 2, 3]
    assert current_count("visitor", 3600) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert current_count("visitor", 3600) == 0
        assert count("visitor", 3600) == 1


def test_on_redis_every_counter_expires(settings):
    """Redis's INCR on a counter that expired a moment before would create one that never expires."""
    require(listening(REDIS_PORT), f"needs Redis on 127.0.0.1:{REDIS_PORT}")
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{REDIS_PORT}/10")}
    server = redis.Redis.from_url(f"redis://127.0.0.1:{REDIS_PORT}/10")
    server.flushdb()
    count("visitor", 60)
    count("visitor", 60)
    (key,) = server.keys("*visitor*")
    assert 0 < server.ttl(key) <= 120


@pytest.mark.parametrize("window", [1, 60, 900, 3600])
def test_a_window_closing_between_add_and_incr_still_counts(monkeypatch, window):
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    def gone(*args, **kwargs):
        raise ValueError("Key not found")

    monkeypatch.setattr(cache, "incr", gone)
    assert count("visitor", window) == 1
