"""In a real browser, as the therapist and her colleagues: the desk, the sections, the article list."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from blog.models import Post
from contact.models import ConsultationRequest
from tests.test_browser_accessibility import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
PASSWORD = "calm-and-steady-42"


@pytest.fixture
def practice(live_server, media_root, django_user_model, monkeypatch):
    """The demo site as `make run` leaves it: the therapist's account owns the demo's writing."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("load_demo_content", verbosity=0)
    call_command("create_local_admin", verbosity=0)
    for _ in range(2):
        ConsultationRequest.objects.create(name="A", email="a@example.com", message="Hello")
    writer = django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=True, first_name="Sam")
    writer.groups.add(Group.objects.get(name="Writer"))
    return live_server.url


def open_desk(new_page, sign_in, base_url, username, width=1280):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, base_url, username, PASSWORD)
    return page


def test_the_therapist_opens_the_admin_on_todays_work(practice, new_page, sign_in):
    page = open_desk(new_page, sign_in, practice, "admin")
    desk = page.locator(".desk")
    assert desk.get_by_role("link", name="2 new consultation requests").is_visible()
    scheduled = Post.objects.scheduled().get()
    assert desk.get_by_role("link", name=scheduled.title).is_visible()
    assert desk.get_by_text("(in ").first.is_visible()
    assert desk.get_by_role("link", name=Post.objects.drafts().get().title).is_visible()
    assert desk.get_by_text("0 readers subscribed").is_visible()
    assert desk.get_by_text("Emails and scheduled jobs have not run").is_visible()
    sections = page.locator("#content-main .module caption").all_inner_texts()
    assert [name.strip().lower() for name in sections] == [
        "inbox", "writing", "readers", "practice", "moving in", "site administration"
    ]
    assert page.locator("#site-name").inner_text() == "Stillwater Counseling"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-desk.png"), full_page=True)
    assert_no_axe_violations(page, "the admin's first page")

    page.get_by_role("link", name="2 new consultation requests").click()
    page.wait_for_url("**/consultationrequest/?status__exact=new")
    page.locator("#result_list tbody tr").first.wait_for()
    assert page.locator("#result_list tbody tr").count() == 2


def test_a_writer_sees_her_writing_and_nothing_of_the_inbox_or_the_machinery(practice, new_page, sign_in):
    page = open_desk(new_page, sign_in, practice, "sam")
    assert page.locator(".desk h2").all_inner_texts() == ["Writing", "Background work"]
    assert [name.strip().lower() for name in page.locator("#content-main .module caption").all_inner_texts()] == [
        "writing"
    ]
    assert "consultation request" not in page.content()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_article_list_fits_the_window(practice, new_page, sign_in, width):
    Post.objects.filter(status="draft").update(
        title="A very long title about what happens when worry keeps us awake night after night and how to rest"
    )
    Post.objects.filter(slug="grief-has-no-timetable").update(published_at=timezone.now() - timedelta(days=500))
    page = open_desk(new_page, sign_in, practice, "admin", width=width)
    page.goto(f"{practice}/admin/blog/post/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing scrolls sideways"
    row = page.locator("#result_list tbody tr", has_text="Grief has no timetable")
    for text in ["Published", f"{(timezone.localdate() - timedelta(days=500)).year}", "Dana Whitfield"]:
        assert row.get_by_text(text, exact=False).first.is_visible(), text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-articles-{width}.png"), full_page=True)


def test_the_therapist_is_one_author(practice, new_page, sign_in):
    page = open_desk(new_page, sign_in, practice, "admin")
    page.goto(f"{practice}/admin/blog/post/add/")
    options = page.locator("#id_author option").all_inner_texts()
    assert options.count("Dana Whitfield") == 1, options
    assert page.get_by_text("Your account and your author profile are one person").is_visible()
