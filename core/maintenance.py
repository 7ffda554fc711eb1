"""Work the background worker does once a day, without anyone remembering to start it.

Apps register their retention jobs with `daily_job`. One task,
`run_daily_maintenance`, runs them all at DAILY_AT in the practice's time zone
and first puts its own next run in the queue, so that a failing job never
stops the days after it. `migrate` (run by `make run`, `make serve` and every
deploy) puts the first run in the queue when none is waiting, so a new site,
or one whose queue was emptied, starts the chain by itself.

Each job must be safe to run twice: two servers deploying at once may each
queue a run.

The worker also beats once a minute (`worker_heartbeat`, a task that queues
its own next beat): the admin tells whether background work is running by
the last beat, not by the last task someone happened to queue.
"""

import logging
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DAILY_AT = time(3, 30)
DAILY_JOBS = []
HEARTBEAT_EVERY = timedelta(minutes=1)
# Past this without a beat, the worker is taken for stopped (a busy worker beats late, not never).
QUIET_AFTER = timedelta(minutes=10)


def daily_job(function):
    """Register `function` (no arguments; returns what it did, e.g. a count) to run once a day."""
    DAILY_JOBS.append(function)
    return function


def next_run_time(now=None):
    """The next DAILY_AT in the practice's time zone, after `now`."""
    local_now = timezone.localtime(now)
    day = local_now.date() if local_now.time() < DAILY_AT else local_now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, DAILY_AT))


def schedule_daily_maintenance():
    """Make sure the next daily run is waiting in the queue; one is enough."""
    waiting = DBTaskResult.objects.filter(task_path=run_daily_maintenance.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        run_daily_maintenance.using(run_after=next_run_time()).enqueue()


@task()
def run_daily_maintenance():
    schedule_daily_maintenance()
    schedule_heartbeat()  # a beat that died before queueing the next one leaves the chain broken until now
    done, failed = {}, []
    for job in DAILY_JOBS:
        try:
            done[job.__name__] = job()
        except Exception:
            logger.exception("Daily maintenance: %s failed.", job.__name__)
            failed.append(job.__name__)
    logger.info("Daily maintenance done: %s.", done)
    if failed:
        raise RuntimeError(f"Daily maintenance: {', '.join(failed)} failed; the others ran (see the log).")
    return done


def schedule_heartbeat(run_after=None):
    """Make sure the next beat is waiting in the queue; one is enough."""
    waiting = DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        worker_heartbeat.using(run_after=run_after or timezone.now()).enqueue()


@task()
def worker_heartbeat():
    """Queue the next beat, and forget the beats before the last few: this run's own row is the beat."""
    schedule_heartbeat(run_after=timezone.now() + HEARTBEAT_EVERY)
    earlier = DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path, finished_at__lt=timezone.now() - QUIET_AFTER
    )
    earlier.exclude(pk__in=_beats().values("pk")[:1]).delete()


def _beats():
    return DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path, finished_at__isnull=False
    ).order_by("-finished_at")


def worker_last_seen():
    """When the background worker last beat, or None if it never has."""
    beat = _beats().first()
    return beat.finished_at if beat else None


def worker_is_running():
    seen = worker_last_seen()
    return seen is not None and timezone.now() - seen <= QUIET_AFTER


def schedule_after_migrate(**kwargs):
    """post_migrate receiver: start the daily chain and the heartbeat once the task table exists."""
    if DBTaskResult._meta.db_table in connection.introspection.table_names():
        schedule_daily_maintenance()
        schedule_heartbeat()


def last_daily_run():
    """The daily run that finished last (successful or failed), or None if none has yet."""
    return (
        DBTaskResult.objects.filter(task_path=run_daily_maintenance.module_path, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )
