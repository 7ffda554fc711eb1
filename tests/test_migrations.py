"""Data migrations repair what earlier versions stored."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post
from contact.models import ConsultationRequest, InboxSettings
from pages.models import CrisisLines, FeesAndInsurance, Page
from subscriptions.models import SubscriptionSettings

BROKEN = '<p>Before<img alt="A lake" width="10" height="10">after</p><img src="/media/a.jpg" alt="Kept">'
REPAIRED = '<p>Beforeafter</p><img src="/media/a.jpg" alt="Kept">'


@pytest.mark.django_db(transaction=True)
def test_images_left_without_an_address_are_removed_from_stored_bodies():
    executor = MigrationExecutor(connection)
    before = [("blog", "0006_body_image_checks"), ("pages", "0006_body_image_checks")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    author = apps.get_model("auth", "User").objects.create(username="therapist")
    post = apps.get_model("blog", "Post").objects.create(title="Lake", slug="lake", body=BROKEN, author=author)
    page = apps.get_model("pages", "Page").objects.create(title="Rooms", slug="rooms", body=BROKEN)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Post.objects.get(pk=post.pk).body == REPAIRED
    assert Page.objects.get(pk=page.pk).body == REPAIRED


@pytest.mark.django_db(transaction=True)
def test_the_profiles_settings_move_to_their_own_models_and_apps_with_their_values():
    """Requests (contact), the subscribe form's wording (subscriptions), crisis lines and fees (pages)."""
    executor = MigrationExecutor(connection)
    before = [("pages", "0012_single_line_names")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    apps.get_model("pages", "PracticeProfile").objects.create(
        pk=1,
        keep_requests_days=30,
        keep_closed_requests_days=7,
        subscribe_heading="Letters",
        email_whole_article=True,
        crisis_country="GB",
        crisis_notice="Call 999.",
        insurance_plans="Aetna",
        show_good_faith_estimate=False,
    )
    request = apps.get_model("pages", "ConsultationRequest").objects.create(
        name="Alex", email="alex@example.com", message="Tuesdays?"
    )
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="pages", model="consultationrequest"
    )[0]
    inbox = apps.get_model("auth", "Group").objects.create(name="Old inbox")
    inbox.permissions.add(
        apps.get_model("auth", "Permission").objects.create(
            content_type=content_type, codename="view_consultationrequest", name="Can view consultation request"
        )
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert ConsultationRequest.objects.get(pk=request.pk).message == "Tuesdays?"
    limits = InboxSettings.load()
    assert (limits.keep_requests_days, limits.keep_closed_requests_days) == (30, 7)
    email = SubscriptionSettings.load()
    assert (email.subscribe_heading, email.email_whole_article) == ("Letters", True)
    crisis, fees = CrisisLines.objects.get(profile_id=1), FeesAndInsurance.objects.get(profile_id=1)
    assert (crisis.country, crisis.notice, fees.insurance_plans, fees.show_good_faith_estimate) == (
        "GB", "Call 999.", "Aetna", False
    )
    reader = get_user_model().objects.create_user("reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Old inbox"))
    assert reader.has_perm("contact.view_consultationrequest")
