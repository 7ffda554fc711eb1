"""The therapist's workplace: writing, scheduling and publishing posts in the admin."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from blog.models import Post

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_post_add")
CHANGELIST_URL = reverse("admin:blog_post_changelist")
PRACTICE_ZONE = ZoneInfo(settings.TIME_ZONE)


def form_data(admin_user, **overrides):
    data = {
        "title": "Finding a therapist who fits",
        "slug": "finding-a-therapist-who-fits",
        "excerpt": "",
        "body": "<h2>Start here</h2><ul><li>Ask questions</li></ul>"
        '<p><a href="https://example.org">A guide</a></p><script>alert(1)</script>',
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "author": admin_user.pk,
    }
    data.update(overrides)
    return data


def local_fields(moment):
    local = moment.astimezone(PRACTICE_ZONE)
    return {"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S")}


def test_the_add_form_uses_the_rich_text_editor_and_defaults_the_author(admin_client, admin_user):
    page = admin_client.get(ADD_URL).content.decode()
    assert 'data-type="ckeditortype"' in page
    assert f'<option value="{admin_user.pk}" selected>' in page
    assert "In New York time." in page


def test_a_draft_written_in_the_admin_is_saved_sanitised_and_private(admin_client, admin_user, client):
    response = admin_client.post(ADD_URL, form_data(admin_user))
    assert response.status_code == 302
    post = Post.objects.get(slug="finding-a-therapist-who-fits")
    assert post.status == Post.Status.DRAFT
    assert post.published_at is None
    assert "<script" not in post.body
    assert "<h2>Start here</h2><ul><li>Ask questions</li></ul>" in post.body
    assert post.summary == "Start here Ask questions A guide"
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_scheduling_in_the_admin_uses_the_practice_time_zone(admin_client, admin_user):
    data = form_data(admin_user, status="published", published_at_0="2031-01-14", published_at_1="09:00:00")
    assert admin_client.post(ADD_URL, data).status_code == 302
    post = Post.objects.get()
    assert post.published_at == datetime(2031, 1, 14, 9, 0, tzinfo=PRACTICE_ZONE)
    assert post.state_label == "Scheduled"
    assert not post.is_public


def test_publishing_with_an_empty_time_publishes_now(admin_client, admin_user, client):
    assert admin_client.post(ADD_URL, form_data(admin_user, status="published")).status_code == 302
    post = Post.objects.get()
    assert post.is_public
    assert timezone.now() - post.published_at < timedelta(minutes=1)
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_the_state_column_reads_draft_scheduled_or_published(admin_client, post_factory):
    post_factory(title="Draft one", status=Post.Status.DRAFT)
    due = datetime(2031, 1, 14, 9, 0, tzinfo=PRACTICE_ZONE)
    post_factory(title="Scheduled one", published_at=due)
    post_factory(title="Published one")
    page = admin_client.get(CHANGELIST_URL).content.decode()
    assert '<td class="field-state">Draft</td>' in page
    assert '<td class="field-state">Scheduled</td>' in page
    assert '<td class="field-publish_time">Jan 14, 2031, 9:00 AM</td>' in page
    assert '<td class="field-state">Published</td>' in page
    assert page.count('<td class="field-author_name">Dana Whitfield</td>') == 3


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "Draft one"), ("scheduled", "Scheduled one"), ("published", "Published one")],
)
def test_the_state_filter_shows_only_that_state(admin_client, post_factory, state, expected):
    post_factory(title="Draft one", status=Post.Status.DRAFT)
    post_factory(title="Scheduled one", published_at=timezone.now() + timedelta(days=1))
    post_factory(title="Published one")
    response = admin_client.get(CHANGELIST_URL, {"state": state})
    titles = [post.title for post in response.context["cl"].result_list]
    assert titles == [expected]


def test_search_by_title(admin_client, post_factory):
    post_factory(title="On grief")
    post_factory(title="On sleep")
    response = admin_client.get(CHANGELIST_URL, {"q": "grief"})
    assert [post.title for post in response.context["cl"].result_list] == ["On grief"]


def test_a_duplicate_slug_is_a_form_error_and_nothing_is_lost(admin_client, admin_user, post_factory):
    post_factory(slug="finding-a-therapist-who-fits")
    response = admin_client.post(ADD_URL, form_data(admin_user))
    assert response.status_code == 200
    assert "Article with this Slug already exists." in response.content.decode()
    assert "Finding a therapist who fits" in response.content.decode()
    assert Post.objects.count() == 1


def test_a_slug_used_by_the_blog_itself_is_refused(admin_client, admin_user):
    response = admin_client.post(ADD_URL, form_data(admin_user, slug="feed"))
    assert response.status_code == 200
    assert "is used by another part of the blog" in response.content.decode()
    assert not Post.objects.exists()


def test_publish_now_action_publishes_drafts_and_scheduled_posts(admin_client, post_factory, client):
    draft = post_factory(status=Post.Status.DRAFT)
    scheduled = post_factory(published_at=timezone.now() + timedelta(days=2))
    published = post_factory(ago=timedelta(days=30))
    original_time = published.published_at
    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, published.pk]},
        follow=True,
    )
    assert "2 article(s) published now." in response.content.decode()
    for post in (draft, scheduled, published):
        post.refresh_from_db()
        assert post.is_public
    assert published.published_at == original_time


def test_move_back_to_draft_action_hides_posts(admin_client, post_factory, client):
    post = post_factory()
    admin_client.post(CHANGELIST_URL, {"action": "move_to_draft", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_view_on_site_previews_a_draft(admin_client, draft):
    view_on_site = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Post).pk, draft.pk])
    change_page = admin_client.get(reverse("admin:blog_post_change", args=[draft.pk])).content.decode()
    assert f'href="{view_on_site}"' in change_page
    response = admin_client.get(view_on_site, follow=True)
    assert response.redirect_chain[-1][0].endswith(draft.get_absolute_url())
    assert "Draft — not public" in response.content.decode()


def test_the_changelist_query_count_does_not_grow_with_posts(admin_client, post_factory, django_assert_max_num_queries):
    for _ in range(30):
        post_factory()
    with django_assert_max_num_queries(14):  # 2 of them the savepoint django-reversion opens around admin views
        assert admin_client.get(CHANGELIST_URL).status_code == 200
