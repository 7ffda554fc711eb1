"""Share a preview before it goes out: a link for someone without an account, private, revocable, expiring."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from core.models import PreviewLink
from pages.models import Page, Service

pytestmark = pytest.mark.django_db


def share(admin_client, item):
    prefix = f"admin:{item._meta.app_label}_{item._meta.model_name}"
    response = admin_client.post(reverse(f"{prefix}_share_preview", args=[item.pk]), follow=True)
    assert response.status_code == 200
    return PreviewLink.objects.latest("created_at")


@pytest.fixture
def draft_post(post_factory):
    return post_factory(title="A draft to show my supervisor", slug="for-supervision", status=Post.Status.DRAFT)


def test_a_shared_link_shows_the_draft_to_anyone_as_it_will_look_but_privately(admin_client, client, draft_post):
    link = share(admin_client, draft_post)
    assert len(link.token) >= 43, "at least 128 random bits, here 256"
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "A draft to show my supervisor" in page
    assert "Preview — not published yet." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert client.get(link.get_absolute_url()).status_code == 200, "never served from the page cache"


def test_the_link_is_listed_on_the_item_with_its_expiry_and_revoked_with_one_click(admin_client, client, draft_post):
    link = share(admin_client, draft_post)
    change = admin_client.get(reverse("admin:blog_post_change", args=[draft_post.pk])).content.decode()
    assert link.token in change
    assert f"until {timezone.localtime(link.expires_at):%B} " in change
    admin_client.post(reverse("admin:blog_post_revoke_preview", args=[draft_post.pk, link.pk]))
    assert client.get(link.get_absolute_url()).status_code == 404


def test_the_link_expires_after_seven_days(admin_client, client, draft_post):
    link = share(admin_client, draft_post)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert client.get(link.get_absolute_url()).status_code == 404


def test_a_deleted_item_or_an_unknown_token_is_not_found(admin_client, client, draft_post):
    link = share(admin_client, draft_post)
    draft_post.delete()
    assert client.get(link.get_absolute_url()).status_code == 404
    assert client.get(reverse("preview", args=["x" * 43])).status_code == 404


def test_once_public_the_link_leads_to_the_public_address(admin_client, client, draft_post):
    link = share(admin_client, draft_post)
    draft_post.status = Post.Status.PUBLISHED
    draft_post.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft_post.get_absolute_url()


def test_pages_and_services_can_be_shared_too(admin_client, client):
    page = Page.objects.create(title="New fees", slug="new-fees", is_published=False, body="<p>From March.</p>")
    service = Service.objects.create(title="Groups", slug="groups", excerpt="Soon.", is_published=False)
    for item, text in ((page, "From March."), (service, "Soon.")):
        response = client.get(share(admin_client, item).get_absolute_url())
        assert text in response.content.decode()
        assert "Preview — not published yet." in response.content.decode()


def test_a_public_item_offers_no_preview_and_staff_without_change_rights_cannot_share(
    admin_client, staff, post_factory, draft_post
):
    public = post_factory(title="Already out")
    change = admin_client.get(reverse("admin:blog_post_change", args=[public.pk])).content.decode()
    assert 'id="preview-links-heading"' not in change
    _, viewer = staff(role="View only")
    response = viewer.post(reverse("admin:blog_post_share_preview", args=[draft_post.pk]))
    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


def test_staff_see_unpublished_pages_and_inactive_services_with_a_banner(admin_client, client):
    Page.objects.create(title="New fees", slug="new-fees", is_published=False)
    Service.objects.create(title="Groups", slug="groups", excerpt="Soon.", is_published=False)
    for url in ("/new-fees/", "/services/groups/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Not public — only you can see this page" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert client.get(url).status_code == 404


def test_a_revoked_link_shows_the_sites_own_404_page_even_with_debug_on(admin_client, client, draft_post, settings):
    settings.DEBUG = True
    link = share(admin_client, draft_post)
    PreviewLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    response = client.get(reverse("preview", args=[link.token]))
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert "Using the URLconf" not in response.content.decode()
