"""Data migrations repair what earlier versions stored."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post
from pages.models import Page

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
