"""Images in the editor: uploaded through the same pipeline by staff only, stored here, described."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Post
from pages.models import Page
from tests.images import has_metadata, jpeg_with_gps_and_rotation

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"


def photo():
    return SimpleUploadedFile("Holiday Photo.JPG", jpeg_with_gps_and_rotation(), content_type="image/jpeg")


def test_staff_upload_a_jpeg_and_get_its_url_without_metadata(admin_client, media_root):
    response = admin_client.post(UPLOAD_URL, {"upload": photo()})
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == "1"
    assert data["url"].startswith("/media/uploads/")
    stored = media_root / data["url"].removeprefix("/media/")
    assert stored.parent.relative_to(media_root / "uploads").parts[0].isdigit(), "stored under a dated folder"
    assert not has_metadata(stored.read_bytes())


def test_the_upload_dialog_gets_its_callback(admin_client):
    response = admin_client.post(f"{UPLOAD_URL}?CKEditorFuncNum=3", {"upload": photo()})
    assert "CKEDITOR.tools.callFunction(3, '/media/uploads/" in response.content.decode()


def test_a_non_image_is_refused_and_nothing_is_stored(admin_client, media_root):
    fake = SimpleUploadedFile("notes.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = admin_client.post(UPLOAD_URL, {"upload": fake})
    assert response.json()["uploaded"] == 0
    assert "could not be read as an image" in response.json()["error"]["message"]
    assert not (media_root / "uploads").exists()


def test_anonymous_visitors_cannot_upload(client, media_root):
    response = client.post(UPLOAD_URL, {"upload": photo()})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not (media_root / "uploads").exists()


def test_signed_in_non_staff_cannot_upload(client, django_user_model, media_root):
    client.force_login(django_user_model.objects.create_user(username="reader"))
    assert client.post(UPLOAD_URL, {"upload": photo()}).status_code == 302
    assert not (media_root / "uploads").exists()


def test_names_cannot_traverse_or_collide(admin_client, media_root):
    evil = SimpleUploadedFile("../../etc/passwd.jpg", jpeg_with_gps_and_rotation(), content_type="image/jpeg")
    first = admin_client.post(UPLOAD_URL, {"upload": evil}).json()["url"]
    second = admin_client.post(UPLOAD_URL, {"upload": photo()}).json()["url"]
    third = admin_client.post(UPLOAD_URL, {"upload": photo()}).json()["url"]
    assert ".." not in first and first.startswith("/media/uploads/")
    assert second != third


def test_images_in_a_post_body_load_lazily_and_keep_their_alt(post_factory, db):
    post = post_factory(body='<p><img src="/media/uploads/a.jpg" alt="A path" width="800" height="600"></p>')
    assert post.body == (
        '<p><img loading="lazy" decoding="async" src="/media/uploads/a.jpg" alt="A path" width="800" height="600"></p>'
    )
    post.save()
    assert post.body.count("loading=") == 1


def test_uploaded_images_in_a_post_body_gain_their_width_and_height(admin_client, post_factory):
    url = admin_client.post(UPLOAD_URL, {"upload": photo()}).json()["url"]
    post = post_factory(
        body=f'<p><img src="{url}" alt="A path"></p><p><img src="https://example.org/x.jpg" alt="x"></p>'
    )
    assert f'<img width="100" height="200" loading="lazy" decoding="async" src="{url}" alt="A path">' in post.body
    assert "example.org" not in post.body, "an image from another site would tell it about every reader"


FOREIGN_IMAGES = {
    "https://photos.example/lake.jpg": "an image from photos.example",
    "data:image/png;base64,iVBORw0KGgo=": "a pasted image that was not uploaded",
    "file:///C:/Users/dana/Pictures/lake.jpg": "a pasted image that was not uploaded",
    "": "an image without an address",
}


@pytest.mark.parametrize("source", FOREIGN_IMAGES)
def test_the_admin_refuses_an_image_not_on_this_site_and_keeps_what_was_written(admin_client, admin_user, source):
    body = f'<p>A walk by the lake.</p><p><img src="{source}" alt="The lake"></p>'
    data = {"title": "By the lake", "slug": "by-the-lake", "body": body, "status": "draft", "author": admin_user.pk}
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"The text holds {FOREIGN_IMAGES[source]}. Only images uploaded to this site can be published" in page
    assert "A walk by the lake." in response.context["adminform"].form["body"].value()
    assert not Post.objects.exists()


def test_service_and_page_texts_refuse_images_from_elsewhere_too(admin_client):
    body = '<img src="https://photos.example/a.jpg" alt="A"><img src="https://cdn.example/b.jpg" alt="B">'
    response = admin_client.post(
        reverse("admin:pages_page_add"), {"title": "Our room", "slug": "room", "body": body, "order": 0}
    )
    assert "The text holds an image from photos.example, an image from cdn.example." in response.content.decode()
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    ("image", "accepted"), [("<img src='/media/a.jpg'>", False), ("<img src='/media/a.jpg' alt=''>", True)]
)
def test_an_image_needs_a_description_unless_marked_as_decoration(admin_client, admin_user, image, accepted):
    data = {"title": "Rooms", "slug": "rooms", "body": f"<p>Our rooms.</p>{image}", "status": "draft"}
    response = admin_client.post(reverse("admin:blog_post_add"), {**data, "author": admin_user.pk})
    assert ("An image in the text has no description." in response.content.decode()) is not accepted
    assert Post.objects.exists() is accepted
