"""What hurts readers, checked when an article goes out: warnings in plain English, never errors.

Like Wagtail's accessibility checker, but for someone who is not technical:
each warning says what was found, why it matters, and what to do.
"""

from html.parser import HTMLParser

from core.richtext import html_to_text

LONG_PARAGRAPH_WORDS = 300
VAGUE_LINK_TEXTS = {"click here", "here", "this link", "link", "read more", "more", "this", "click"}


class _Reader(HTMLParser):
    """Collects headings, links and paragraphs as a screen reader would meet them."""

    def __init__(self):
        super().__init__()
        self.headings, self.links, self.paragraphs = [], [], []
        self._open = []

    def handle_starttag(self, tag, attrs):
        if tag in {"h2", "h3", "h4", "a", "p"}:
            self._open.append([tag, ""])
        if tag == "img" and self._open and self._open[-1][0] == "a":
            self._open[-1][1] += dict(attrs).get("alt") or ""

    def handle_data(self, data):
        for element in self._open:
            element[1] += data

    def handle_endtag(self, tag):
        if not self._open or self._open[-1][0] != tag:
            return
        tag, text = self._open.pop()
        text = " ".join(text.split())
        if tag == "a":
            self.links.append(text)
        elif tag == "p":
            self.paragraphs.append(text)
        else:
            self.headings.append((int(tag[1]), text))


def _looks_like_an_address(text):
    return text.lower().startswith(("http://", "https://", "www."))


def reading_checks(body, excerpt="", meta_description=""):
    """Warnings for an article about to be read: a list of plain sentences (empty when all is well)."""
    reader = _Reader()
    reader.feed(body or "")
    warnings = []
    level = 1  # the article's title
    for heading_level, text in reader.headings:
        if heading_level > level + 1:
            warnings.append(
                f"The heading “{text}” skips a level (from level {level} to {heading_level}): people who use "
                f"screen readers move through an article by its headings. Choose “Heading {level + 1}” instead."
            )
        level = heading_level
    for text in reader.links:
        if not text:
            warnings.append(
                "A link has no words: it is read out as nothing. Give it words that say where it leads, or remove it."
            )
        elif text.lower().strip(" .:!") in VAGUE_LINK_TEXTS:
            warnings.append(
                f"The link “{text}” does not say where it leads; out of context (as screen readers list links) "
                "it means nothing. Use words that name the destination, e.g. “the sleep diary (PDF)”."
            )
        elif _looks_like_an_address(text):
            warnings.append(
                f"The link “{text}” shows a bare web address, which screen readers spell out letter by letter. "
                "Use words that name the destination instead."
            )
    if not excerpt.strip() and not meta_description.strip():
        warnings.append(
            "There is no excerpt and no search description: lists, shared links and search engines will show "
            "the article's opening words, cut mid-sentence. A sentence or two in “Excerpt” reads better."
        )
    for text in reader.paragraphs:
        words = len(html_to_text(text).split())
        if words > LONG_PARAGRAPH_WORDS:
            opening = " ".join(text.split()[:6])
            warnings.append(
                f"The paragraph starting “{opening}…” has {words} words: long for reading on a phone. "
                "Consider breaking it into two or three."
            )
    return warnings
