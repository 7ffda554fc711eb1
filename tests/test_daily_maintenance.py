"""Retention runs by itself: the worker's daily run removes what the site no longer needs."""

import os
import time
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from blog.models import Post
from core import maintenance
from core.maintenance import next_run_time, run_daily_maintenance, schedule_daily_maintenance
from core.uploads import UNUSED_UPLOAD_GRACE, remove_unused_uploads
from pages.models import Page, Service
from tests.support import image_bytes


def upload(name, days_old):
    name = default_storage.save(f"uploads/2026/11/{name}", ContentFile(image_bytes()))
    moment = time.time() - timedelta(days=days_old).total_seconds()
    os.utime(default_storage.path(name), (moment, moment))
    return name


def daily_runs(status=TaskResultStatus.READY):
    return DBTaskResult.objects.filter(task_path=run_daily_maintenance.module_path, status=status)


@pytest.mark.django_db
def test_uploads_no_text_uses_are_removed_once_a_week_old(post_factory):
    in_post = upload("in-post.png", days_old=30)
    in_service = upload("in-service.png", days_old=30)
    in_page = upload("in-page.png", days_old=30)
    abandoned = upload("abandoned.png", days_old=UNUSED_UPLOAD_GRACE.days + 1)
    just_uploaded = upload("just-uploaded.png", days_old=1)
    post_factory(body=f'<p><img src="/media/{in_post}" alt="A lake"></p>')
    Service.objects.create(title="S", slug="s", excerpt=".", body=f'<img src="/media/{in_service}" alt="">')
    Page.objects.create(title="P", slug="p", body=f'<p><a href="/media/{in_page}">the photo</a></p>')

    assert remove_unused_uploads() == 1

    assert not default_storage.exists(abandoned)
    for kept in (in_post, in_service, in_page, just_uploaded):
        assert default_storage.exists(kept), kept


@pytest.mark.django_db
def test_with_no_uploads_there_is_nothing_to_do():
    assert remove_unused_uploads() == 0


@pytest.mark.parametrize(
    ("local_now", "expected"),
    [
        (datetime(2026, 11, 23, 1, 0), datetime(2026, 11, 23, 3, 30)),
        (datetime(2026, 11, 23, 3, 30), datetime(2026, 11, 24, 3, 30)),
        (datetime(2026, 11, 23, 22, 0), datetime(2026, 11, 24, 3, 30)),
    ],
)
def test_the_daily_run_is_at_half_past_three_in_the_practices_time_zone(local_now, expected):
    assert timezone.localtime(next_run_time(timezone.make_aware(local_now))) == timezone.make_aware(expected)


@pytest.mark.django_db
def test_migrate_has_queued_the_first_daily_run():
    """The test database was migrated: migrate starts the chain on every new site."""
    (run,) = daily_runs()
    assert run.run_after == next_run_time()


@pytest.mark.django_db
def test_one_waiting_run_is_enough():
    schedule_daily_maintenance()
    schedule_daily_maintenance()
    assert daily_runs().count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_daily_jobs_when_due_and_queues_the_next_run(post_factory):
    abandoned = upload("abandoned.png", days_old=30)
    schedule_daily_maintenance()
    daily_runs().update(run_after=timezone.now() - timedelta(seconds=1))

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    (finished,) = daily_runs(TaskResultStatus.SUCCESSFUL)
    assert finished.return_value["remove_unused_uploads"] == 1
    assert not default_storage.exists(abandoned)
    (following,) = daily_runs()
    assert following.run_after == next_run_time()


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_never_stops_the_days_after_it(monkeypatch):
    def broken():
        raise OSError("storage unreachable")

    monkeypatch.setattr(maintenance, "DAILY_JOBS", [broken, *maintenance.DAILY_JOBS])
    schedule_daily_maintenance()
    daily_runs().update(run_after=timezone.now() - timedelta(seconds=1))

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    (failed,) = daily_runs(TaskResultStatus.FAILED)
    assert "broken failed; the others ran" in failed.traceback
    assert daily_runs().count() == 1, "tomorrow's run is queued all the same"


@pytest.mark.django_db
def test_an_image_is_in_use_whatever_address_the_text_gives_it(post_factory):
    """The media address may change (a CDN in front of the bucket): the text still uses the image."""
    kept = upload("behind-a-cdn.png", days_old=30)
    post = post_factory()
    # Saved while the media address was the CDN's (set directly: today's sanitiser would count it elsewhere).
    Post.objects.filter(pk=post.pk).update(body=f'<p><img src="https://media.practice.example/{kept}" alt=""></p>')
    assert remove_unused_uploads() == 0
    assert default_storage.exists(kept)


@pytest.mark.django_db
def test_an_image_only_an_earlier_version_shows_is_kept_so_that_restoring_it_brings_the_image_back(post_factory):
    import reversion

    kept = upload("in-an-earlier-version.png", days_old=30)
    post = post_factory(body=f'<p><img src="/media/{kept}" alt="A lake"></p>')
    with reversion.create_revision():
        post.save()
    post.body = "<p>The image was taken out.</p>"
    post.save()
    assert remove_unused_uploads() == 0
    assert default_storage.exists(kept)
