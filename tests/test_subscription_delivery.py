"""Each new article reaches each confirmed reader once, at its publication time, through a real SMTP server."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from blog.models import Post
from subscriptions.delivery import email_post
from subscriptions.models import Delivery, Mailing, Subscriber, SubscriptionSettings

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


def run_worker():
    """One pass of the real worker over the tasks that are due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def readers(count, prefix="reader"):
    now = timezone.now() - timedelta(minutes=1)
    return [Subscriber.objects.create(email=f"{prefix}{n}@example.com", confirmed_at=now) for n in range(count)]


@pytest.fixture
def audience(profile):
    confirmed = readers(3)
    Subscriber.objects.create(email="pending@example.com")
    Subscriber.objects.create(email="left@example.com", confirmed_at=timezone.now(), unsubscribed_at=timezone.now())
    return confirmed


def addresses(mail_server):
    return sorted(message["To"] for message in mail_server.messages)


@pytest.mark.slow  # waits for the publication second in real time
def test_a_scheduled_article_reaches_each_confirmed_reader_once_at_its_time(mail_server, audience, post_factory):
    publication = timezone.now() + timedelta(seconds=2)
    post = post_factory(title="On waiting", published_at=publication, excerpt="Why waiting is hard.")
    run_worker()
    assert mail_server.messages == [], "nothing before the article is public"

    time.sleep(max(0, (publication - timezone.now()).total_seconds()) + 0.1)
    run_worker()
    assert addresses(mail_server) == [reader.email for reader in audience]
    for message in mail_server.messages:
        sent_at = message["Date"].datetime
        assert sent_at.replace(tzinfo=sent_at.tzinfo or UTC) >= publication.replace(microsecond=0)
        assert message["Subject"] == "On waiting"

    email_post.call(post.pk)  # a retried or second run sends nothing more
    run_worker()
    post.title = "On waiting, revised"
    post.save()
    run_worker()
    assert len(mail_server.messages) == 3
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_the_email_is_private_and_carries_one_click_unsubscribe(mail_server, audience, post_factory, profile):
    post = post_factory(title="Sleep", excerpt="Rest, gently.", body='<p>Text <a href="/blog/">more</a></p>')
    email_post.call(post.pk)
    message = mail_server.to(audience[0].email)[0]
    unsubscribe = f"https://practice.test{reverse('subscriptions:unsubscribe', args=[audience[0].token])}"
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>, <mailto:{profile.email}?subject=unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Reply-To"] == profile.email
    assert message["From"].addresses[0].display_name == profile.practice_name
    assert message["Message-ID"] == f"<article-{post.pk}.reader-{audience[0].pk}@practice.test>"
    assert message["Date"]
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "<img" not in html
    assert "Rest, gently." in html and "Rest, gently." in text
    assert unsubscribe in html and unsubscribe in text
    links = {link for link in __import__("re").findall(r'href="([^"]+)"', html)}
    article = f"https://practice.test{post.get_absolute_url()}?ref=email"  # the same for every reader
    assert links == {article, unsubscribe}, "nothing that tells one reader from another, no rewriting"
    other = mail_server.to(audience[1].email)[0].get_body(preferencelist=("html",)).get_content()
    assert f'href="{article}"' in other


def test_the_whole_article_can_be_sent_without_its_images(mail_server, audience, post_factory, profile):
    SubscriptionSettings(email_whole_article=True).save()
    post = post_factory(
        title="Whole",
        body='<p>First.</p><p><img src="/media/uploads/a.jpg" alt="A lake"></p><p><a href="/about/">Me</a></p>',
    )
    email_post.call(post.pk)
    html = mail_server.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "First." in html and "<img" not in html and "/media/" not in html
    assert 'href="https://practice.test/about/"' in html


def test_an_article_moved_back_to_draft_or_deleted_before_its_time_sends_nothing(mail_server, audience, post_factory):
    soon = timezone.now() + timedelta(seconds=1)
    draft = post_factory(title="Changed my mind", published_at=soon)
    deleted = post_factory(title="Gone", published_at=soon)
    draft.status = Post.Status.DRAFT
    draft.save()
    deleted.delete()
    with time_machine.travel(soon + timedelta(seconds=1)):
        run_worker()
    assert mail_server.messages == []


def test_a_rescheduled_article_is_sent_at_its_new_time_only(mail_server, audience, post_factory):
    post = post_factory(title="Moved", published_at=timezone.now() + timedelta(seconds=1))
    post.published_at = timezone.now() + timedelta(hours=1)
    post.save()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        run_worker()
    assert mail_server.messages == []
    ready = DBTaskResult.objects.filter(task_path=email_post.module_path, status=TaskResultStatus.READY)
    assert ready.filter(run_after=post.published_at).exists()


def test_publishing_now_sends_at_once_and_unticked_or_old_articles_send_nothing(
    mail_server, audience, post_factory, admin_client
):
    quiet = post_factory(title="Not for email", email_subscribers=False)
    old = post_factory(title="From last year", ago=timedelta(days=365))
    old.title = "From last year, corrected"
    old.save()
    draft = post_factory(title="Now", status=Post.Status.DRAFT)
    admin_client.post(reverse("admin:blog_post_changelist"), {"action": "publish_now", "_selected_action": [draft.pk]})
    run_worker()
    assert {message["Subject"] for message in mail_server.messages} == {"Now"}
    assert not Mailing.objects.filter(post__in=[quiet, old]).exists()


def test_a_refused_address_is_recorded_and_shown_to_the_therapist(mail_server, audience, post_factory, admin_client):
    mail_server.refuse[audience[1].email] = "550 No such user here"
    post = post_factory(title="Refused")
    email_post.call(post.pk)
    assert len(mail_server.messages) == 2
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.subscriber == audience[1] and "550" in failed.error
    page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert "Sent to 2 of 3 · 1 failed." in page
    assert f"Failed: {audience[1].email}" in page


def test_a_scheduled_article_says_how_many_it_will_email(audience, post_factory, admin_client):
    post = post_factory(title="Later", published_at=timezone.now() + timedelta(days=1))
    page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert "Scheduled to email 3 reader(s) at" in page
    assert "The background worker has not run yet" in page


def test_a_mail_server_that_is_down_is_tried_again_later_and_nobody_is_skipped(
    mail_server, audience, post_factory, settings
):
    from deploy.local_services import free_port

    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    post = post_factory(title="Patience")
    result = email_post.call(post.pk)
    assert "temporary failure" in result
    assert not Delivery.objects.exists(), "nothing claimed stays claimed"
    (follow_up,) = DBTaskResult.objects.filter(task_path=email_post.module_path, status=TaskResultStatus.READY)
    assert follow_up.run_after > timezone.now()

    settings.EMAIL_PORT = working_port
    follow_up.run_after = timezone.now()
    follow_up.save()
    run_worker()
    assert addresses(mail_server) == [reader.email for reader in audience]
    assert Mailing.objects.get(post=post).finished_at is not None


def test_a_reader_confirmed_after_the_sending_began_is_not_sent_the_article(mail_server, audience, post_factory):
    post = post_factory(title="Before you came")
    email_post.call(post.pk)
    readers(1, prefix="late")
    email_post.call(post.pk)
    assert "late0@example.com" not in addresses(mail_server)


# Several worker processes against one PostgreSQL database.


def database_url():
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def start_worker(mail_server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the workers share one PostgreSQL database (the PostgreSQL pass of .ci/run runs this)")
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "workers-" + "x" * 50,
        "DJANGO_SITE_URL": "https://practice.test",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "0",
        "DJANGO_SUBSCRIPTION_CLAIM_TIMEOUT": "1",
    }
    processes = []

    def start(*arguments):
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *arguments]
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.DEVNULL)
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.kill()
        process.wait()


def wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


@pytest.mark.slow
def test_two_workers_at_once_send_each_email_once(start_worker, mail_server, profile, post_factory):
    audience = readers(30)
    mail_server.delay = 0.02
    post = post_factory(title="Twice queued", ago=timedelta(seconds=1))  # published now: its run is queued
    email_post.enqueue(post.pk)  # and a second, as if it were saved twice: two runs at once
    first, second = start_worker("--batch"), start_worker("--batch")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert addresses(mail_server) == sorted(reader.email for reader in audience)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 30


@pytest.mark.slow
def test_a_worker_killed_mid_batch_is_finished_by_the_next_without_duplicates(
    start_worker, mail_server, profile, post_factory
):
    audience = readers(12)
    mail_server.delay = 0.3
    post_factory(title="Interrupted", ago=timedelta(seconds=1))
    worker = start_worker()
    wait_for(lambda: len(mail_server.messages) >= 4, 60, "the first worker sends some")
    # Killed while its next email is on the wire, before the server accepted it. (Killed in the instant
    # between the server's acceptance and the record of it, that one email would go again, with the same
    # Message-ID: docs/subscriptions.md.)
    time.sleep(mail_server.delay / 2)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    sent_before = len(mail_server.messages)
    assert sent_before < 12

    start_worker()
    wait_for(lambda: len(mail_server.messages) >= 12, 90, "the next worker finishes the batch")
    time.sleep(2.5)  # a further follow-up run finds nothing left
    assert addresses(mail_server) == sorted(reader.email for reader in audience)
