"""In a real browser, in the real admin and CKEditor: the writing room never loses a word."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from reversion.models import Version

from blog.models import Post, Topic
from tests.support import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
PASSWORD = "calm-and-steady-42"


@pytest.fixture
def therapist(live_server, browser, django_user_model, sign_in):
    """The therapist's browser, signed in: one browser context, so what it keeps survives a closed tab."""
    django_user_model.objects.create_superuser(
        username="therapist-admin", password=PASSWORD, first_name="Dana", last_name="Whitfield"
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, "therapist-admin", PASSWORD)
    yield context, page
    context.close()


def add_form(live_server):
    return f"{live_server.url}/{settings.ADMIN_URL}blog/post/add/"


def editor(page):
    return page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")


def set_body(page, html):
    """Replace the editor's text once CKEditor is ready; setData is asynchronous, so wait for its callback."""
    editor(page).wait_for()
    page.evaluate(
        """html => new Promise(done => {
            const body = CKEDITOR.instances.id_body;
            const set = () => body.setData(html, {callback: done});
            body.status === "ready" ? set() : body.once("instanceReady", set);
        })""",
        html,
    )


def add_to_the_text(page, text):
    editor(page).click()
    editor(page).press_sequentially(text)


def wait_for_an_autosave(page):
    page.wait_for_timeout(3500)  # the autosave runs every three seconds


def write(page, title, text):
    page.get_by_label("Title").fill(title)
    add_to_the_text(page, text)


def change_form(live_server, post):
    return f"{live_server.url}{reverse('admin:blog_post_change', args=[post.pk])}"


def room_ready(page):
    """The writing room has started: the kept copy is offered back or not, and the counts are shown."""
    page.locator("#writing-counts").wait_for()


def test_closing_the_tab_loses_nothing_the_writing_is_offered_back(live_server, therapist):
    context, page = therapist
    page.goto(add_form(live_server))
    write(page, "On starting again", "Every morning is a small beginning.")
    wait_for_an_autosave(page)
    page.close()

    page = context.new_page()
    page.goto(add_form(live_server))
    offer = page.locator("#autosave-offer")
    offer.get_by_text("Restore your unsaved changes from").wait_for()
    offer.get_by_role("button", name="Restore").click()
    assert page.get_by_label("Title").input_value() == "On starting again"
    assert "Every morning is a small beginning." in editor(page).inner_text()
    page.locator("input[name=_save]").click()
    page.get_by_text("was added successfully").wait_for()
    assert "Every morning is a small beginning." in Post.objects.get(title="On starting again").body

    page.goto(add_form(live_server))
    page.get_by_label("Title").wait_for()
    page.wait_for_timeout(500)
    assert page.locator("#autosave-offer").count() == 0, "once saved, nothing is offered again"


def test_an_expired_session_loses_nothing(live_server, therapist, sign_in):
    context, page = therapist
    page.goto(add_form(live_server))
    write(page, "Written while signed out", "The session ran out while I was writing.")
    wait_for_an_autosave(page)
    context.clear_cookies(name="sessionid")  # the session expired; the browser keeps the rest
    page.locator("input[name=_save]").click()
    page.get_by_label("Password").wait_for()
    assert not Post.objects.exists()

    sign_in(page, live_server.url, "therapist-admin", PASSWORD)
    page.goto(add_form(live_server))
    page.locator("#autosave-offer").get_by_role("button", name="Restore").click()
    assert "The session ran out while I was writing." in editor(page).inner_text()


def kept_copies(page):
    return page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('writing-room:'))")


def test_signing_out_takes_the_kept_copies_with_it(live_server, therapist):
    """A shared computer: the next person to open the admin finds nothing of what was written."""
    context, page = therapist
    page.goto(add_form(live_server))
    write(page, "Not for the next person", "Private thoughts, not saved yet.")
    wait_for_an_autosave(page)
    assert kept_copies(page)
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}")
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("Thanks for spending some quality time").wait_for()
    assert kept_copies(page) == []


def test_a_copy_left_for_days_is_not_offered_and_is_removed(live_server, therapist):
    _, page = therapist
    page.goto(add_form(live_server))
    editor(page).wait_for()
    four_days_ago = "Date.now() - 4 * 24 * 60 * 60 * 1000"
    page.evaluate(
        f"""() => localStorage.setItem(
            'writing-room:' + document.getElementById('writing-room').dataset.user + ':blog.post:new',
            JSON.stringify({{title: 'Old', summary: '', slug: '', body: '<p>Old words</p>',
                            savedAt: {four_days_ago}}}))"""
    )
    page.reload()
    editor(page).wait_for()
    page.wait_for_timeout(500)
    assert page.locator("#autosave-offer").count() == 0
    assert kept_copies(page) == []


def test_leaving_with_unsaved_changes_asks_first(live_server, therapist):
    _, page = therapist
    page.goto(add_form(live_server))
    write(page, "Unfinished", "Half a thought")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#site-name a, a:has-text('Practice website')").first.click(no_wait_after=True)
    page.wait_for_timeout(1000)
    assert dialogs == ["beforeunload"]
    assert page.url == add_form(live_server), "dismissing keeps the writer on the form"


def test_words_reading_time_and_the_search_preview_follow_the_writing(live_server, therapist):
    _, page = therapist
    page.goto(add_form(live_server))
    write(page, "A title that is far too long to fit in one line of a search engine result page", "one two three")
    counts = page.locator("#writing-counts")
    counts.get_by_text("3 words · about 1 minute to read").wait_for()
    preview = page.locator(".search-preview-card")
    assert preview.locator(".serp-title-count").get_attribute("class").endswith("counter--over")
    assert "one two three" in preview.locator(".serp-description").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "writing-room-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.screenshot(path=SCREENSHOTS / "writing-room-phone.png", full_page=True)


def test_an_earlier_version_is_restored_and_listed(live_server, therapist, post_factory):
    _, page = therapist
    post = post_factory(title="Versions", slug="versions", status=Post.Status.DRAFT, body="<p>First words.</p>")
    change = f"{live_server.url}{reverse('admin:blog_post_change', args=[post.pk])}"
    for words in ("First words.", "Second words."):
        page.goto(change)
        set_body(page, f"<p>{words}</p>")
        page.locator("input[name=_continue]").click()
        page.get_by_text("was changed successfully").wait_for()
    page.goto(f"{live_server.url}{reverse('admin:blog_post_history', args=[post.pk])}")
    page.locator("#change-history th a").last.click()
    page.get_by_text("Restoring brings back the writing of this version").wait_for()
    page.locator("input[name=_save]").click()
    page.get_by_text("Reverted to previous version", exact=False).or_(page.get_by_text("was changed")).first.wait_for()
    post.refresh_from_db()
    assert post.body == "<p>First words.</p>"
    assert Version.objects.get_for_object(post).count() == 3


def test_a_shared_preview_opens_for_someone_without_an_account(live_server, therapist, browser, post_factory):
    _, page = therapist
    post = post_factory(title="For my supervisor", slug="for-my-supervisor", status=Post.Status.DRAFT)
    page.goto(f"{live_server.url}{reverse('admin:blog_post_change', args=[post.pk])}")
    page.get_by_role("button", name="Share a preview").click()
    address = page.locator(".preview-link input[type=text]").input_value()
    address = address.replace(settings.SITE_URL, live_server.url)

    colleague = browser.new_context()
    visit = colleague.new_page()
    response = visit.goto(address)
    assert response.status == 200
    assert "no-store" in response.headers["cache-control"]
    visit.get_by_text("Preview — not published yet.").wait_for()
    assert visit.locator("meta[name=robots]").get_attribute("content") == "noindex"

    page.get_by_role("button", name="Revoke").click()
    page.get_by_text("The preview link no longer works.").wait_for()
    assert visit.goto(address).status == 404
    colleague.close()


def test_publishing_shows_what_to_fix_for_readers(live_server, therapist):
    _, page = therapist
    page.goto(add_form(live_server))
    page.get_by_label("Title").fill("Quick note")
    set_body(page, '<h3>Skipped</h3><p><a href="/blog/">click here</a></p>')
    page.get_by_label("Status").select_option("published")
    page.locator("input[name=_save]").click()
    page.get_by_text("was added successfully").wait_for()
    warnings = page.locator(".messagelist .warning").all_inner_texts()
    assert any("skips a level" in warning for warning in warnings)
    assert any("click here" in warning for warning in warnings)
    assert any("no excerpt and no search description" in warning for warning in warnings)


def assert_nothing_offered(page):
    room_ready(page)
    assert page.locator("#autosave-offer").count() == 0, "what the server has is not offered back"


@pytest.mark.parametrize(
    ("button", "message"),
    [("_continue", "was added successfully. You may edit it again below."), ("_addanother", "You may add another")],
)
def test_a_new_article_once_saved_is_not_offered_back(live_server, therapist, button, message):
    _, page = therapist
    page.goto(add_form(live_server))
    write(page, "Saved straight away", "Words the server now keeps.")
    wait_for_an_autosave(page)  # a copy is kept while writing
    assert kept_copies(page)
    page.locator(f"input[name={button}]").click()
    page.get_by_text(message).wait_for()
    assert "Words the server now keeps." in Post.objects.get(title="Saved straight away").body
    assert_nothing_offered(page)
    wait_for_an_autosave(page)  # an autosave round on the saved article keeps nothing: nothing is unsaved
    assert kept_copies(page) == []

    page.goto(add_form(live_server))
    assert_nothing_offered(page)


def test_an_article_saved_with_changes_is_not_offered_back(live_server, therapist, post_factory):
    _, page = therapist
    post = post_factory(title="Already here", slug="already-here", status=Post.Status.DRAFT)
    page.goto(change_form(live_server, post))
    add_to_the_text(page, " And a new last line.")
    wait_for_an_autosave(page)
    assert kept_copies(page)
    page.locator("input[name=_continue]").click()
    page.get_by_text("was changed successfully").wait_for()
    assert "And a new last line." in Post.objects.get(pk=post.pk).body
    assert_nothing_offered(page)

    page.locator("input[name=_save]").click()
    page.get_by_text("was changed successfully").wait_for()
    page.goto(change_form(live_server, post))
    assert_nothing_offered(page)
    assert kept_copies(page) == []


def test_a_new_article_that_could_not_be_saved_is_kept_and_offered_back(live_server, therapist):
    context, page = therapist
    page.goto(add_form(live_server))
    page.get_by_label("Excerpt").fill("A summary worth keeping.")
    add_to_the_text(page, "Written before choosing a title.")
    page.locator("input[name=_continue]").click()  # no title: the form comes back with the problem
    page.locator(".errornote").wait_for()
    assert not Post.objects.exists()
    room_ready(page)
    assert page.locator("#autosave-offer").count() == 0, "the form itself still shows the writing"
    assert kept_copies(page), "the copy stays until the server has the writing"

    page.get_by_label("Title").click()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}")
    assert dialogs == ["beforeunload"], "leaving a form that came back unsaved asks first"

    page = context.new_page()
    page.goto(add_form(live_server))
    page.locator("#autosave-offer").get_by_role("button", name="Restore").click()
    assert "Written before choosing a title." in editor(page).inner_text()
    assert page.get_by_label("Excerpt").input_value() == "A summary worth keeping."


def test_changes_to_an_article_that_could_not_be_saved_are_offered_back(live_server, therapist, post_factory):
    context, page = therapist
    post = post_factory(title="Kept safe", slug="kept-safe", status=Post.Status.DRAFT)
    page.goto(change_form(live_server, post))
    add_to_the_text(page, " A paragraph not yet saved.")
    page.get_by_label("Slug").fill("not a web address!")
    page.locator("input[name=_continue]").click()
    page.locator(".errornote").wait_for()
    room_ready(page)
    assert kept_copies(page)
    page.close()

    page = context.new_page()
    page.goto(change_form(live_server, post))
    page.locator("#autosave-offer").get_by_role("button", name="Restore").click()
    assert "A paragraph not yet saved." in editor(page).inner_text()
    assert "A paragraph not yet saved." not in Post.objects.get(pk=post.pk).body


def test_a_copy_older_than_the_last_save_is_not_offered_over_it(live_server, therapist, post_factory):
    """Written here, then the article was saved from another computer: the later save is what counts."""
    context, page = therapist
    post = post_factory(title="Two desks", slug="two-desks", status=Post.Status.DRAFT)
    page.goto(change_form(live_server, post))
    add_to_the_text(page, " Typed at home, never saved.")
    wait_for_an_autosave(page)
    assert kept_copies(page)
    page.close()
    post.body = "<p>Rewritten and saved at the office.</p>"
    post.save()

    page = context.new_page()
    page.goto(change_form(live_server, post))
    assert_nothing_offered(page)
    assert kept_copies(page) == []


def leaving_asks(page, live_server):
    """Navigate away from the form; True when the browser asked first (the question is answered "Leave")."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}")
    assert dialogs in ([], ["beforeunload"])
    return bool(dialogs)


def choose_topic(page):
    page.locator("#id_topics_from").select_option(label="Grief")
    page.locator("#id_topics_add").click()


def choose_image(page):
    page.locator("#id_featured_image").set_input_files(
        files=[{"name": "lake.png", "mimeType": "image/png", "buffer": image_bytes()}]
    )


CHANGES = {
    "status": lambda page: page.get_by_label("Status").select_option("published"),
    "publish date": lambda page: page.locator("#id_published_at_0").fill("2031-05-04"),
    "publish time": lambda page: page.locator("#id_published_at_1").fill("07:30"),
    "topics": choose_topic,
    "featured image": choose_image,
    "email checkbox": lambda page: page.get_by_label("Email it to subscribers").uncheck(),
    "excerpt": lambda page: page.get_by_label("Excerpt").fill("Short."),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_leaving_after_changing_any_field_asks_first(live_server, therapist, change):
    Topic.objects.create(name="Grief", slug="grief")
    _, page = therapist
    page.goto(add_form(live_server))
    room_ready(page)
    page.get_by_label("Title").click()  # a browser asks before leaving only a page the writer has touched
    CHANGES[change](page)
    assert leaving_asks(page, live_server)


def test_leaving_an_untouched_form_does_not_ask(live_server, therapist, post_factory):
    Topic.objects.create(name="Anxiety", slug="anxiety")
    post = post_factory(
        title="Nothing to change",
        slug="nothing-to-change",
        excerpt="An excerpt.",
        body="<h2>A heading</h2><p>Some <strong>bold</strong> words.</p><ul><li>a list</li></ul>",
    )
    post.topics.add(Topic.objects.create(name="Grief", slug="grief"))
    _, page = therapist
    page.goto(change_form(live_server, post))
    room_ready(page)
    page.wait_for_timeout(500)
    page.get_by_label("Title").click()
    assert not leaving_asks(page, live_server)

    page.goto(add_form(live_server))
    room_ready(page)
    page.get_by_label("Title").click()
    assert not leaving_asks(page, live_server)
