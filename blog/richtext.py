"""Rich text written in the admin editor: sanitising and plain-text derivations.

Everything the editor produces passes through `sanitize_html` on save, so the
stored HTML is safe to render with `|safe`. The allow-list is deliberately
small: it is what an article needs, and nothing that can run script.
"""

import html
import math
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError

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


# An image without an address, in nh3's normalised output.
_IMG_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_HIDDEN_SCRIPT_URL = re.compile(r"(java|vb)script:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20]")


def _as_browsers_read(url):
    """Browsers ignore control characters and read backslashes as slashes: "/\\evil.example" is another site."""
    return _INVISIBLE.sub("", url).replace("\\", "/")


def _is_on_this_site(url):
    """A relative address, or one under MEDIA_URL (where uploads live, on object storage too)."""
    normalised = _as_browsers_read(url)
    address = urlsplit(normalised)
    return (not address.scheme and not address.netloc) or normalised.startswith(settings.MEDIA_URL)


def _filter_attribute(tag, attribute, value):
    """Drop non-numeric image sizes, images from other sites, and script URLs hidden behind a relative prefix.

    An image from another site would tell that site about every reader of the article.
    """
    if tag == "img" and attribute in {"width", "height"}:
        return value if value.isascii() and value.isdigit() else None
    if tag == "img" and attribute == "src" and not _is_on_this_site(value):
        return None
    if attribute in {"href", "src"} and _HIDDEN_SCRIPT_URL.search(_INVISIBLE.sub("", value)):
        return None
    return value


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.attributes.append(dict(attrs))


def _describe_image(source):
    if urlsplit(_as_browsers_read(source)).scheme.lower() in {"data", "blob", "file"}:
        return "a pasted image that was not uploaded"
    host = urlsplit(_as_browsers_read(source)).hostname
    return f"an image from {host}" if host else "an image without an address"


def validate_body_images(markup):
    """Refuse images the site would drop on save or that screen readers could not describe.

    The sanitiser removes images stored elsewhere (see `_filter_attribute`);
    telling the therapist first keeps the article as they meant it. An empty
    description (alt="") is accepted: it marks an image as decoration.
    """
    collector = _Images()
    collector.feed(markup or "")
    sources = [image.get("src") or "" for image in collector.attributes]
    foreign = [source for source in sources if not source or not _is_on_this_site(source)]
    problems = []
    if foreign:
        found = ", ".join(dict.fromkeys(_describe_image(source) for source in foreign))
        problems.append(
            ValidationError(
                "The text holds %(found)s. Only images uploaded to this site can be published: an image on "
                "another website would tell that website about every reader. Remove it, or add it with the "
                "editor’s Image button and its Upload tab.",
                code="image_not_on_this_site",
                params={"found": found},
            )
        )
    if any(image.get("alt") is None for image in collector.attributes):
        problems.append(
            ValidationError(
                "An image in the text has no description. Double-click it and fill in “Alternative Text”, "
                "so that visitors who cannot see it hear what it shows.",
                code="image_without_description",
            )
        )
    if problems:
        raise ValidationError(problems)


def sanitize_html(raw):
    """Return `raw` with everything outside the allow-list removed.

    Every link gets rel="noopener noreferrer", so a link to another site can
    neither reach back into this page nor learn which article the reader came from.
    """
    cleaned = nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return remove_images_without_source(cleaned).strip()


def remove_images_without_source(markup):
    """Drop images whose address the sanitiser refused: each would show as a broken image."""
    return _IMG_WITHOUT_SOURCE.sub("", markup)


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
