"""The body sanitiser: hostile markup loses its payload, article formatting survives."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from blog.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="jav\nascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="https://example.com" onclick="alert(1)">click</a>',
    '<a href="https://example.com" onmouseover=alert(1)>hover</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<body onload=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>",
    '<p title="x" onclick="alert(1)">para</p>',
    "<!--<script>alert(1)</script>-->",
    '<img """><script>alert(1)</script>">',
    '<a href="https://example.com/" target="_blank">new window</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<template><script>alert(1)</script></template>',
]

URL_ATTRIBUTES = {"href", "src"}
PAYLOAD_MARKERS = ("<script", "javascript:", "vbscript:", "data:", "onerror", "onload", "onclick", "<iframe", "<style")


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


def test_the_corpus_has_at_least_thirty_hostile_inputs():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_loses_its_payload(hostile):
    cleaned = sanitize_html(hostile)
    assert problems_in(cleaned) == []
    lowered = cleaned.lower()
    for payload in PAYLOAD_MARKERS:
        assert payload not in lowered


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
