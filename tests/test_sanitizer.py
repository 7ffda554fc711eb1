"""The body sanitiser: hostile markup loses its payload, article formatting survives."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, prepare_body, sanitize_html
from tests.support import HOSTILE

URL_ATTRIBUTES = {"href", "src"}
# Words like "onerror" or "javascript:" may survive as harmless text or inside a relative address;
# what must never survive is markup that a browser would act on.
ACTIVE_MARKUP = re.compile(r"<\s*/?\s*(script|style|iframe|frame|object|embed|svg|math|form|base|meta|link)\b", re.I)


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme and scheme not in ALLOWED_URL_SCHEMES:
                    self.problems.append(f"{scheme}: URL in {name}")

    def handle_comment(self, data):
        self.problems.append("comment")


def problems_in(markup):
    inspector = _Inspector()
    inspector.feed(markup)
    return inspector.problems


def test_the_corpus_has_at_least_150_distinct_hostile_inputs():
    assert len(set(HOSTILE)) == len(HOSTILE) >= 150


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_loses_its_payload(hostile):
    cleaned = sanitize_html(hostile)
    assert problems_in(cleaned) == []
    assert ACTIVE_MARKUP.search(cleaned) is None


@pytest.mark.parametrize(
    "markup",
    [
        "<h2>Heading two</h2>",
        "<h3>Heading three</h3>",
        "<h4>Heading four</h4>",
        "<p>Some <strong>strong</strong> and <em>emphasised</em> words.<br>New line.</p>",
        "<ul><li>One</li><li>Two</li></ul>",
        "<ol><li>First</li><li>Second</li></ol>",
        "<blockquote><p>A quotation.</p></blockquote>",
        '<figure><img src="/media/uploads/2026/01/01/calm.jpg" alt="A calm lake" width="800" height="600">'
        "<figcaption>A calm lake</figcaption></figure>",
        "<hr>",
    ],
)
def test_article_formatting_survives_intact(markup):
    assert sanitize_html(markup) == markup


def test_links_keep_href_and_title_and_gain_noopener():
    cleaned = sanitize_html('<a href="https://example.org/reading" title="Further reading">a book</a>')
    assert cleaned == (
        '<a href="https://example.org/reading" title="Further reading" rel="noopener noreferrer">a book</a>'
    )


def test_mail_and_relative_links_survive():
    assert 'href="mailto:hello@example.com"' in sanitize_html('<a href="mailto:hello@example.com">mail</a>')
    assert 'href="/contact/"' in sanitize_html('<a href="/contact/">contact</a>')


def test_unknown_tags_are_unwrapped_but_their_text_is_kept():
    assert sanitize_html("<div><span>Kept words</span></div>") == "Kept words"


def test_image_dimensions_must_be_numbers():
    cleaned = sanitize_html('<img src="/a.jpg" alt="" width="100%" height="12">')
    assert cleaned == '<img src="/a.jpg" alt="" height="12">'


def test_the_body_is_sanitised_when_a_post_is_saved(post_factory, db):
    post = post_factory(body='<p onclick="alert(1)">Hello</p><script>alert(2)</script>')
    post.refresh_from_db()
    assert post.body == "<p>Hello</p>"


@pytest.mark.parametrize(
    "source",
    ["https://tracker.example/pixel.gif", "//tracker.example/pixel.gif", "/\\tracker.example/pixel.gif"],
)
def test_images_from_other_sites_are_removed_whole(source):
    """Without its address the image would show as broken; it goes, its text stays."""
    assert sanitize_html(f'<p>Before<img src="{source}" alt="A pixel">after</p>') == "<p>Beforeafter</p>"


def test_images_on_this_site_keep_their_address():
    assert 'src="/media/uploads/calm.jpg"' in sanitize_html('<img src="/media/uploads/calm.jpg" alt="Calm">')


@pytest.mark.parametrize(
    "markup",
    [
        *HOSTILE[:40],
        '<p>Text<img src="/media/uploads/a.jpg" alt="A" width="4" height="3"></p>',
        "<h2>On sleep</h2>",
        '<p>Call (555) 010-0199, <a href="tel:555 010 0111">Dr. Lee</a> or 988 &gt; <b>555-0100</b></p>',
    ],
)
def test_preparing_a_prepared_body_changes_nothing(markup, db):
    """An import sends stored bodies through the preparation again: they must come out the same."""
    prepared = prepare_body(markup)
    assert prepare_body(prepared) == prepared
