"""Images in the editor: one upload route, through the one pipeline, for those who may write — and described."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from blog.models import Post
from pages.models import Page
from tests.support import EDITOR_TOKEN, has_metadata, image_bytes, jpeg_with_gps_and_rotation

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"


def photo(name="Holiday Photo.JPG"):
    return SimpleUploadedFile(name, jpeg_with_gps_and_rotation(), content_type="image/jpeg")


def stored(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


# What the attacker uploaded through django-ckeditor's own view, each under a name of their choosing.
GIF_THAT_IS_JAVASCRIPT = image_bytes((4, 4), "GIF") + b"\n;fetch('/admin/auth/user/').then(r => r.text());"
PNG_WITH_HTML_AFTER_ITS_END = image_bytes((8, 8)) + b"<html><script>alert(document.cookie)</script></html>"


def png_claiming(width, height):
    """A small PNG whose header claims another size: Pillow reads the size before decoding anything."""
    data = bytearray(image_bytes((4, 4)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def animated_webp():
    buffer = BytesIO()
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "blue")]
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def test_staff_upload_a_jpeg_and_get_its_url_without_metadata(admin_client, media_root, upload_in_editor):
    data = upload_in_editor(admin_client, photo()).json()
    assert data["uploaded"] == 1
    assert data["url"].startswith("/media/uploads/")
    path = media_root / data["url"].removeprefix("/media/")
    assert path.parent.relative_to(media_root / "uploads").parts[0].isdigit(), "stored under a dated folder"
    assert not has_metadata(path.read_bytes())


def test_the_upload_dialog_gets_its_callback(admin_client, upload_in_editor):
    response = upload_in_editor(admin_client, photo(), "?CKEditorFuncNum=3")
    assert 'CKEDITOR.tools.callFunction(3, "/media/uploads/' in response.content.decode()


def test_the_stored_name_and_extension_come_from_the_decoded_image_never_from_the_browser(
    admin_client, media_root, upload_in_editor
):
    jpeg_named_png = SimpleUploadedFile("../../my photo.png", jpeg_with_gps_and_rotation(), content_type="image/png")
    url = upload_in_editor(admin_client, jpeg_named_png).json()["url"]
    name = url.rsplit("/", 1)[-1]
    assert name.endswith(".jpg")
    assert "photo" not in name and ".." not in url
    stem = name.removesuffix(".jpg")
    assert sorted(path.name for path in stored(media_root)) == [f"{stem}-100w.jpg", f"{stem}-100w.webp", name]


def test_a_png_with_html_after_its_end_is_stored_as_a_clean_png_under_a_png_name(
    admin_client, media_root, upload_in_editor
):
    evil = SimpleUploadedFile("evil.html", PNG_WITH_HTML_AFTER_ITS_END, content_type="text/html")
    url = upload_in_editor(admin_client, evil).json()["url"]
    assert url.endswith(".png")
    assert all(b"<script" not in path.read_bytes() for path in stored(media_root))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.js", GIF_THAT_IS_JAVASCRIPT, "Please upload a JPEG, PNG or WebP photo"),
        ("huge.png", png_claiming(12000, 12000), "more than 40 megapixels"),
        ("moving.webp", animated_webp(), "Animated images are not accepted"),
        ("cut.jpg", image_bytes((800, 600), "JPEG")[:900], "could not be read as an image"),
        ("notes.jpg", b"<script>alert(1)</script>", "could not be read as an image"),
    ],
)
def test_what_is_not_a_still_photo_is_refused_and_nothing_is_stored(
    admin_client, media_root, upload_in_editor, name, data, message
):
    response = upload_in_editor(admin_client, SimpleUploadedFile(name, data, content_type="image/gif"))
    assert response.status_code == 200, "CKEditor shows the message of a refusal only from a 200"
    assert response.json()["uploaded"] == 0
    assert message in response.json()["error"]["message"]
    assert stored(media_root) == []


def test_staff_who_may_not_write_cannot_upload(staff, media_root, upload_in_editor):
    _, inbox_reader = staff("view_consultationrequest")
    response = upload_in_editor(inbox_reader, SimpleUploadedFile("evil.html", PNG_WITH_HTML_AFTER_ITS_END))
    assert response.json()["uploaded"] == 0
    assert "may not add images" in response.json()["error"]["message"]
    assert stored(media_root) == []


@pytest.mark.parametrize("permission", ["change_post", "add_post", "change_page", "change_service"])
def test_staff_who_may_write_something_in_the_editor_can_upload(staff, upload_in_editor, permission):
    _, writer = staff(permission)
    assert upload_in_editor(writer, photo()).json()["uploaded"] == 1


def test_anonymous_visitors_get_a_plain_404_that_names_no_admin(client, media_root, upload_in_editor, settings):
    for response in (upload_in_editor(client, photo()), client.get(UPLOAD_URL)):
        assert response.status_code == 404
        assert "Location" not in response
        assert settings.ADMIN_URL not in response.content.decode()
    assert stored(media_root) == []


def test_signed_in_non_staff_cannot_upload(client, django_user_model, media_root, upload_in_editor):
    client.force_login(django_user_model.objects.create_user(username="reader"))
    assert upload_in_editor(client, photo()).json()["uploaded"] == 0
    assert stored(media_root) == []


def test_an_upload_without_the_editors_token_is_refused(admin_client, media_root):
    """Another site cannot make a signed-in therapist's browser upload: it can neither read nor set the cookie."""
    forged = admin_client.post(UPLOAD_URL, {"upload": photo(), "ckCsrfToken": EDITOR_TOKEN})
    assert forged.json()["uploaded"] == 0
    assert "did not come from this site" in forged.json()["error"]["message"]
    assert stored(media_root) == []


def test_an_upload_sent_from_another_site_is_refused(admin_client, media_root):
    admin_client.cookies["ckCsrfToken"] = EDITOR_TOKEN
    response = admin_client.post(
        UPLOAD_URL, {"upload": photo(), "ckCsrfToken": EDITOR_TOKEN}, HTTP_ORIGIN="https://attacker.example"
    )
    assert response.json()["uploaded"] == 0
    assert stored(media_root) == []


def all_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_the_editor_prefix_holds_only_the_sites_own_upload_route():
    assert [pattern for pattern in all_patterns() if pattern.startswith("ckeditor")] == ["ckeditor/upload/"]


@pytest.mark.parametrize(
    "url",
    [
        "/ckeditor/upload/evil.js",
        "/ckeditor/upload/anything/",
        "/ckeditor/upload/../upload/x",
        "/ckeditor/browse/",
        "/ckeditor/browse/x",
        "/ckeditor/",
        "/ckeditor/upload",
    ],
)
def test_no_other_address_under_the_editor_prefix_stores_anything(admin_client, media_root, url):
    admin_client.cookies["ckCsrfToken"] = EDITOR_TOKEN
    for response in (
        admin_client.get(url),
        admin_client.post(url, {"upload": SimpleUploadedFile("evil.html", PNG_WITH_HTML_AFTER_ITS_END)}),
        admin_client.post(url, {"upload": photo(), "ckCsrfToken": EDITOR_TOKEN}),
    ):
        assert response.status_code in (301, 404, 405), (url, response.status_code)
    assert stored(media_root) == []


def test_images_in_a_post_body_load_lazily_and_keep_their_alt(post_factory, db):
    post = post_factory(body='<p><img src="/media/uploads/a.jpg" alt="A path" width="800" height="600"></p>')
    assert post.body == (
        '<p><img loading="lazy" decoding="async" src="/media/uploads/a.jpg" alt="A path" width="800" height="600"></p>'
    )
    post.save()
    assert post.body.count("loading=") == 1


def test_uploaded_images_in_a_post_body_gain_their_size_and_renditions_for_the_screen(
    admin_client, post_factory, upload_in_editor
):
    url = upload_in_editor(
        admin_client, SimpleUploadedFile("wide.jpg", image_bytes((4032, 3024), "JPEG"), content_type="image/jpeg")
    ).json()["url"]
    post = post_factory(
        body=f'<p><img src="{url}" alt="A path"></p><p><img src="https://example.org/x.jpg" alt="x"></p>'
    )
    stem = url.removesuffix(".jpg")
    srcset = ", ".join(f"{stem}-{width}w.webp {width}w" for width in (480, 960, 1600))
    assert (
        f'<img loading="lazy" decoding="async" width="4032" height="3024" srcset="{srcset}" '
        f'sizes="(min-width: 50rem) 48rem, 100vw" src="{url}" alt="A path">'
    ) in post.body
    assert "example.org" not in post.body, "an image from another site would tell it about every reader"


def test_a_srcset_pointing_elsewhere_is_removed(post_factory):
    body = '<img src="/media/uploads/a.jpg" alt="A" srcset="https://tracker.example/a.jpg 480w" sizes="100vw">'
    assert "tracker.example" not in post_factory(body=body).body


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
    ("image", "accepted"),
    [
        ("<img src='/media/uploads/room.jpg'>", False),
        ("<img src='/media/uploads/room.jpg' alt=''>", False),
        ("<img src='/media/uploads/room.jpg' alt='  '>", False),
        ("<img src='/media/uploads/room.jpg' alt='decorative'>", True),
        ("<img src='/media/uploads/room.jpg' alt='' data-decorative='true'>", True),
        ("<img src='/media/uploads/room.jpg' alt='Our waiting room'>", True),
    ],
)
def test_an_image_needs_a_description_unless_marked_as_decoration_on_purpose(admin_client, admin_user, image, accepted):
    data = {"title": "Rooms", "slug": "rooms", "body": f"<p>Our rooms.</p>{image}", "status": "draft"}
    response = admin_client.post(reverse("admin:blog_post_add"), {**data, "author": admin_user.pk})
    refusal = "Image 1 in the text (“room.jpg”) has no description."
    assert (refusal in response.content.decode()) is not accepted
    assert Post.objects.exists() is accepted


def test_the_word_decorative_becomes_a_lasting_mark(post_factory):
    post = post_factory(body="<p><img src='/media/uploads/room.jpg' alt='Decorative'></p>")
    assert 'alt="" data-decorative="true"' in post.body
    post.save()
    assert post.body.count('data-decorative="true"') == 1


def test_an_image_address_that_climbs_out_of_the_media_folder_is_kept_as_written(admin_client, admin_user):
    """It is refused as not on this site only if it is elsewhere; it must never end the save in an error."""
    body = '<p>Text</p><img src="/media/../../db.sqlite3" alt="a">'
    data = {"title": "Odd path", "slug": "odd-path", "body": body, "status": "draft", "author": admin_user.pk}
    assert admin_client.post(reverse("admin:blog_post_add"), data).status_code in (200, 302)
