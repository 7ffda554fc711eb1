"""In a real browser, as the therapist moving from Squarespace: one upload, a report, a confirmation, old links work."""

from pathlib import Path

import pytest

from blog.models import Post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_run_at_once"),
]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
PASSWORD = "calm-and-steady-42"


def test_moving_in_from_squarespace(live_server, browser, django_user_model, sign_in, wxr_export):
    django_user_model.objects.create_superuser(
        "dana", email="dana@stillwater-counseling.example", password=PASSWORD, first_name="Dana", last_name="Whitfield"
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, "dana", PASSWORD)

    page.get_by_role("link", name="Import from Squarespace or WordPress").first.click()
    page.get_by_label("Export file").set_input_files(str(wxr_export("squarespace.xml")))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Checked: waiting for your confirmation").wait_for()
    report = page.locator("#content-main").inner_text()
    assert "Articles: 3 (2 published, 1 draft)" in report
    assert "Dana Whitfield: credited to the account “dana” already here" in report
    page.screenshot(path=SCREENSHOTS / "import-report-desktop.png", full_page=True)
    assert not Post.objects.exists()

    page.get_by_role("button", name="Import now").click()
    page.locator(".import-state").get_by_text("Imported", exact=True).wait_for()
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=SCREENSHOTS / "import-done-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400

    reader = browser.new_context().new_page()
    response = reader.goto(f"{live_server.url}/blog/2020/1/14/why-the-first-session-is-short")
    assert response.url == f"{live_server.url}/blog/why-the-first-session-is-short/"
    assert reader.get_by_role("heading", name="Why we keep the first session short").is_visible()
    assert "Dana" in reader.locator("body").inner_text()
    reader.context.close()
    context.close()
