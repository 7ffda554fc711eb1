"""Phone numbers a phone can call or text with one tap: the link holds digits only (`tel:+15550100199`,
never `tel:(555) 010-0199`, which the HTML standard does not allow), and a number written in plain text
(the crisis notice) or in the editor's text (pages, articles, the referral note) becomes such a link."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# A number as people write it: groups of digits with spaces, dots, dashes or brackets between them, maybe
# a leading +country code. At least 7 digits; a date (2026-12-04) or a price (160.00) is none.
_WRITTEN_NUMBER = re.compile(
    r"(?<![\w#/+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{1,4}[ .-])(?:\d{2,4}[ .-]){0,3}\d{3,4}(?![\w-])"
)
MIN_DIGITS, MAX_DIGITS = 7, 15
# A short number (988, 911, 116 123, 741741) is one only where the sentence says to call, dial or text it:
# "call or text 988", "dial 711", "text HOME to 741741". Elsewhere "160" is a price and "2026" a year.
_SHORT_NUMBER = re.compile(
    r"\b(?:call|dial|phone|ring|text)(?: or (?:call|text))?(?: [a-z]+ to)? "
    r"(?P<number>\d{3} \d{3}|\d{2} \d{2} \d{2}|\d{3,6})(?![\w-]|[.,/:]\d)",
    re.IGNORECASE,
)
# "Text 988", "text HOME to 741741": a text message (sms:); "call or text 988" is a call.
_TEXT_IT = re.compile(r"(?<!call or )\btext(?: [a-z]+ to)? $", re.IGNORECASE)
# A tag of sanitised HTML (attribute values double-quoted, their quotes escaped; ">" may stand inside them).
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
_LINK_START, _LINK_END = re.compile(r"<a[\s>]", re.IGNORECASE), re.compile(r"</a\s*>", re.IGNORECASE)


def dialable(number):
    """The number as a tel: or sms: link wants it: + and digits only. Ten digits not starting with 0 or 1 are
    a North American number written without its country code (+1); short numbers (988, 911) stay as they are."""
    digits = "".join(character for character in number if character.isdigit())
    if number.strip().startswith("+"):
        return f"+{digits}"
    if len(digits) == 10 and digits[0] not in "01":
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    return digits


def phone_href(number, scheme="tel"):
    return f"{scheme}:{dialable(number)}"


def _written_numbers(text):
    """(start, end, href) of each phone number written in `text`, in order."""
    spans = [
        match.span()
        for match in _WRITTEN_NUMBER.finditer(text)
        if MIN_DIGITS <= sum(character.isdigit() for character in match.group(0)) <= MAX_DIGITS
    ]
    for match in _SHORT_NUMBER.finditer(text):
        start, end = match.span("number")
        if not any(start < taken_end and taken_start < end for taken_start, taken_end in spans):
            spans.append((start, end))
    for start, end in sorted(spans):
        scheme = "sms" if _TEXT_IT.search(text, 0, start) else "tel"
        yield start, end, phone_href(text[start:end], scheme)


def _linked(text, outside, link):
    """`text` with each phone number in it made a link by `link`, the rest passed through `outside`."""
    pieces, position = [], 0
    for start, end, href in _written_numbers(text):
        pieces += [outside(text[position:start]), link.format(href=href, number=text[start:end])]
        position = end
    pieces.append(outside(text[position:]))
    return "".join(pieces)


def link_phone_numbers(text):
    """Plain `text`, escaped, with every phone number in it made a tel: (or sms:) link."""
    return mark_safe(_linked(str(text), escape, '<a href="{href}">{number}</a>'))


def link_phone_numbers_in_html(markup):
    """Sanitised HTML (core.richtext) with every phone number in its text, outside a link, made a link.

    Written as the sanitiser writes a link (a number holds only digits, spaces, dots, dashes, brackets and +,
    nothing to escape), so that sanitising and linking again change nothing.
    """
    pieces, inside_link = [], False
    for piece in _TAG.split(markup):
        if piece.startswith("<"):
            inside_link = bool(_LINK_START.match(piece)) or (inside_link and not _LINK_END.match(piece))
            pieces.append(piece)
        elif inside_link:
            pieces.append(piece)
        else:
            pieces.append(_linked(piece, str, '<a href="{href}" rel="noopener noreferrer">{number}</a>'))
    return "".join(pieces)
