"""In a real browser: the therapist writes and schedules a post in the real CKEditor; visitors see it on time."""

import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEDULE_AHEAD = timedelta(seconds=12)


def write_in_ckeditor(page):
    """Type a heading, a bulleted list and a link using the editor's own toolbar and dialogs."""
    editable = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editable.click()
    page.locator(".cke_combo__format .cke_combo_button").click()
    page.frame_locator("iframe.cke_panel_frame").get_by_text("Heading 2").click()
    editable.press_sequentially("Why mornings matter")
    editable.press("Enter")
    page.locator(".cke_button__bulletedlist").click()
    editable.press_sequentially("Light")
    editable.press("Enter")
    editable.press_sequentially("Water")
    editable.press("Enter")
    editable.press("Enter")
    editable.press_sequentially("More in ")
    page.locator(".cke_button__link").click()
    dialog = page.locator(".cke_dialog")
    url = dialog.get_by_label("URL")
    expect(url).to_be_focused()  # the dialog has finished opening: it fills its fields as it opens
    url.fill("example.org/mornings")
    display_text = dialog.get_by_label("Display Text")
    display_text.fill("a short guide")
    expect(display_text).to_have_value("a short guide")
    dialog.locator(".cke_dialog_ui_button_ok").click()


def test_therapist_schedules_a_post_and_visitors_see_it_on_time(
    live_server, new_page, post_factory, django_user_model, sign_in
):
    oldest = post_factory(title="The oldest article", ago=timedelta(days=3))
    older = post_factory(title="An older article", ago=timedelta(days=2))
    django_user_model.objects.create_superuser(username="therapist-admin", password="calm-and-steady-42")

    therapist = new_page()
    sign_in(therapist, live_server.url, "therapist-admin", "calm-and-steady-42")
    therapist.goto(f"{live_server.url}/{settings.ADMIN_URL}blog/post/add/")
    therapist.get_by_label("Title").fill("A calm morning routine")
    write_in_ckeditor(therapist)
    due = timezone.now() + SCHEDULE_AHEAD
    local_due = due.astimezone(ZoneInfo(settings.TIME_ZONE))
    therapist.get_by_label("Status").select_option("published")
    therapist.locator("#id_published_at_0").fill(local_due.strftime("%Y-%m-%d"))
    therapist.locator("#id_published_at_1").fill(local_due.strftime("%H:%M:%S"))
    therapist.locator("input[name=_save]").click()
    therapist.get_by_text("was added successfully").wait_for()
    assert therapist.locator("td.field-state", has_text="Scheduled").count() == 1

    post = Post.objects.get(title="A calm morning routine")
    assert post.slug == "a-calm-morning-routine"
    body = re.sub(r">\s+<", "><", post.body)
    assert "<h2>Why mornings matter</h2><ul><li>Light</li><li>Water</li></ul>" in body
    assert '<a href="http://example.org/mornings" rel="noopener noreferrer">a short guide</a>' in body

    visitor = new_page()
    post_url = f"{live_server.url}{post.get_absolute_url()}"
    assert visitor.goto(post_url).status == 404
    visitor.goto(f"{live_server.url}/blog/")
    assert visitor.get_by_text("A calm morning routine").count() == 0

    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.5)

    assert visitor.goto(post_url).status == 200
    assert visitor.get_by_role("heading", level=2, name="Why mornings matter").is_visible()
    assert visitor.get_by_role("link", name="a short guide").get_attribute("href") == "http://example.org/mornings"
    visitor.goto(f"{live_server.url}/blog/")
    assert visitor.get_by_role("link", name="A calm morning routine").is_visible()

    visitor.goto(post_url)
    visitor.locator("a[rel=prev]").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == older.title
    visitor.locator("a[rel=prev]").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == oldest.title
    assert visitor.locator("a[rel=prev]").count() == 0
    visitor.locator("a[rel=next]").click()
    visitor.locator("a[rel=next]").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "A calm morning routine"
    assert visitor.locator("a[rel=next]").count() == 0
