"""Media on S3-compatible storage: the same image pipeline, switched on by a bucket name.

A local S3-compatible server (moto's server mode) stands in for S3, MinIO or R2.
"""

import json
import urllib.request
from datetime import timedelta

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from blog.models import Post
from deploy.local_services import free_port
from practice_site.settings import object_storage
from tests.support import image_bytes, read_setting, uploaded_file

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_post_add")

BUCKET = "practice-media"
# As docs/deploying.md asks: anyone may read the bucket's files (they are the site's public images).
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    storage, media_url = object_storage(BUCKET, endpoint_url=s3_endpoint, region="us-east-1")
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_featured_image_and_its_renditions_go_to_the_bucket(
    bucket, admin_client, admin_user, client, media_root, post_form
):
    admin_client.post(ADD_URL, post_form(uploaded_file("lake.jpg", image_bytes((1200, 800), "JPEG"))))
    post = Post.objects.get()
    stored = keys(bucket)
    assert post.featured_image.name in stored
    for rendition in post.featured_image_renditions["renditions"]:
        assert rendition["webp"] in stored and rendition["fallback"] in stored
    assert not media_root.exists() or not any(media_root.iterdir()), "nothing was written to the media folder"

    page = client.get(post.get_absolute_url()).content.decode()
    address = f"http://127.0.0.1:{bucket.meta.endpoint_url.rsplit(':', 1)[1]}/{BUCKET}/{stored[0]}"
    assert address.rsplit("/", 1)[0] in page
    with urllib.request.urlopen(address) as response:
        assert response.status == 200


def test_editor_uploads_go_to_the_bucket_and_survive_the_sanitiser(
    bucket, admin_client, post_factory, upload_in_editor
):
    photo = SimpleUploadedFile("inline.png", image_bytes(), content_type="image/png")
    url = upload_in_editor(admin_client, photo).json()["url"]
    assert url.startswith(f"http://127.0.0.1:{bucket.meta.endpoint_url.rsplit(':', 1)[1]}/{BUCKET}/uploads/")
    assert any(key.startswith("uploads/") for key in keys(bucket))
    post = post_factory(body=f'<p><img src="{url}" alt="Inline"></p>')
    assert f'src="{url}"' in post.body


def test_a_bucket_name_switches_storage_media_address_and_image_policy():
    result = read_setting(
        "settings.STORAGES['default']['BACKEND'], settings.MEDIA_URL, settings.SERVE_MEDIA,"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
        DJANGO_DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="practice-media",
        AWS_S3_ENDPOINT_URL="https://minio.practice.example:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "storages.backends.s3.S3Storage https://minio.practice.example:9000/practice-media/ False"
        " [\"'self'\", 'https://minio.practice.example:9000']"
    )


def test_deleting_a_post_removes_its_files_from_the_bucket(bucket, admin_client, admin_user, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("lake.jpg", image_bytes((800, 600), "JPEG"))))
    assert keys(bucket)
    admin_client.post(reverse("admin:blog_post_delete", args=[Post.objects.get().pk]), {"post": "yes"})
    assert keys(bucket) == []


def test_without_a_bucket_media_stay_in_the_media_folder(admin_client, admin_user, media_root, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("lake.jpg", image_bytes((800, 600), "JPEG"))))
    assert (media_root / Post.objects.get().featured_image.name).exists()


def test_unused_editor_uploads_are_removed_from_the_bucket_too(
    bucket, admin_client, post_factory, upload_in_editor, monkeypatch
):
    from core import uploads

    used = upload_in_editor(admin_client, SimpleUploadedFile("a.png", image_bytes(), content_type="image/png"))
    unused = upload_in_editor(admin_client, SimpleUploadedFile("b.png", image_bytes(), content_type="image/png"))
    post_factory(body=f'<p><img src="{used.json()["url"]}" alt="Used"></p>')
    monkeypatch.setattr(uploads, "UNUSED_UPLOAD_GRACE", timedelta(seconds=-60))  # both are old enough

    def stem(response):
        return response.json()["url"].split(f"/{BUCKET}/", 1)[1].removesuffix(".png")

    assert uploads.remove_unused_uploads() == 3, "the unused image and its two renditions"
    remaining = [key for key in keys(bucket) if key.startswith("uploads/")]
    assert remaining == sorted(f"{stem(used)}{end}" for end in (".png", "-64w.png", "-64w.webp"))
    assert not [key for key in remaining if key.startswith(stem(unused))]
