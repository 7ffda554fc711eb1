"""Rich text written in the admin editor: sanitising and plain-text derivations.

Everything the editor produces passes through `sanitize_html` on save, so the
stored HTML is safe to render with `|safe`. The allow-list is deliberately
small: it is what an article needs, and nothing that can run script.
"""

import html
import math
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage

from core.imaging import rendition_srcset
from core.phones import link_phone_numbers_in_html, phone_href

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr",
    "strong", "em", "a",
    "ul", "ol", "li", "blockquote",
    "img", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "*": set(),  # no attribute (not even nh3's default title/lang) on every tag
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "data-decorative"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed together with their content (not just unwrapped).
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template",
    "svg", "math", "xmp", "noembed", "noframes", "textarea", "select", "title",
}
WORDS_PER_MINUTE = 200

# Models with text written in the editor → the names of those fields, each registered by its app
# (register_rich_text): the images in them are uploads in use, and whoever may write one may upload images.
RICH_TEXT_MODELS = {}
SUMMARY_LENGTH = 200

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


# An image without an address, in nh3's normalised output.
_IMG_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_HIDDEN_SCRIPT_URL = re.compile(r"(java|vb)script:", re.IGNORECASE)
_WIDTH_DESCRIPTOR = re.compile(r"\d{1,5}w")
_SIZES = re.compile(r"[\w\s(),.:%-]{1,200}")
_INVISIBLE = re.compile(r"[\x00-\x20]")


def register_rich_text(model, fields=("body",)):
    RICH_TEXT_MODELS[model] = fields


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
    if tag == "img" and attribute == "srcset":
        candidates = [candidate.strip().rsplit(" ", 1) for candidate in value.split(",")]
        fine = all(len(c) == 2 and _is_on_this_site(c[0]) and _WIDTH_DESCRIPTOR.fullmatch(c[1]) for c in candidates)
        return value if fine else None
    if tag == "img" and attribute == "sizes":
        return value if _SIZES.fullmatch(value) else None
    if tag == "img" and attribute == "data-decorative":
        return "true" if value == "true" else None
    if attribute in {"href", "src"} and _HIDDEN_SCRIPT_URL.search(_INVISIBLE.sub("", value)):
        return None
    if tag == "a" and attribute == "href" and value[:4].lower() == "tel:":
        # A phone dials "tel:(555) 010-0199" badly, if at all: + and digits only, as the site's own links.
        number = unquote(value[4:])
        return phone_href(number) if any(character.isdigit() for character in number) else None
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


def _image_name(source):
    return PurePosixPath(urlsplit(_as_browsers_read(source)).path).name or "without an address"


def _is_described(image):
    """A description, or a deliberate mark as decoration: alt="" with data-decorative, or the word “decorative”."""
    alt = (image.get("alt") or "").strip()
    return bool(alt) or (image.get("alt") is not None and image.get("data-decorative") == "true")


def validate_body_images(markup):
    """Refuse images the site would drop on save, or that screen readers could not describe.

    The sanitiser removes images stored elsewhere (see `_filter_attribute`);
    telling the therapist first keeps the article as they meant it. An image
    needs a description, or to be marked, on purpose, as decoration.
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
    for position, image in enumerate(collector.attributes, start=1):
        if not _is_described(image):
            problems.append(
                ValidationError(
                    "Image %(position)d in the text (“%(name)s”) has no description. Double-click it and fill in "
                    "“Alternative Text”, so that visitors who cannot see it hear what it shows — or, if it only "
                    "decorates the page, type the word decorative there.",
                    code="image_without_description",
                    params={"position": position, "name": _image_name(image.get("src") or "")},
                )
            )
    if problems:
        raise ValidationError(problems)


def sanitize_html(raw):
    """Return `raw` with everything outside the allow-list removed.

    Every link gets rel="noopener noreferrer", so a link to another site can
    neither reach back into this page nor learn which article the reader came from.
    """
    import nh3  # loaded by the first save, not by every worker at start (1.7 MB each)

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


_IMG_TAG = re.compile(r"<img [^>]*>")
_SRC = re.compile(r'\bsrc="([^"]+)"')
_IMG_WITHOUT_LOADING = re.compile(r"<img (?![^>]*\bloading=)")


def lazy_images(markup):
    """Images in an article body load lazily: the featured image above them is the one that matters first."""
    return _IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async" ', markup)


# The article's column is at most 48rem wide; below that, the whole screen.
BODY_IMAGE_SIZES = "(min-width: 50rem) 48rem, 100vw"
_DECORATIVE = re.compile(r'alt="\(?decorative\)?"', re.IGNORECASE)


def mark_decorative(markup):
    """The word “decorative” typed as an image's description marks it as decoration: alt="" data-decorative."""
    return _DECORATIVE.sub('alt="" data-decorative="true"', markup)


def size_uploaded_images(markup, storage=default_storage):
    """Uploaded images in a body get their width and height, so the page does not jump as they load, and,
    where the upload has renditions, a srcset: the browser picks the one that fits (a phone never gets a
    4,000-pixel photo whole)."""

    from PIL import Image, UnidentifiedImageError

    def sized(match):
        tag = match.group(0)
        src = _SRC.search(tag)
        needs_size = "width=" not in tag and "height=" not in tag
        needs_sources = "srcset=" not in tag
        if not src or not src.group(1).startswith(settings.MEDIA_URL) or not (needs_size or needs_sources):
            return tag
        name = src.group(1).removeprefix(settings.MEDIA_URL)
        try:
            with storage.open(name) as stored, Image.open(stored) as image:
                width, height = image.size
        except (OSError, ValueError, UnidentifiedImageError, SuspiciousFileOperation):  # "../" out of the media
            return tag
        added = [f'width="{width}" height="{height}"'] if needs_size else []
        srcset = rendition_srcset(name, width, storage) if needs_sources else ""
        if srcset:
            added.append(f'srcset="{srcset}" sizes="{BODY_IMAGE_SIZES}"')
        return tag.replace("<img ", f"<img {' '.join(added)} ", 1) if added else tag

    return _IMG_TAG.sub(sized, markup)


def prepare_body(raw):
    """What every rich-text body goes through on save: sanitised, phone numbers made links (core.phones),
    decorations marked, images sized and lazy.

    Preparing a prepared body changes nothing, so a body can safely pass through again (an import does).
    """
    return lazy_images(size_uploaded_images(mark_decorative(link_phone_numbers_in_html(sanitize_html(raw)))))


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
