"""In a real browser: an image pasted into the real CKEditor is uploaded and published with the post."""

import base64

import pytest
from django.conf import settings

from blog.models import Post
from tests.browser import sign_in
from tests.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTE_IMAGE_FILE = """
(editable, [name, encoded]) => {
    const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], name, {type: "image/png"}));
    editable.dispatchEvent(new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true, cancelable: true}));
}
"""


def test_a_pasted_image_is_uploaded_described_and_published_with_the_post(
    live_server, new_page, media_root, django_user_model
):
    django_user_model.objects.create_superuser(username="therapist-admin", password="calm-and-steady-42")
    therapist = new_page()
    sign_in(therapist, live_server.url, "therapist-admin", "calm-and-steady-42")
    therapist.goto(f"{live_server.url}/{settings.ADMIN_URL}blog/post/add/")
    therapist.get_by_label("Title").fill("A view from the window")
    editable = therapist.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editable.click()
    editable.press_sequentially("Look outside.")
    screenshot = base64.b64encode(image_bytes((300, 200))).decode()
    editable.evaluate(PASTE_IMAGE_FILE, ["screenshot.png", screenshot])

    uploaded = editable.locator("img[src^='/media/uploads/']")
    source = uploaded.get_attribute("src")
    assert (media_root / source.removeprefix("/media/")).is_file()
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("An image in the text has no description.").wait_for()
    assert not Post.objects.exists()

    editable = therapist.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editable.locator(f"img[src='{source}']").dblclick()
    therapist.locator(".cke_dialog").get_by_label("Alternative Text").fill("Trees seen through a window")
    therapist.locator(".cke_dialog .cke_dialog_ui_button_ok").click()
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("was added successfully").wait_for()

    body = Post.objects.get(title="A view from the window").body
    for attribute in (f'src="{source}"', 'alt="Trees seen through a window"', 'width="300"', 'height="200"'):
        assert attribute in body
