"""Every phone number works: a tel:/sms: link holds + and digits only, and no number is printed on a public
page without being a link."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from blog.models import Post
from core.phones import dialable, link_phone_numbers
from pages.models import CrisisLines, PracticeProfile

pytestmark = pytest.mark.django_db

# A number as printed: (555) 010-0199, 555-0100, 1-800-985-3059, +44 20 7946 0000.
PRINTED_NUMBER = re.compile(r"(?<![\w#])(?:\+?\d{1,3}[ .-])?\(?\d{3}\)?[ .-]\d{3}[ .-]?\d{4}(?!\w)|\b\d{3}-\d{4}\b")
DIALABLE = re.compile(r"^(tel|sms):\+?\d+$")


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
        assert all(DIALABLE.match(href) for href in page.hrefs), (url, page.hrefs)
        unlinked = [number for text in page.unlinked for number in PRINTED_NUMBER.findall(text)]
        assert unlinked == [], url
    assert 'href="tel:+15550100123">(555) 010-0123</a>' in client.get("/").content.decode()
