"""Never lose a word: every save keeps a version; versions are listed, compared and restored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from blog.models import Post
from core import revisions
from pages.models import Page, PracticeProfile, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_post(admin_client, admin_form_data, post_factory, admin_user):
    """A post saved three times in the admin: first draft, second draft, then scheduled."""
    post = post_factory(title="On worry", body="<p>Worry is a signal.</p>", status=Post.Status.DRAFT)
    change = reverse("admin:blog_post_change", args=[post.pk])
    for body, status, published_at in [
        ("<p>Worry is a signal.</p>", "draft", None),
        ("<p>Worry is a useful signal, not a verdict.</p>", "draft", None),
        ("<p>Worry is a useful signal, not a verdict. It passes.</p>", "published", timezone.now() + timedelta(days=3)),
    ]:
        data = admin_form_data(post, body=body, status=status, published_at=published_at, author=admin_user)
        assert admin_client.post(change, data).status_code == 302
        post.refresh_from_db()
    return post


def test_every_save_in_the_admin_keeps_a_version_listed_with_who_and_when(admin_client, edited_post, admin_user):
    assert Version.objects.get_for_object(edited_post).count() == 3
    history = admin_client.get(reverse("admin:blog_post_history", args=[edited_post.pk]))
    assert len(history.context["versions"]) == 3
    assert all(version["saved_by"] == admin_user for version in history.context["versions"])
    assert "Compare the two chosen versions" in history.content.decode()


def test_two_versions_compare_word_by_word(admin_client, edited_post):
    newest, _, oldest = Version.objects.get_for_object(edited_post)
    url = reverse("admin:blog_post_compare", args=[edited_post.pk])
    page = admin_client.get(url, {"from": oldest.pk, "to": newest.pk}).content.decode()
    assert "Worry is a <del>signal.</del> <ins>useful signal, not a verdict. It passes.</ins>" in page


def test_a_restored_version_brings_back_the_text_is_itself_a_version_and_keeps_the_schedule(
    admin_client, edited_post, admin_form_data, admin_user
):
    schedule = (edited_post.status, edited_post.published_at)
    oldest = Version.objects.get_for_object(edited_post).last()
    restore_url = reverse("admin:blog_post_revision", args=[edited_post.pk, oldest.pk])
    form = admin_client.get(restore_url).context["adminform"].form
    assert form["body"].value() == "<p>Worry is a signal.</p>"
    assert form["status"].value() == "published", "the form shows today's schedule, not the old one"
    data = admin_form_data(edited_post, body=form["body"].value(), author=admin_user)
    assert admin_client.post(restore_url, data).status_code == 302
    edited_post.refresh_from_db()
    assert edited_post.body == "<p>Worry is a signal.</p>"
    assert (edited_post.status, edited_post.published_at) == schedule
    assert Version.objects.get_for_object(edited_post).count() == 4


def test_only_the_newest_fifty_versions_are_kept(admin_client, admin_form_data, post_factory, admin_user, monkeypatch):
    monkeypatch.setattr(revisions, "KEEP_VERSIONS", 3)
    post = post_factory(status=Post.Status.DRAFT)
    for number in range(5):
        data = admin_form_data(post, body=f"<p>Version {number}</p>", status="draft", author=admin_user)
        admin_client.post(reverse("admin:blog_post_change", args=[post.pk]), data)
    kept = [version.field_dict["body"] for version in Version.objects.get_for_object(post)]
    assert kept == ["<p>Version 4</p>", "<p>Version 3</p>", "<p>Version 2</p>"]


@pytest.mark.parametrize("model", [Page, Service, PracticeProfile])
def test_pages_services_and_the_profile_keep_versions_too(admin_client, admin_form_data, model, profile):
    item = {
        Page: lambda: Page.objects.create(title="Fees", slug="fees"),
        Service: lambda: Service.objects.create(title="Groups", slug="groups", excerpt="Together."),
        PracticeProfile: lambda: profile,
    }[model]()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    admin_client.post(reverse(f"{prefix}_change", args=[item.pk]), admin_form_data(item))
    assert Version.objects.get_for_object(item).count() == 1
    assert admin_client.get(reverse(f"{prefix}_history", args=[item.pk])).status_code == 200
