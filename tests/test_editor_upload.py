"""Images uploaded from inside the editor go through the same pipeline; only staff may upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
