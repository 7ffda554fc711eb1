"""Saving runs in a visible order (core.saving): the row is read once, every write is done, then the rest
of the site is told once — and each image is declared once, on its model."""

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from blog.models import Post, Topic
from core import page_cache
from core.saving import SavedInOrder, item_saved, models_with_images
from tests.support import image_bytes, uploaded_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured_post(post_factory, media_root):
    return post_factory(
        title="Pictured",
        featured_image=uploaded_file("lake.png", image_bytes(size=(1200, 800)), "image/png"),
        featured_image_alt="A lake at dawn",
    )


def test_the_stored_row_is_read_once_per_save(pictured_post):
    pictured_post.slug = "moved"
    pictured_post.featured_image = None
    with CaptureQueriesContext(connection) as queries:
        pictured_post.save()
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT") and '"blog_post"' in query["sql"]]
    assert len(reads) == 1, reads
    assert Post.objects.get().featured_image_renditions == {}


def test_the_rest_of_the_site_hears_of_a_save_only_once_everything_is_written(post_factory, media_root):
    seen = {}

    def look_at_the_database(sender, instance, **kwargs):
        stored = Post.objects.values("featured_image_renditions", "summary").get(pk=instance.pk)
        seen.update(stored, address_kept=instance.get_absolute_url())

    item_saved.connect(look_at_the_database, sender=Post)
    try:
        post_factory(
            title="Pictured",
            body="<p>Opening words.</p>",
            featured_image=uploaded_file("lake.png", image_bytes(size=(1200, 800)), "image/png"),
            featured_image_alt="A lake at dawn",
        )
    finally:
        item_saved.disconnect(look_at_the_database, sender=Post)
    assert seen["featured_image_renditions"]["renditions"], "renditions are written before anyone is told"
    assert seen["summary"] == "Opening words."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index is PostgreSQL's")
def test_the_search_index_is_written_before_anyone_is_told(post_factory):
    indexed = []
    item_saved.connect(
        receiver := lambda instance, **kwargs: indexed.append(
            Post.objects.filter(pk=instance.pk, search_vector="lighthouse").exists()
        ),
        sender=Post,
    )
    try:
        post_factory(title="The lighthouse keeper")
    finally:
        item_saved.disconnect(receiver, sender=Post)
    assert indexed == [True]


@pytest.mark.django_db(transaction=True)
def test_a_post_its_topics_and_its_address_move_the_page_cache_on_once_after_commit(post_factory, monkeypatch):
    post = post_factory(title="Before")
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    after_commit = []
    monkeypatch.setattr(
        page_cache, "_bump_content_version", lambda: after_commit.append(1) if not connection.in_atomic_block else None
    )
    with transaction.atomic():
        post.title, post.slug = "After", "after"
        post.save()
        post.topics.set([topic])
    assert after_commit == [1]


def test_every_image_of_every_model_is_declared_once_on_its_model():
    """The pipeline, the description check, the admin, deletion and backups read `images`: an ImageField
    that is not declared there would be stored raw, kept without a description and left behind on delete."""
    ours = [model for model in apps.get_models() if model.__module__.split(".")[0] in {"blog", "pages", "contact"}]
    for model in ours:
        image_fields = {field.name for field in model._meta.fields if isinstance(field, models.ImageField)}
        declared = getattr(model, "images", {})
        assert image_fields == set(declared), model
        for image, description in declared.items():
            assert issubclass(model, SavedInOrder)
            model._meta.get_field(f"{image}_renditions")
            model._meta.get_field(description)
    assert {model._meta.label for model in models_with_images()} == {
        "blog.AuthorProfile",
        "blog.Post",
        "pages.PracticeProfile",
    }
