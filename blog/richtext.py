"""Rich text written in the admin editor: sanitising and plain-text derivations.

Everything the editor produces passes through `sanitize_html` on save, so the
stored HTML is safe to render with `|safe`. The allow-list is deliberately
small: it is what an article needs, and nothing that can run script.
"""

import html
import math
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr",
    "strong", "em", "a",
    "ul", "ol", "li", "blockquote",
    "img", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "*": set(),  # no attribute (not even nh3's default title/lang) on every tag
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed together with their content (not just unwrapped).
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template",
    "svg", "math", "xmp", "noembed", "noframes", "textarea", "select", "title",
}
WORDS_PER_MINUTE = 200
SUMMARY_LENGTH = 200

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


_HIDDEN_SCRIPT_URL = re.compile(r"(java|vb)script:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20]")


def _is_on_this_site(url):
    """A relative address, or one under MEDIA_URL (where uploads live, on object storage too)."""
    # Browsers ignore control characters and read backslashes as slashes: "/\\evil.example" is another site.
    normalised = _INVISIBLE.sub("", url).replace("\\", "/")
    address = urlsplit(normalised)
    return (not address.scheme and not address.netloc) or normalised.startswith(settings.MEDIA_URL)


def _filter_attribute(tag, attribute, value):
    """Drop non-numeric image sizes, images from other sites, and script URLs hidden behind a relative prefix.

    An image from another site would tell that site about every reader of the article.
    """
    if tag == "img" and attribute in {"width", "height"}:
        return value if value.isdigit() else None
    if tag == "img" and attribute == "src" and not _is_on_this_site(value):
        return None
    if attribute in {"href", "src"} and _HIDDEN_SCRIPT_URL.search(_INVISIBLE.sub("", value)):
        return None
    return value


def sanitize_html(raw):
    """Return `raw` with everything outside the allow-list removed.

    Every link gets rel="noopener noreferrer", so a link to another site can
    neither reach back into this page nor learn which article the reader came from.
    """
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_IMG_WITHOUT_LOADING = re.compile(r"<img (?![^>]*\bloading=)")


def lazy_images(markup):
    """Images in an article body load lazily: the featured image above them is the one that matters first."""
    return _IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async" ', markup)


def html_to_text(markup):
    """Plain text of sanitised HTML, with whitespace collapsed."""
    spaced = _TAG.sub(" ", markup or "")
    return _SPACE.sub(" ", html.unescape(spaced)).strip()


def summarize(text, length=SUMMARY_LENGTH):
    """Cut `text` at a word boundary so that it fits in `length` characters."""
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:.—-")
    return cut + "…"


def reading_minutes(text):
    words = len(text.split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
