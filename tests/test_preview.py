"""Staff preview drafts and scheduled posts; nobody else can, and previews are never cached."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def test_staff_preview_a_draft_with_a_visible_banner(editor_client, draft):
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()


def test_staff_preview_a_scheduled_post_with_its_time(editor_client, scheduled):
    response = editor_client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "Scheduled for " in response.content.decode()


def test_previews_are_never_cached(editor_client, draft):
    cache_control = editor_client.get(draft.get_absolute_url())["Cache-Control"]
    for directive in ("no-cache", "no-store", "must-revalidate", "private"):
        assert directive in cache_control


def test_public_post_has_no_preview_banner(editor_client, post_factory):
    response = editor_client.get(post_factory().get_absolute_url())
    assert 'class="preview-banner"' not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_anonymous_users_cannot_preview(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_without_change_permission_cannot_preview(client, django_user_model, draft):
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_post"))
    client.force_login(viewer)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_signed_in_non_staff_cannot_preview(client, django_user_model, draft):
    client.force_login(django_user_model.objects.create_user(username="reader"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_one_rule_for_every_kind_of_item_a_permission_without_staff_status_previews_nothing(
    client, django_user_model, draft, page_factory, service_factory
):
    """Pages and services followed another rule than articles: a permission alone showed their drafts."""
    page = page_factory("Groups", is_published=False)
    service = service_factory("Walk and talk", is_published=False)
    holder = django_user_model.objects.create_user(username="not-staff")
    permissions = Permission.objects.filter(codename__in=["change_post", "change_page", "change_service"])
    holder.user_permissions.add(*permissions)
    client.force_login(holder)
    for item in (draft, page, service):
        assert client.get(item.get_absolute_url()).status_code == 404, item
    holder.is_staff = True
    holder.save()
    for item in (draft, page, service):
        assert client.get(item.get_absolute_url()).status_code == 200, item
