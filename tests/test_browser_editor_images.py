"""In a real browser: an image pasted into the real CKEditor is uploaded and published with the post."""

import base64

import pytest
from django.conf import settings

from blog.models import Post
from tests.support import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTE_IMAGE_FILE = """
(editable, [name, encoded]) => {
    const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], name, {type: "image/png"}));
    editable.dispatchEvent(new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true, cancelable: true}));
}
"""


@pytest.fixture
def new_post(live_server, new_page, django_user_model, sign_in):
    """The therapist, signed in, starts a post with `title` and types `text`: the page and the editor's body."""

    def start(title, text):
        django_user_model.objects.create_superuser(username="therapist-admin", password="calm-and-steady-42")
        therapist = new_page()
        sign_in(therapist, live_server.url, "therapist-admin", "calm-and-steady-42")
        therapist.goto(f"{live_server.url}/{settings.ADMIN_URL}blog/post/add/")
        therapist.get_by_label("Title").fill(title)
        editable = therapist.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
        editable.click()
        editable.press_sequentially(text)
        return therapist, editable

    return start


def test_a_pasted_image_is_uploaded_described_and_published_with_the_post(live_server, new_page, media_root, new_post):
    therapist, editable = new_post("A view from the window", "Look outside.")
    screenshot = base64.b64encode(image_bytes((1200, 800))).decode()
    editable.evaluate(PASTE_IMAGE_FILE, ["screenshot.png", screenshot])

    uploaded = editable.locator("img[src^='/media/uploads/']")
    source = uploaded.get_attribute("src")
    assert (media_root / source.removeprefix("/media/")).is_file()
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("Image 1 in the text").get_by_text("has no description", exact=False).wait_for()
    assert not Post.objects.exists()

    editable = therapist.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editable.locator(f"img[src='{source}']").dblclick()
    therapist.locator(".cke_dialog").get_by_label("Alternative Text").fill("Trees seen through a window")
    therapist.locator(".cke_dialog .cke_dialog_ui_button_ok").click()
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("was added successfully").wait_for()

    post = Post.objects.get(title="A view from the window")
    stem = source.removesuffix(".png")
    for attribute in (f'src="{source}"', 'alt="Trees seen through a window"', 'width="1200"', 'height="800"'):
        assert attribute in post.body
    assert f'srcset="{stem}-480w.webp 480w, {stem}-960w.webp 960w, {stem}-1200w.webp 1200w"' in post.body

    post.status = Post.Status.PUBLISHED
    post.save()
    reader = new_page()
    reader.set_viewport_size({"width": 375, "height": 812})
    reader.goto(f"{live_server.url}{post.get_absolute_url()}")
    # Lazy-loaded: the browser chooses a source once the image is near the screen and has loaded it.
    reader.locator(".post-body img").scroll_into_view_if_needed()
    reader.wait_for_function("() => document.querySelector('.post-body img').currentSrc")
    chosen = reader.locator(".post-body img").evaluate("image => image.currentSrc")
    assert chosen.endswith("-480w.webp") or chosen.endswith("-960w.webp"), f"a phone got {chosen}"


def test_an_image_marked_decorative_on_purpose_is_accepted(new_post):
    therapist, editable = new_post("A quiet border", "Breathe.")
    editable.evaluate(PASTE_IMAGE_FILE, ["border.png", base64.b64encode(image_bytes((600, 40))).decode()])
    editable.locator("img[src^='/media/uploads/']").dblclick()
    therapist.locator(".cke_dialog").get_by_label("Alternative Text").fill("decorative")
    therapist.locator(".cke_dialog .cke_dialog_ui_button_ok").click()
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("was added successfully").wait_for()
    assert 'alt="" data-decorative="true"' in Post.objects.get(title="A quiet border").body
