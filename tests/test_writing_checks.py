"""Checks before publishing: warnings in plain English for what hurts readers — never an error."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from core.writing_checks import reading_checks

pytestmark = pytest.mark.django_db

WELL_MADE = (
    "<h2>Sleep</h2><p>Short and kind.</p><h3>Routine</h3><p>See <a href='/blog/sleep-diary/'>the sleep diary</a>.</p>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h2>Sleep</h2><h4>Naps</h4>", "The heading “Naps” skips a level (from level 2 to 4)"),
        ("<h3>Naps</h3>", "The heading “Naps” skips a level (from level 1 to 3)"),
        ("<p>See <a href='/x/'>click here</a>.</p>", "The link “click here” does not say where it leads"),
        ("<p><a href='/x/'>Here</a></p>", "The link “Here” does not say where it leads"),
        ("<p><a href='https://a.example/b'>https://a.example/b</a></p>", "shows a bare web address"),
        ("<p><a href='/x/'> </a></p>", "A link has no words"),
        ("<p>" + "word " * 301 + "</p>", "has 301 words: long for reading on a phone"),
    ],
)
def test_each_problem_gets_its_own_plain_warning(body, expected):
    warnings = reading_checks(body, excerpt="An excerpt.")
    assert len(warnings) == 1, warnings
    assert expected in warnings[0]


def test_no_excerpt_and_no_search_description_is_a_warning():
    assert "There is no excerpt and no search description" in reading_checks(WELL_MADE)[0]
    assert reading_checks(WELL_MADE, meta_description="For search engines.") == []


def test_a_well_made_article_gets_no_warning():
    assert reading_checks(WELL_MADE, excerpt="On sleep.") == []


def save(admin_client, post_form, **fields):
    response = admin_client.post(reverse("admin:blog_post_add"), post_form(**fields), follow=True)
    return [str(message) for message in get_messages(response.wsgi_request)], response


def test_publishing_shows_the_warnings_as_what_readers_see_now_and_saves_all_the_same(admin_client, post_form):
    messages, response = save(admin_client, post_form, body="<h3>Naps</h3><p><a href='/x/'>here</a></p>")
    warnings = [message for message in messages if message.startswith("Readers see this now:")]
    assert len(warnings) == 3
    assert not [message for message in messages if message.startswith("Before readers see it:")]
    assert Post.objects.get().is_public


def test_scheduling_shows_the_warnings_before_readers_see_it(admin_client, post_form):
    later = timezone.localtime(timezone.now() + timedelta(days=2))
    messages, _ = save(
        admin_client,
        post_form,
        body="<h3>Naps</h3>",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    assert Post.objects.get().visibility == "scheduled"
    assert [message for message in messages if message.startswith("Before readers see it:")]
    assert not [message for message in messages if message.startswith("Readers see this now:")]


def test_a_draft_is_left_in_peace(admin_client, post_form):
    messages, _ = save(admin_client, post_form, body="<h3>Naps</h3>", status="draft")
    assert not [message for message in messages if message.startswith("Before readers see it:")]
