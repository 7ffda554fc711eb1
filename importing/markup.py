"""WordPress's body conventions, turned into the plain HTML the site's editor writes.

WordPress stores the classic editor's text without paragraph tags (blank
lines are paragraphs, added on display by `wpautop`) and with shortcodes
(`[caption]`, `[gallery]`, `[embed]`…) that only WordPress understands.
Squarespace's export leaves similar bracketed leftovers. None may reach a
reader raw, and none disappears unsaid: a caption becomes a figure, a gallery
the figures of its images, audio, video and embeds a plain link to what they
showed; other shortcodes are removed and named in the import report. The
result then goes through the editor's own sanitiser.
"""

import re
from html import unescape
from urllib.parse import urlsplit

# Shortcodes whose content is a media address or settings, not words for readers: removed whole.
_MEDIA_SHORTCODES = ("embed", "video", "audio", "playlist", "gallery", "wpvideo", "youtube", "vimeo", "soundcloud")
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\[\]]*)?)/?\](?!\()")
_CAPTIONED_IMAGE = re.compile(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.DOTALL | re.IGNORECASE)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.DOTALL)
# A paragraph of its own needs no <p>: it already starts with a block (or a comment, as Gutenberg writes).
_STARTS_AS_BLOCK = re.compile(
    r"<(?:!--|/?(?:p|h[1-6]|ul|ol|li|dl|blockquote|figure|div|section|article|aside|header|footer|table|pre|hr|"
    r"form|address)\b)",
    re.IGNORECASE,
)
# [^<>]: a tag left open stops at the next "<", so a body of unclosed tags costs no more than its length.
_IMAGE_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_LINK_TAG = re.compile(r"<a\b[^<>]*>", re.IGNORECASE)
_ADDRESS = {
    "img": re.compile(r"""(?<![\w-])src\s*=\s*(["'])(.*?)\1""", re.DOTALL),
    "a": re.compile(r"""(?<![\w-])href\s*=\s*(["'])(.*?)\1""", re.DOTALL),
}
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|webp|gif)$", re.IGNORECASE)
# Stops at the next "<" too, so a run of unclosed "<" costs no more than its length (core.richtext's own pattern,
# meant for sanitised HTML, would scan to the end from each one).
_ANY_TAG = re.compile(r"<[^<>]*>")


def _replace_pairs(text, names, replace):
    """Each `[name …]…[/name]` for `names` (lower case) replaced by `replace(name, attributes, enclosed)`.

    One pass, in time proportional to the text: once a name has no closing
    tag ahead, none of its later openings can have one either.
    """
    opening = re.compile(rf"\[({'|'.join(names)})\b([^\[\]]*)\]", re.IGNORECASE)
    lowered, pieces, position, unclosed = text.lower(), [], 0, set()
    for match in opening.finditer(text):
        name = match.group(1).lower()
        if match.start() < position or name in unclosed:
            continue
        close = lowered.find(f"[/{name}]", match.end())
        if close < 0:
            unclosed.add(name)
            continue
        pieces += [text[position : match.start()], replace(name, match.group(2), text[match.end() : close])]
        position = close + len(name) + 3
    return "".join(pieces) + text[position:]


def captions_to_figures(text):
    """`[caption]<img …> Words[/caption]` → `<figure><img …><figcaption>Words</figcaption></figure>`."""

    def figure(name, attributes, inner):
        image = _CAPTIONED_IMAGE.match(inner)
        if image is None:
            return inner
        caption = image.group(2).strip()
        if not caption and (named := _CAPTION_ATTRIBUTE.search(attributes)):
            caption = unescape(named.group(2))
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{image.group(1)}{figcaption}</figure>"

    return _replace_pairs(text, {"caption"}, figure)


_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>\[\]]+", re.IGNORECASE)


def shortcode_attributes(attributes):
    """`ids="1,2" columns=3` → {"ids": "1,2", "columns": "3"}."""
    return {
        match.group(1).lower(): unescape(next(value for value in match.groups()[1:] if value is not None))
        for match in _ATTRIBUTE.finditer(attributes)
    }


def media_link(name, attributes, enclosed):
    """What audio, video or an embed pointed at, as a plain link (or None when it named no address)."""
    found = _WEB_ADDRESS.search(_ANY_TAG.sub(" ", enclosed)) or _WEB_ADDRESS.search(attributes)
    if found is None:
        return None
    address = unescape(found.group(0))
    return f'<p><a href="{address.replace(chr(34), "%22")}">{address}</a></p>'


def remove_shortcodes(text, media=None):
    """Replace media shortcodes and remove the others; return the text and what happened to each, e.g.
    ({"gallery": "figures", "audio": "link"}, ["embed"]) — the ones replaced, and the ones removed.

    `media(name, attributes, enclosed)` says what a media shortcode becomes (HTML, or None to remove it);
    by default audio, video and embeds become a link to their address. Other shortcodes leave their
    words. Brackets that are not shortcodes — “[citation needed]”, “[1]”, a Markdown link — stay as written.
    """
    removed, replaced = set(), {}
    media = media or media_link

    def replace_media(name, attributes, enclosed):
        html = media(name, attributes, enclosed)
        if html:
            replaced[name] = "figures" if name == "gallery" else "link"
            return "\n\n" + html + "\n\n"
        removed.add(name)
        return ""

    # A gallery, audio or video is often written without a closing tag: each then stands alone.
    text = _replace_pairs(text, set(_MEDIA_SHORTCODES), replace_media)
    text = _SHORTCODE.sub(
        lambda match: (
            replace_media(match.group(2).lower(), match.group(3), "")
            if not match.group(1) and match.group(2).lower() in _MEDIA_SHORTCODES
            else match.group(0)
        ),
        text,
    )
    closed = {name.lower() for name in re.findall(r"\[/([a-zA-Z][\w-]*)\]", text)}

    def drop(match):
        closing, name, attributes = match.groups()
        lowered = name.lower()
        is_shortcode = (
            closing
            or lowered in closed
            or lowered in _MEDIA_SHORTCODES
            or "=" in attributes
            or lowered.startswith("sqs")
            or lowered.startswith("contact-form")
        )
        if not is_shortcode:
            return match.group(0)
        removed.add(lowered)
        return ""

    return _SHORTCODE.sub(drop, text), replaced, sorted(removed - set(replaced))


def autop(text):
    """Blank lines become paragraphs and single line breaks <br>, as WordPress shows its stored text.

    Paragraphs that already start with a block element (HTML from the block
    editor, or from Squarespace) are left as they are. A paragraph that is an
    address alone is what WordPress showed as an embedded video or post: here,
    a link to it.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "\n".join(_paragraph(paragraph.strip()) for paragraph in paragraphs if paragraph.strip())


def _paragraph(text):
    if _STARTS_AS_BLOCK.match(text):
        return text
    if _WEB_ADDRESS.fullmatch(text):
        return media_link("embed", "", text)
    return "<p>" + text.replace("\n", "<br>\n") + "</p>"


def image_sources(text):
    """The addresses of the images a body shows, and of image files its links lead to (a full-size photo)."""
    sources = [_address("img", tag) for tag in _IMAGE_TAG.findall(text)]
    sources += [href for href in (_address("a", tag) for tag in _LINK_TAG.findall(text)) if _is_image_file(href)]
    return [source for source in sources if source]


def _address(tag_name, tag):
    found = _ADDRESS[tag_name].search(tag)
    return unescape(found.group(2)).strip() if found else ""


def _is_image_file(address):
    return bool(address) and bool(_IMAGE_FILE.search(urlsplit(address).path))


def replace_addresses(text, new_address):
    """Point images and links at new addresses: `new_address(tag_name, old)` returns the new one, or None to keep."""

    def replaced(tag_name):
        def replace(match):
            tag = match.group(0)
            found = _ADDRESS[tag_name].search(tag)
            if not found:
                return tag
            new = new_address(tag_name, unescape(found.group(2)).strip())
            if new is None:
                return tag
            return tag[: found.start(2)] + new.replace('"', "%22") + tag[found.end(2) :]

        return replace

    return _LINK_TAG.sub(replaced("a"), _IMAGE_TAG.sub(replaced("img"), text))


def convert_body(text, media=None):
    """A WordPress or Squarespace body as editor HTML (before sanitising); also the shortcodes replaced
    and removed (see `remove_shortcodes`)."""
    text, replaced, removed = remove_shortcodes(captions_to_figures(text or ""), media)
    return autop(text), replaced, removed


def plain_text(markup):
    """The words of an excerpt as written in the export, tags removed, on one line: in time proportional to it."""
    return " ".join(unescape(_ANY_TAG.sub(" ", markup or "")).split())
