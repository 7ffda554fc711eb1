"""In a real browser, as a prospective client on a phone: the design holds at every width (docs/design.md)."""

import gzip
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.support import DIALABLE, PRINTED_PHONE_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "screenshots"
# `make screenshots` keeps the first screen of the main pages in docs/design/pages/ for docs/design.md.
DOCS_SCREENSHOTS = os.environ.get("DESIGN_SCREENSHOTS") and ROOT / "docs" / "design" / "pages"
DOCS_PAGES = ("home", "about", "services", "article", "contact")
WIDTHS = (375, 768, 1280)
PAGES = {
    "home": "/",
    "blog": "/blog/",
    "article": "/blog/attachment-styles-gently-explained/",
    "services": "/services/",
    "about": "/about/",
    "contact": "/contact/",
    "search": "/blog/search/?q=anxiety",
}
# Links and buttons with their size: WCAG 2.2's 24×24 minimum (2.5.8), except a link inside a sentence.
TARGETS = """() => Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))
    .filter(el => el.getClientRects().length && !el.closest('.hp, .skip-link'))
    .map(el => {
        const box = el.getBoundingClientRect();
        const parent = el.parentElement;
        const inSentence = getComputedStyle(el).display === 'inline'
            && parent.textContent.trim().length > el.textContent.trim().length;
        return {html: el.outerHTML.slice(0, 100), width: box.width, height: box.height, inSentence,
                primary: el.matches('.button, .crisis-link, .menu-button')};
    })"""


@pytest.fixture
def demo_site(live_server, media_root):
    call_command("load_demo_content", verbosity=0)
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_every_page_fits_a_phone_with_a_short_header_and_targets_a_finger_can_hit(demo_site, phone):
    long_search = "/blog/search/?q=" + "calm" * 1250  # 5,000 characters
    for name, path in {**PAGES, "long-search": long_search}.items():
        phone.goto(f"{demo_site}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways"
        assert phone.locator(".site-header").bounding_box()["height"] <= 72, name
        for target in phone.evaluate(TARGETS):
            if target["inSentence"]:
                continue
            least = 44 if target["primary"] else 24
            assert target["width"] >= least and target["height"] >= least, f"{name}: {target}"


def test_the_menu_button_opens_and_closes_the_menu_by_touch_and_keyboard(demo_site, phone):
    phone.goto(f"{demo_site}/")
    button = phone.get_by_role("button", name="Menu")
    blog = phone.locator("#site-menu").get_by_role("link", name="Blog")
    assert button.get_attribute("aria-expanded") == "false" and not blog.is_visible()
    button.tap()
    assert button.get_attribute("aria-expanded") == "true" and blog.is_visible()
    assert phone.locator("#site-menu").get_by_role("searchbox").is_visible()
    button.tap()
    assert button.get_attribute("aria-expanded") == "false" and not blog.is_visible()

    button.focus()
    phone.keyboard.press("Enter")
    assert blog.is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Home"  # the menu opens in place, next in order
    phone.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not blog.is_visible()
    assert phone.evaluate("document.activeElement.classList.contains('menu-button')")
    phone.keyboard.press("Space")
    assert blog.is_visible()


def test_without_javascript_every_menu_link_is_still_reachable(demo_site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_site}/")
    assert not page.get_by_role("button", name="Menu").is_visible()  # no button that would do nothing
    menu = page.locator("#site-menu")
    for name in ("Blog", "Services", "Contact"):
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name  # the menu stays open
    assert menu.get_by_role("searchbox").is_visible()
    for name in ("Blog", "Search articles", "Follow by RSS"):  # and the footer repeats the links
        assert page.locator(".footer-nav").get_by_role("link", name=name, exact=True).is_visible(), name
    context.close()


def test_on_a_desktop_the_header_is_one_line_with_the_call_to_action(demo_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_site}/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".site-header").get_by_role("link", name="Book a free 15-minute call").is_visible()
    assert not page.locator(".site-header").get_by_role("searchbox").is_visible()  # search is a link here
    context.close()


def test_each_card_is_one_link_and_service_cards_balance(demo_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for path in ("/", "/blog/", "/services/"):
        page.goto(f"{demo_site}{path}")
        cards = page.locator(".card")
        assert cards.count() > 0
        for index in range(cards.count()):
            assert cards.nth(index).locator("a").count() == 1, path
    page.goto(f"{demo_site}/services/")
    rows = {round(box["y"]) for box in (card.bounding_box() for card in page.locator(".service-card").all())}
    assert len(rows) == 1  # four services: one row of four, never three and one
    context.close()


def test_the_search_page_has_one_search_box(demo_site, phone):
    phone.goto(f"{demo_site}/blog/search/?q=anxiety")
    phone.get_by_role("button", name="Menu").tap()
    visible = [box for box in phone.get_by_role("searchbox").all() if box.is_visible()]
    assert len(visible) == 1 and visible[0].get_attribute("id") == "search-q"


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page(demo_site, browser, width):
    """Screenshots to look at (test-output/screenshots/design-*.png); the page must fit its width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        page.goto(f"{demo_site}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=SCREENSHOTS / f"design-{name}-{width}.png", full_page=True)
        if DOCS_SCREENSHOTS and name in DOCS_PAGES:
            DOCS_SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=DOCS_SCREENSHOTS / f"{name}-{width}.jpg", type="jpeg", quality=72)
    context.close()


def test_an_article_needs_at_most_100_kb_of_styles_and_fonts(demo_site, phone):
    """Measured as sent compressed: the stylesheet gzipped as WhiteNoise serves it, fonts as they are (WOFF2)."""
    fetched = {}
    phone.on("response", lambda response: fetched.setdefault(response.url, response))
    phone.goto(f"{demo_site}{PAGES['article']}")
    phone.wait_for_load_state("networkidle")
    sizes = {
        url: len(gzip.compress(response.body())) if url.endswith(".css") else len(response.body())
        for url, response in fetched.items()
        if url.endswith((".css", ".woff2"))
    }
    assert any(url.endswith(".woff2") for url in sizes)  # the typefaces are the site's own
    assert sum(sizes.values()) <= 100_000, sizes


CALL_AND_TEXT_LINKS = """() => Array.from(document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]'))
    .filter(el => el.getClientRects().length)
    .map(el => ({href: el.getAttribute('href'), height: el.getBoundingClientRect().height}))"""
# The text a visitor sees outside links: each visible text node not inside <a>, <script> or <style>.
UNLINKED_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent.closest('a, script, style, template') || !parent.getClientRects().length) continue;
        texts.push(node.textContent);
    }
    return texts;
}"""
FIRST_LINE_GAP = """selector => Array.from(document.querySelectorAll(selector)).map(box => {
    const style = getComputedStyle(box);
    const inside = parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
    return box.firstElementChild.getBoundingClientRect().top - box.getBoundingClientRect().top - inside;
})"""


@pytest.mark.parametrize("width", (375, 1280))
def test_call_and_text_links_are_digits_and_a_finger_tall_and_boxes_start_at_their_first_line(
    demo_site, browser, width
):
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    for path in ("/", "/about/", "/services/", "/blog/attachment-styles-gently-explained/", "/contact/"):
        page.goto(f"{demo_site}{path}")
        links = page.evaluate(CALL_AND_TEXT_LINKS)
        assert links, path
        for link in links:
            assert DIALABLE.fullmatch(link["href"]), (path, link)
            assert link["height"] >= 44, (path, link)
        unlinked = [number for text in page.evaluate(UNLINKED_TEXT) for number in PRINTED_PHONE_NUMBER.findall(text)]
        assert unlinked == [], ("every printed number is a link", path, unlinked)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), path
    page.goto(f"{demo_site}/services/")
    gaps = page.evaluate(FIRST_LINE_GAP, ".good-faith-estimate")
    assert gaps and all(gap <= 1 for gap in gaps), ("no band above its heading", gaps)
    page.goto(f"{demo_site}/contact/")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_selector(".error-summary")
    gaps = page.evaluate(FIRST_LINE_GAP, ".error-summary")
    assert gaps and all(gap <= 1 for gap in gaps), ("no band above its first line", gaps)
    context.close()


@pytest.mark.parametrize("width", (375, 1280))
def test_the_second_action_and_the_footer_line_wrap_cleanly(demo_site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_site}/about/")
    button, second = (page.locator(f".cta .{name}").bounding_box() for name in ("button", "second-action"))
    assert second["height"] <= 45, ("one line, a finger tall", second)
    if second["y"] >= button["y"] + button["height"]:  # on a line of its own: under the button, not indented
        assert abs(second["x"] - button["x"]) <= 1, (button, second)
    items = page.locator(".footer-links li").all_inner_texts()
    assert items and not any(item.strip()[:1] in "·|•–-" or item.strip()[-1:] in "·|•–-" for item in items), items
    context.close()
