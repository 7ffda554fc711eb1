"""In a real browser: every public page passes axe (WCAG 2.0–2.2 A/AA), works by keyboard,
loads nothing from other hosts and logs no errors — at phone and desktop widths."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
PAGES = {
    "home": "/",
    "blog": "/blog/",
    "post-with-image": "/blog/attachment-styles-gently-explained/",
    "topic": "/blog/topic/anxiety/",
    "search": "/blog/search/?q=anxiety",
    "services": "/services/",
    "service": "/services/couples-therapy/",
    "about": "/about/",
    "fees": "/fees/",
    "contact": "/contact/",
    "not-found": "/no-such-page/",
}
SCREENSHOT_PAGES = {"home", "blog", "post-with-image"}


@pytest.fixture
def demo_site(live_server, media_root):
    call_command("load_demo_content", verbosity=0)
    return live_server.url


class PageWatcher:
    """Collects console errors, failed requests and requests to other hosts while a page is used."""

    def __init__(self, page, base_url):
        self.host = urlsplit(base_url).netloc
        self.problems = []
        page.on("console", self._check_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        page.on("response", self._check_response)
        page.on("request", self._check_host)

    def _check_console(self, message):
        # Failed loads are judged by _check_response, which knows the 404 page is meant to answer 404.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {message.text}")

    def _check_response(self, response):
        if response.status >= 400 and not response.url.endswith("/no-such-page/"):
            self.problems.append(f"{response.status}: {response.url}")

    def _check_host(self, request):
        host = urlsplit(request.url).netloc
        if host and host != self.host:
            self.problems.append(f"third-party request: {request.url}")


def assert_no_axe_violations(page, label):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_public_page_passes_axe_and_loads_only_from_this_site(browser, demo_site, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    watcher = PageWatcher(page, demo_site)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        page.goto(f"{demo_site}{path}")
        page.wait_for_load_state("networkidle")
        assert_no_axe_violations(page, f"{name} at {viewport}")
        if name in SCREENSHOT_PAGES:
            page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)

    page.goto(f"{demo_site}/contact/")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_no_axe_violations(page, f"contact with errors at {viewport}")

    page.goto(f"{demo_site}/contact/")
    page.get_by_label("Your name").fill("Alex Doe")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Message").fill("Evenings suit me best.")
    page.locator("#id_acknowledgement").check()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/contact/thanks/")
    assert_no_axe_violations(page, f"thank-you at {viewport}")

    assert watcher.problems == []
    context.close()


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(f"{demo_site}{PAGES['post-with-image']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_every_interactive_element_on_a_post_is_reachable_by_keyboard_with_a_visible_focus(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(f"{demo_site}{PAGES['post-with-image']}")
    selector = "a[href], button, input:not([type=hidden]), select, textarea"
    interactive = page.evaluate(
        f"Array.from(document.querySelectorAll('{selector}'))"
        ".filter(el => !el.closest('[aria-hidden=true]') && el.getClientRects().length).length"
    )
    reached = set()
    for _ in range(interactive + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"""() => {{
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {{
                    index: Array.from(document.querySelectorAll('{selector}'))
                        .filter(el => el.getClientRects().length).indexOf(el),
                    html: el.outerHTML.slice(0, 120),
                    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                }};
            }}"""
        )
        if focused["index"] < 0:
            break
        assert focused["visible"], f"no visible focus on {focused['html']}"
        reached.add(focused["index"])
    assert len(reached) == interactive
    context.close()


def test_no_page_scrolls_sideways_on_a_phone_whatever_is_typed(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    long_address = "https://example.org/" + "a-very-long-pasted-address-" * 40
    for path in [*PAGES.values(), f"/blog/search/?q={long_address}", f"/blog/search/?q={'x' * 5000}"]:
        page.goto(f"{demo_site}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], f"{path[:60]} is {width} px wide"
    context.close()


def test_crisis_links_and_the_main_buttons_are_big_enough_to_tap(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    for path in ("/", "/contact/", "/blog/attachment-styles-gently-explained/"):
        page.goto(f"{demo_site}{path}")
        for link in page.locator(".crisis-link, a.button").all():
            box = link.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, f"{path}: {link.inner_text()} is {box}"
    context.close()
