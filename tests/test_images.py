"""The image pipeline: validated, stripped of metadata, rendered responsively, cleaned up."""

from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image

from blog.models import Post
from tests.support import has_metadata, image_bytes, jpeg_with_gps_and_rotation, uploaded_file

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_post_add")


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def test_a_phone_photo_is_stored_upright_and_without_any_metadata(admin_client, admin_user, media_root, post_form):
    response = admin_client.post(ADD_URL, post_form(uploaded_file("lake.jpg", jpeg_with_gps_and_rotation())))
    assert response.status_code == 302
    post = Post.objects.get()
    files = stored_files(media_root)
    assert files
    for path in files:
        data = path.read_bytes()
        assert not has_metadata(data), path.name
        with Image.open(BytesIO(data)) as image:
            assert image.height > image.width, "EXIF orientation (90°) was applied"
    assert (post.featured_image_renditions["width"], post.featured_image_renditions["height"]) == (100, 200)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("huge.png", image_bytes((8000, 5125), "PNG", mode="1")),
        ("big.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (11 * 1024 * 1024)),
        ("truncated.jpg", image_bytes((600, 400), "JPEG")[:1500]),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
        ),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("moving.gif", image_bytes((20, 20), "GIF")),
        ("document.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("animated.webp", "animated"),
    ],
    ids=["41-megapixels", "11-MB", "truncated-jpeg", "svg", "html-named-jpg", "gif", "pdf", "animated-webp"],
)
def test_unacceptable_files_get_a_clear_admin_error_and_nothing_is_stored(
    admin_client, admin_user, media_root, name, data, post_form
):
    if data == "animated":
        data = animated_webp()
    response = admin_client.post(ADD_URL, post_form(uploaded_file(name, data)))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "featured_image" in errors
    assert not Post.objects.exists()
    assert stored_files(media_root) == []


def animated_webp():
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    buffer = BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("huge.png", image_bytes((8000, 5125), "PNG", mode="1"), "more than 40 megapixels"),
        ("truncated.jpg", image_bytes((600, 400), "JPEG")[:1500], "could not be read as an image"),
        ("big.jpg", image_bytes((1200, 800), "JPEG") + b"\0" * (11 * 1024 * 1024), "images can be at most 10 MB"),
        ("animated.webp", animated_webp(), "Animated images are not accepted"),
    ],
    ids=["megapixels", "truncated", "size", "animated"],
)
def test_the_reason_is_explained(admin_client, admin_user, name, data, reason, post_form):
    response = admin_client.post(ADD_URL, post_form(uploaded_file(name, data)))
    assert reason in response.content.decode()


@pytest.mark.parametrize(("source_width", "widths"), [(2000, [480, 960, 1600]), (700, [480, 700]), (300, [300])])
def test_renditions_come_in_webp_and_a_fallback_never_wider_than_the_source(
    admin_client, admin_user, media_root, source_width, widths, post_form
):
    photo = uploaded_file("photo.jpg", image_bytes((source_width, source_width // 2), "JPEG"))
    admin_client.post(ADD_URL, post_form(photo))
    renditions = Post.objects.get().featured_image_renditions["renditions"]
    assert [rendition["width"] for rendition in renditions] == widths
    for rendition in renditions:
        for key, expected_format in (("webp", "WEBP"), ("fallback", "JPEG")):
            with Image.open(media_root / rendition[key]) as image:
                assert image.format == expected_format
                assert image.size == (rendition["width"], rendition["height"])


def test_a_png_with_transparency_keeps_a_png_fallback(admin_client, admin_user, media_root, post_form):
    logo = uploaded_file("logo.png", image_bytes((600, 300), "PNG", mode="RGBA"), "image/png")
    admin_client.post(ADD_URL, post_form(logo))
    rendition = Post.objects.get().featured_image_renditions["renditions"][0]
    assert rendition["fallback"].endswith(".png")


def test_the_post_page_renders_a_responsive_image_and_only_one_eager_image(admin_client, admin_user, client, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("photo.jpg", image_bytes((2000, 1000), "JPEG"))))
    client.logout()
    page = client.get("/blog/with-a-picture/").content.decode()
    assert 'type="image/webp" srcset="' in page
    assert "480w" in page and "960w" in page and "1600w" in page
    assert 'sizes="(min-width: 50rem) 48rem, 100vw"' in page
    assert 'width="1600" height="800" alt="A quiet lake"' in page
    images = page.count("<img ")
    lazy = page.count('loading="lazy"')
    assert images == 2
    assert images - lazy == 1
    assert 'property="og:image" content="http://testserver/media/' in page


def test_lists_show_the_featured_image_on_cards(admin_client, admin_user, client, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("photo.jpg", image_bytes((1000, 500), "JPEG"))))
    client.logout()
    for url in ("/", "/blog/", "/blog/search/?q=picture"):
        page = client.get(url).content.decode()
        # Inside the card's one link the title names the link: its picture is not read out a second time.
        assert 'alt="" decoding="async"' in page and 'class="card__image"' in page, url


def test_an_image_without_a_description_is_a_form_error(admin_client, admin_user, media_root, post_form):
    response = admin_client.post(ADD_URL, post_form(uploaded_file("photo.jpg", image_bytes()), alt=""))
    assert response.status_code == 200
    assert "Please describe the featured image" in response.content.decode()
    assert not Post.objects.exists()


def test_a_form_sent_back_for_a_correction_says_the_image_must_be_chosen_again(
    admin_client, admin_user, media_root, post_form
):
    response = admin_client.post(ADD_URL, post_form(uploaded_file("photo.jpg", image_bytes()), title=""))
    assert response.status_code == 200
    assert "Please choose the image again before saving" in response.content.decode()
    assert not stored_files(media_root)


def test_replacing_a_featured_image_deletes_the_old_files(admin_client, admin_user, media_root, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("first.jpg", image_bytes((1000, 500), "JPEG"))))
    post = Post.objects.get()
    first_files = stored_files(media_root)
    change_url = reverse("admin:blog_post_change", args=[post.pk])
    response = admin_client.post(change_url, post_form(uploaded_file("second.jpg", image_bytes((900, 450), "JPEG"))))
    assert response.status_code == 302
    remaining = stored_files(media_root)
    assert remaining and not set(first_files) & set(remaining)
    assert all("second" in path.name for path in remaining)


def test_clearing_or_deleting_removes_the_files(admin_client, admin_user, media_root, post_form):
    admin_client.post(ADD_URL, post_form(uploaded_file("first.jpg", image_bytes((1000, 500), "JPEG"))))
    post = Post.objects.get()
    change_url = reverse("admin:blog_post_change", args=[post.pk])
    admin_client.post(change_url, post_form(alt="", **{"featured_image-clear": "on"}))
    post.refresh_from_db()
    assert not post.featured_image and post.featured_image_renditions == {}
    assert stored_files(media_root) == []
    admin_client.post(change_url, post_form(uploaded_file("again.jpg", image_bytes((1000, 500), "JPEG"))))
    Post.objects.get().delete()
    assert stored_files(media_root) == []


def test_the_portrait_goes_through_the_same_pipeline(admin_client, media_root, client, admin_form_data):
    from pages.models import Page, PracticeProfile

    PracticeProfile(practice_name="Quiet Room", therapist_name="Sam Rivera").save()
    Page.objects.create(title="About", slug="about")
    response = admin_client.post(
        reverse("admin:pages_practiceprofile_change", args=[1]),
        admin_form_data(
            PracticeProfile.load(),
            portrait=uploaded_file("me.jpg", jpeg_with_gps_and_rotation((900, 600))),
            portrait_alt="Sam smiling in the office",
        ),
    )
    assert response.status_code == 302
    profile = PracticeProfile.objects.get()
    assert [rendition["width"] for rendition in profile.portrait_renditions["renditions"]] == [480, 600]
    assert all(not has_metadata(path.read_bytes()) for path in stored_files(media_root))
    client.logout()
    for url in ("/", "/about/"):
        assert 'alt="Sam smiling in the office"' in client.get(url).content.decode(), url
