"""A version is reached only through the admin of its own item, and restored only by who may change all it touches.

The attack these replay: django-reversion's views looked a version up by number alone, so a Writer opened
`/admin/blog/post/1/history/<a version of the About page>/` and restored the page, the practice profile
(availability, booking link, licenses) or a deleted service through the post admin.
"""

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from blog.models import Post
from pages.models import License, Page, PracticeProfile, Service

pytestmark = pytest.mark.django_db

VERSIONED = [Post, Page, Service, PracticeProfile]


def admin_name(model, view):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


@pytest.fixture
def versioned(post_factory, profile, page_factory, service_factory):
    """One item of each versioned model, each with an old version unlike what it holds now."""
    items = {
        Post: post_factory(title="On worry", body="<p>Old words.</p>"),
        Page: page_factory("About", body="<p>Old words.</p>"),
        Service: service_factory("Couples", body="<p>Old words.</p>"),
        PracticeProfile: profile,
    }
    profile.availability = PracticeProfile.Availability.CLOSED
    profile.booking_url = "https://old-booking.example/"
    for item in items.values():
        with reversion.create_revision():
            item.save()
    for model, item in items.items():
        if model is PracticeProfile:
            item.availability, item.booking_url = PracticeProfile.Availability.ACCEPTING, "https://booking.example/"
            License.objects.create(profile=item, kind="LCSW", jurisdiction="Washington", number="W77")
        else:
            item.body = "<p>New words.</p>"
        with reversion.create_revision():
            item.save()
    return items


def oldest_version(item):
    return Version.objects.get_for_object(item).last()


def state(items):
    """What visitors would see of every item: a restore through the wrong door must change none of it."""
    profile = PracticeProfile.objects.get()
    return (
        [type(item).objects.get(pk=item.pk).body for model, item in items.items() if model is not PracticeProfile],
        profile.availability,
        profile.booking_url,
        sorted(License.objects.values_list("number", flat=True)),
        Service.objects.count(),
    )


@pytest.fixture(params=["superuser", "Writer", "Editor"])
def signed_in(request, staff, django_user_model):
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("owner", password="x")
        client = Client()
        client.force_login(user)
        return user, client
    return staff(role=request.param)


@pytest.mark.parametrize("door", VERSIONED, ids=lambda model: model.__name__)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_version_of_another_model_is_not_found_through_any_admin_for_any_role(versioned, signed_in, door, method):
    _, client = signed_in
    before = state(versioned)
    for model, item in versioned.items():
        if model is door:
            continue
        url = reverse(admin_name(door, "revision"), args=[versioned[door].pk, oldest_version(item).pk])
        response = getattr(client, method)(url, {"_save": "Save"} if method == "post" else None)
        assert response.status_code == 404, (door.__name__, model.__name__)
    assert state(versioned) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_version_of_another_item_of_the_same_model_is_not_found(versioned, post_factory, admin_client, method):
    other = post_factory(title="Another article")
    url = reverse(admin_name(Post, "revision"), args=[other.pk, oldest_version(versioned[Post]).pk])
    assert getattr(admin_client, method)(url).status_code == 404


@pytest.mark.parametrize("door", VERSIONED, ids=lambda model: model.__name__)
def test_a_deleted_item_is_recovered_only_through_its_own_admin(versioned, signed_in, door):
    _, client = signed_in
    service = versioned[Service]
    deleted_version = oldest_version(service)
    with reversion.create_revision():
        service.delete()
    response = client.post(reverse(admin_name(door, "recover"), args=[deleted_version.pk]))
    if door is not Service:
        assert response.status_code == 404
        assert not Service.objects.filter(pk=service.pk).exists(), "the deleted service stays deleted"


def test_recovering_an_item_that_still_exists_is_not_found(versioned, admin_client):
    version = oldest_version(versioned[Page])
    assert admin_client.post(reverse(admin_name(Page, "recover"), args=[version.pk])).status_code == 404


def test_a_writer_cannot_recover_a_deleted_service(versioned, staff):
    _, client = staff(role="Writer")
    service = versioned[Service]
    version = oldest_version(service)
    service.delete()
    assert client.post(reverse(admin_name(Service, "recover"), args=[version.pk])).status_code == 403
    assert not Service.objects.filter(pk=service.pk).exists()


def test_the_owner_still_opens_and_restores_a_version_of_the_profile_through_its_own_admin(
    versioned, admin_client, admin_form_data
):
    profile = versioned[PracticeProfile]
    url = reverse(admin_name(PracticeProfile, "revision"), args=[profile.pk, oldest_version(profile).pk])
    form = admin_client.get(url).context["adminform"].form
    assert form["availability"].value() == PracticeProfile.Availability.CLOSED
    assert admin_client.post(url, admin_form_data(profile, availability="closed")).status_code == 302
    assert PracticeProfile.objects.get().availability == PracticeProfile.Availability.CLOSED


def test_an_editor_restores_the_profile_with_its_licenses(versioned, staff, admin_form_data):
    _, client = staff(role="Editor")
    profile = versioned[PracticeProfile]
    url = reverse(admin_name(PracticeProfile, "revision"), args=[profile.pk, oldest_version(profile).pk])
    assert client.post(url, admin_form_data(profile, availability="closed")).status_code == 302
    assert "W77" not in License.objects.values_list("number", flat=True), "the license added since is gone"


def test_restoring_a_revision_that_touches_what_the_user_may_not_change_is_refused(
    versioned, staff, admin_form_data
):
    """A revision saved with a post and a page together (a bulk edit): a Writer may not restore the page."""
    writer, client = staff(role="Writer")
    post, page = versioned[Post], versioned[Page]
    with reversion.create_revision():
        post.save()
        page.save()
    shared_version = Version.objects.get_for_object(post).first()
    post.body, page.body = "<p>Newest.</p>", "<p>Newest.</p>"
    with reversion.create_revision():
        post.save()
        page.save()
    url = reverse(admin_name(Post, "revision"), args=[post.pk, shared_version.pk])
    assert client.get(url).status_code == 200, "seeing the post's old text is fine"
    assert client.post(url, admin_form_data(post, author=writer)).status_code == 403
    assert Page.objects.get(pk=page.pk).body == "<p>Newest.</p>"
    assert Post.objects.get(pk=post.pk).body == "<p>Newest.</p>"


def test_a_view_only_user_sees_a_version_but_cannot_restore_it(versioned, staff, admin_form_data):
    _, client = staff(role="View only")
    page = versioned[Page]
    url = reverse(admin_name(Page, "revision"), args=[page.pk, oldest_version(page).pk])
    assert client.get(url).status_code == 200
    assert client.post(url, admin_form_data(page)).status_code == 403
    assert Page.objects.get(pk=page.pk).body == "<p>New words.</p>"


def test_a_role_without_any_permission_on_the_model_sees_no_version(versioned, staff):
    _, client = staff(role="Inbox")
    page = versioned[Page]
    url = reverse(admin_name(Page, "revision"), args=[page.pk, oldest_version(page).pk])
    assert client.get(url).status_code == 403


def test_the_editor_role_may_write_licenses_and_specialties():
    editor = Group.objects.get(name="Editor")
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert {"change_license", "add_license", "delete_license", "change_specialty"} <= codenames
    assert Permission.objects.filter(codename="change_license").exists()


@pytest.mark.parametrize("address", ["abc", "1x", "%00"])
def test_a_change_or_history_address_that_is_not_a_number_is_not_found(admin_client, address, post_factory):
    post_factory()
    for view in ("change", "history"):
        url = f"/admin/blog/post/{address}/{view}/"
        assert admin_client.get(url).status_code in (302, 404), url
    assert admin_client.get(f"/admin/blog/post/{address}/history/1/").status_code == 404
