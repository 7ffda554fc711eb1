"""Counting without slowing a page: counts gather in this process's memory and are added to the database
at most every FLUSH_SECONDS, after a response has been sent (and when the process ends), in one
transaction. A cached page costs a dictionary increment, not a write.

What is not written yet is at most FLUSH_SECONDS old; the insights page writes its own process's counts
before reading, so what it shows needs no worker and is up to the moment but for other processes' last
few seconds.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.core.signals import request_finished
from django.db import IntegrityError, transaction
from django.db.models import F

from insights.models import PageViews, RequestsAfterArticle, SearchTerm

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 10
GIVE_UP_AFTER = 3

# (model, what identifies the row) → how much to add to its count
_pending = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()
_failed_flushes = 0

# What identifies a row of each model, in the order `add` is given it; and the field that counts.
ROW = {PageViews: ("day", "path", "source"), SearchTerm: ("week", "term"), RequestsAfterArticle: ("day", "path")}
COUNTED_FIELD = {PageViews: "views", SearchTerm: "searches", RequestsAfterArticle: "requests"}


def add(model, *row):
    """Count one more for a row of `model`: `add(PageViews, day, path, source)`."""
    with _lock:
        _pending[(model, row)] += 1


def flush():
    """Write every pending count to the database; on a failure they are kept for the next try."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not counts:
        return
    global _failed_flushes
    try:
        with transaction.atomic():
            for (model, row), number in counts.items():
                _add_to_row(model, dict(zip(ROW[model], row, strict=True)), number)
    except Exception:
        _failed_flushes += 1
        if _failed_flushes >= GIVE_UP_AFTER:  # a count that can never be written must not block the others
            logger.exception("Insights: %d counts not written after %d tries; dropped.", len(counts), GIVE_UP_AFTER)
            _failed_flushes = 0
            return
        logger.exception("Insights: %d counts could not be written; kept for the next try.", len(counts))
        with _lock:
            _pending.update(counts)
    else:
        _failed_flushes = 0


def _add_to_row(model, row, number):
    field = COUNTED_FIELD[model]
    if model.objects.filter(**row).update(**{field: F(field) + number}):
        return
    try:
        with transaction.atomic():  # another process may create the row first
            model.objects.create(**row, **{field: number})
    except IntegrityError:
        model.objects.filter(**row).update(**{field: F(field) + number})


def flush_if_due(**kwargs):
    if _pending and time.monotonic() - _last_flush >= FLUSH_SECONDS:
        flush()


def start():
    """Write counts after responses and at exit (InsightsConfig.ready)."""
    request_finished.connect(flush_if_due, dispatch_uid="insights-flush")
    atexit.register(flush)
