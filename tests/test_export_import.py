"""Nothing lost: export_site then import_site into an empty site restores every field and every file."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict
from django.utils import timezone

from blog.models import Post, Topic
from pages.models import ConsultationRequest, MovedPath, Page, PracticeProfile, Service
from pages.site_backup import stored_files
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

MODELS = [Topic, Post, PracticeProfile, Service, Page, MovedPath, ConsultationRequest]


@pytest.fixture
def full_site(post_factory):
    inline = default_storage.save("uploads/2026/11/22/inline.png", ContentFile(image_bytes()))
    anxiety = Topic.objects.create(name="Anxiety", slug="anxiety")
    sleep = Topic.objects.create(name="Sleep", slug="sleep")
    pictured = post_factory(
        title="With a picture",
        body=f'<h2>Start</h2><p><img src="/media/{inline}" alt="Inline"></p>',
        excerpt="A hand-written excerpt.",
        meta_description="For search engines.",
        featured_image=ContentFile(image_bytes((1200, 800), "JPEG"), name="lake.jpg"),
        featured_image_alt="A quiet lake",
    )
    pictured.topics.add(anxiety, sleep)
    post_factory(title="A draft", status=Post.Status.DRAFT)
    post_factory(title="Scheduled", published_at=timezone.now() + timedelta(days=2))
    renamed = post_factory(title="Renamed", slug="old-address")
    renamed.slug = "new-address"
    renamed.save()
    PracticeProfile(
        practice_name="Quiet Room",
        email="dana@quietroom.example",
        portrait=ContentFile(image_bytes((900, 900), "JPEG"), name="dana.jpg"),
        portrait_alt="Dana smiling",
    ).save()
    Service.objects.create(title="Couples therapy", slug="couples", summary="Together.", body="<p>Sessions.</p>")
    Page.objects.create(title="Fees", slug="fees", body="<p>$150.</p>", show_in_navigation=True)
    ConsultationRequest.objects.create(name="Alex", email="alex@example.com", message="Evenings, please.")


def snapshot():
    rows = {
        model._meta.label: [
            model_to_dict(obj, exclude=["search_vector"]) | {"pk": obj.pk} for obj in model.objects.order_by("pk")
        ]
        for model in MODELS
    }
    for post in rows["blog.Post"]:
        post["topics"] = sorted(topic.pk for topic in post["topics"])
        post["featured_image"] = str(post["featured_image"])
    for profile in rows["pages.PracticeProfile"]:
        profile["portrait"] = str(profile["portrait"])
    timestamps = {
        "blog.Post": list(Post.objects.order_by("pk").values_list("created_at", "updated_at")),
        "pages.ConsultationRequest": list(ConsultationRequest.objects.order_by("pk").values_list("received_at")),
    }
    files = {name: default_storage.open(name).read() for name in stored_files()}
    return rows, timestamps, files


def empty_the_site():
    for model in reversed(MODELS):
        model.objects.all().delete()
    for name in list(stored_files()):
        default_storage.delete(name)
    assert list(stored_files()) == []


def test_every_field_and_file_survives_the_round_trip(full_site, tmp_path, author):
    before = snapshot()
    call_command("export_site", str(tmp_path / "backup"), "--include-requests")
    empty_the_site()

    call_command("import_site", str(tmp_path / "backup"))

    rows, timestamps, files = snapshot()
    assert rows == before[0]
    assert timestamps == before[1]
    assert files.keys() == before[2].keys()
    assert files == before[2]


def test_the_restored_site_works_and_accepts_new_content(full_site, tmp_path, client, post_factory):
    call_command("export_site", str(tmp_path / "backup"))
    empty_the_site()
    call_command("import_site", str(tmp_path / "backup"))

    post = Post.objects.get(title="With a picture")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "With a picture" in page and "Anxiety" in page
    assert client.get("/blog/old-address/").status_code == 301
    assert client.get(f"/media/{post.featured_image_renditions['renditions'][0]['webp']}").status_code == 200
    assert client.get("/blog/search/", {"q": "picture"}).content.decode().count("With a picture") >= 1
    assert post_factory(title="Written after the move").pk > post.pk


def test_consultation_requests_stay_out_unless_asked_for(full_site, tmp_path):
    call_command("export_site", str(tmp_path / "backup"))
    assert "Evenings, please" not in (tmp_path / "backup" / "content.json").read_text()


def test_import_refuses_a_site_that_already_has_content(full_site, tmp_path):
    call_command("export_site", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="already has"):
        call_command("import_site", str(tmp_path / "backup"))
    assert Post.objects.count() == 4


def test_import_refuses_a_folder_that_is_not_an_export(tmp_path):
    with pytest.raises(CommandError, match="not a site export"):
        call_command("import_site", str(tmp_path))
