"""Every phone number works: a tel:/sms: link holds + and digits only, and no number is printed on a public
page without being a link."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from blog.models import Post
from core.phones import dialable, link_phone_numbers
from core.richtext import prepare_body
from pages.models import CrisisLines, Page, PracticeProfile
from tests.support import DIALABLE, PRINTED_PHONE_NUMBER

pytestmark = pytest.mark.django_db


class Text(HTMLParser):
    """The page's hrefs, and its visible text outside links."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.unlinked, self.inside = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "script", "style", "title"):
            self.inside.append(tag)
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("tel:", "sms:")):
            self.hrefs.append(href)

    def handle_endtag(self, tag):
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data):
        if not self.inside:
            self.unlinked.append(data)


@pytest.mark.parametrize(
    ("printed", "dialed"),
    [
        ("(555) 010-0199", "+15550100199"),
        ("555-010-0199", "+15550100199"),
        ("1-800-985-3059", "+18009853059"),
        ("+44 20 7946 0000", "+442079460000"),
        ("0412 345 678", "0412345678"),
        ("988", "988"),
        ("116 123", "116123"),
    ],
)
def test_a_number_is_dialled_as_digits(printed, dialed):
    assert dialable(printed) == dialed


def test_numbers_in_plain_text_become_links_and_nothing_else_does():
    text = "Call (555) 010-0199 <now>. Not 2026-12-04, $160.00, NY 11201, LCSW #000000 or 10:30."
    assert link_phone_numbers(text) == (
        'Call <a href="tel:+15550100199">(555) 010-0199</a> &lt;now&gt;. '
        "Not 2026-12-04, $160.00, NY 11201, LCSW #000000 or 10:30."
    )


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("In a crisis call 988.", 'In a crisis call <a href="tel:988">988</a>.'),
        ("Call or text 988 24/7.", 'Call or text <a href="tel:988">988</a> 24/7.'),
        ("Text 988.", 'Text <a href="sms:988">988</a>.'),
        ("Or text HOME to 741741.", 'Or text HOME to <a href="sms:741741">741741</a>.'),
        ("Dial 711 or call 116 123.", 'Dial <a href="tel:711">711</a> or call <a href="tel:116123">116 123</a>.'),
        ("I see 160 clients; call 10 times; $160 in 2026.", "I see 160 clients; call 10 times; $160 in 2026."),
    ],
)
def test_a_short_number_is_a_link_where_the_sentence_says_to_call_dial_or_text_it(text, linked):
    assert link_phone_numbers(text) == linked


def test_numbers_in_the_editors_text_become_links_once_and_typed_links_are_dialable():
    body = prepare_body(
        '<p>Call <a href="tel:(555)%20010-0199">my office</a>, or Dr. Lee at (555) 010-0111. '
        '<img src="/media/a.jpg" alt="Call 911 sign"></p><h2>In a crisis</h2><p>Call or text 988.</p>'
    )
    assert 'href="tel:+15550100199"' in body and 'alt="Call 911 sign"' in body
    assert '<a href="tel:+15550100111" rel="noopener noreferrer">(555) 010-0111</a>' in body
    assert '<a href="tel:988" rel="noopener noreferrer">988</a>' in body
    assert prepare_body(body) == body


def test_a_page_the_therapist_writes_links_her_numbers(client, demo_content):
    Page.objects.create(
        title="Referrals", slug="referrals", body="<p>Portland Warmline: 503-555-0142.</p>", is_published=True
    )
    page = client.get("/referrals/").content.decode()
    assert '<a href="tel:+15035550142" rel="noopener noreferrer">503-555-0142</a>' in page


@pytest.fixture
def practice(demo_content):
    profile = PracticeProfile.objects.get()
    CrisisLines.objects.filter(profile=profile).update(
        notice="Not for emergencies. Call 911, or the warmline at (555) 010-0123."
    )
    return profile


def public_pages():
    article = Post.objects.published().first()
    return ["/", "/blog/", article.get_absolute_url(), "/services/", "/services/individual-therapy/", "/about/",
            "/fees/", "/accessibility/", "/privacy-policy/", reverse("contact:form"), "/no-such-page/"]


def test_every_phone_link_holds_digits_and_every_printed_number_is_a_link(client, practice):
    for url in public_pages():
        page = Text()
        page.feed(client.get(url).content.decode())
        assert page.hrefs, url
        assert all(DIALABLE.fullmatch(href) for href in page.hrefs), (url, page.hrefs)
        unlinked = [number for text in page.unlinked for number in PRINTED_PHONE_NUMBER.findall(text)]
        assert unlinked == [], (url, unlinked)
    home = client.get("/").content.decode()
    assert 'Call <a href="tel:911">911</a>, or the warmline at <a href="tel:+15550100123">(555) 010-0123</a>' in home
