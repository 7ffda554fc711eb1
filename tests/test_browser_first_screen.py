"""In a real browser: the home page's first screen shows the therapist's face and whether she takes new
clients, on a phone and on a laptop; without a portrait the words stand alone, with no empty half."""

import pytest
from django.core.management import call_command

from pages.models import PracticeProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": {"width": 375, "height": 667}, "laptop": {"width": 1280, "height": 800}}
FIRST_SCREEN = """() => {
    const box = element => element && element.getBoundingClientRect();
    const portrait = box(document.querySelector('.hero__portrait'));
    const status = box(document.querySelector('.hero .availability'));
    const heading = box(document.querySelector('.hero h1'));
    return {portrait: portrait && {top: portrait.top, bottom: portrait.bottom, width: portrait.width},
            status: status && status.bottom, heading: heading.bottom, text: box(document.querySelector('.hero__text')),
            hero: box(document.querySelector('.hero')), height: innerHeight};
}"""


@pytest.fixture
def demo_site(live_server, media_root):
    call_command("load_demo_content", verbosity=0)
    return live_server.url


def first_screen(browser, url, screen):
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=screen == "phone", has_touch=screen == "phone")
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("(document.querySelector('.hero__portrait') || {complete: true}).complete")
    found = page.evaluate(FIRST_SCREEN)
    alt = page.get_attribute(".hero__portrait", "alt") if found["portrait"] else None
    context.close()
    return found, alt


@pytest.mark.parametrize("screen", SCREENS)
def test_her_face_and_her_status_are_in_the_first_screen(demo_site, browser, screen):
    found, alt = first_screen(browser, demo_site + "/", screen)
    assert found["portrait"]["width"] >= 120
    assert found["portrait"]["top"] >= 0 and found["portrait"]["bottom"] <= found["height"]
    assert found["status"] <= found["height"] and found["heading"] <= found["height"]
    assert "Dana Whitfield" in alt


@pytest.mark.parametrize("screen", SCREENS)
def test_without_a_portrait_the_introduction_stands_alone(demo_site, browser, screen):
    profile = PracticeProfile.objects.get()
    profile.portrait = ""
    profile.save()
    found, _ = first_screen(browser, demo_site + "/", screen)
    assert found["portrait"] is None
    # The words take the width they read best at, in the middle: no column left empty beside them.
    left, right = found["text"]["left"] - found["hero"]["left"], found["hero"]["right"] - found["text"]["right"]
    assert abs(left - right) <= 2


@pytest.mark.parametrize(
    ("availability", "status"),
    [
        ("accepting", "Accepting new clients"),
        ("waitlist", "Waitlist open — about 4 weeks"),
        ("closed", "Not taking new clients — colleagues I recommend"),
    ],
)
def test_a_phone_reads_whether_new_clients_are_taken_in_the_first_screen(demo_site, browser, availability, status):
    PracticeProfile.objects.update(availability=availability, expected_wait="about 4 weeks")
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(demo_site + "/")
    shown = page.locator(".hero .availability")
    assert " ".join(shown.inner_text().split()) == status  # the pill may wrap on a phone
    assert shown.bounding_box()["y"] + shown.bounding_box()["height"] <= SCREENS["phone"]["height"]
    context.close()
