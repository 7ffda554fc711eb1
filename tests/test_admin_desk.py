"""The therapist's desk: the admin's first page says what needs her today, per role, in plain words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import AuthorProfile, Post
from contact.models import ConsultationRequest
from core.maintenance import worker_heartbeat
from subscriptions.models import Delivery, Mailing, Subscriber

pytestmark = pytest.mark.django_db


def desk(client):
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    return " ".join(page.content.decode().split())


def requests_received(**states):
    for status, number in states.items():
        for _ in range(number):
            ConsultationRequest.objects.create(name="A", email="a@example.com", message="Hello", status=status)


def test_new_requests_are_counted_for_those_who_read_the_inbox_only(staff):
    requests_received(new=3, replied=1)
    inbox = reverse("admin:contact_consultationrequest_changelist")
    assert f'<a href="{inbox}?status__exact=new">3 new consultation requests</a>' in desk(staff(role="Inbox")[1])
    assert "consultation request" not in desk(staff(role="Writer")[1])
    ConsultationRequest.objects.filter(status="new").update(status="closed")
    assert "No new consultation requests" in desk(staff(role="Inbox")[1])


def test_the_writing_shows_what_is_scheduled_next_being_written_and_ending(staff, post_factory):
    soon = post_factory(title="Sleep, gently", published_at=timezone.now() + timedelta(days=2, hours=1))
    post_factory(title="Half-written", status=Post.Status.DRAFT)
    post_factory(title="Group starts", unpublish_at=timezone.now() + timedelta(days=5, hours=1))
    post_factory(title="Long ago")
    page = desk(staff(role="Writer")[1])
    assert f'<a href="{reverse("admin:blog_post_change", args=[soon.pk])}">Sleep, gently</a>' in page
    local = timezone.localtime(soon.published_at)
    assert f"Scheduled for {local:%A}, {local:%B} {local.day}," in page and "(in 2 days)" in page
    assert "Half-written</a> <span class=\"desk-detail\">Draft, last edited just now" in page
    assert "Group starts</a> <span class=\"desk-detail\">Ends " in page and "(in 5 days)" in page
    assert "Long ago" not in page


def test_readers_and_the_last_article_emailed(admin_client, staff, post_factory):
    for number in range(4):
        Subscriber.objects.create(email=f"reader{number}@example.com", confirmed_at=timezone.now())
    Subscriber.objects.create(email="pending@example.com")
    post = post_factory(title="On rest")
    mailing = Mailing.objects.create(post=post, started_at=timezone.now(), recipient_count=4)
    for subscriber in Subscriber.objects.confirmed()[:3]:
        Delivery.objects.create(mailing=mailing, subscriber=subscriber, status=Delivery.Status.SENT, claimed_by="w")
    page = desk(admin_client)
    assert "4 readers subscribed" in page
    assert "Last article emailed: “On rest”" in page and "Sent to 3 readers" in page
    assert "readers subscribed" not in desk(staff(role="Writer")[1])


def beat(minutes_ago):
    result = worker_heartbeat.enqueue()
    finished = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL", started_at=finished, finished_at=finished)


def test_background_work_is_told_by_the_workers_heartbeat(admin_client):
    DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).delete()
    assert "Emails and scheduled jobs have not run yet" in desk(admin_client)
    beat(minutes_ago=60 * 26)
    page = desk(admin_client)
    assert "Emails and scheduled jobs have not run since" in page and "see docs/deploying.md" in page
    beat(minutes_ago=1)
    assert "Emails and scheduled jobs are running." in desk(admin_client)


def test_the_heartbeat_queues_the_next_and_keeps_only_the_last_beats():
    DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).delete()
    for minutes in (120, 90, 60):
        beat(minutes_ago=minutes)
    worker_heartbeat.call()
    beats = DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path)
    assert beats.filter(finished_at__isnull=False).count() == 1, "the newest beat is kept"
    waiting = beats.get(status="READY")
    assert timedelta(seconds=50) < waiting.run_after - timezone.now() <= timedelta(minutes=1)


def captions(client):
    page = client.get(reverse("admin:index")).content.decode()
    return [line.split('<span class="section">')[1].split("</span>")[0] for line in page.split("\n")
            if '<span class="section">' in line]


def test_sections_are_grouped_by_what_the_therapist_does(admin_client, staff):
    assert captions(admin_client) == ["Inbox", "Writing", "Readers", "Practice", "Moving in", "Site administration"]
    assert captions(staff(role="Writer")[1]) == ["Writing"]
    assert captions(staff(role="Editor")[1]) == ["Writing", "Readers", "Practice", "Moving in"]
    assert captions(staff(role="Inbox")[1]) == ["Inbox"]


def test_the_header_names_the_practice(admin_client, profile):
    page = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()
    assert f'<a href="/admin/">{profile.practice_name}</a>' in page
    assert "Django administration" not in page and "Practice website" not in page
    assert "Tasks Database Backend" not in desk(admin_client)


def test_one_entry_per_author_and_the_form_says_the_account_and_the_profile_are_one(admin_client, admin_user):
    AuthorProfile.objects.create(user=admin_user, display_name="Dana Whitfield")
    page = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    author_choice = page.split('id="id_author"')[1].split("</select>")[0]
    assert author_choice.count("Dana Whitfield") == 1
    assert "Your account and your author profile are one person" in page


def test_a_writer_without_an_author_profile_gets_one_from_her_name_the_first_time_she_writes(
    admin_client, admin_user, post_form
):
    admin_user.first_name, admin_user.last_name = "Maya", "Okafor"
    admin_user.save()
    assert admin_client.post(reverse("admin:blog_post_add"), post_form(author=admin_user.pk)).status_code == 302
    assert AuthorProfile.objects.get(user=admin_user).display_name == "Maya Okafor"
    post = Post.objects.get()
    assert post.byline == "Maya Okafor"


def test_an_account_without_a_name_gets_no_profile_so_no_login_name_becomes_a_byline(admin_client, post_form):
    assert admin_client.post(reverse("admin:blog_post_add"), post_form()).status_code == 302
    assert not AuthorProfile.objects.exists()
