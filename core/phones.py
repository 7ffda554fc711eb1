"""Phone numbers a phone can call or text with one tap: the link holds digits only (`tel:+15550100199`,
never `tel:(555) 010-0199`, which the HTML standard does not allow), and a number written in plain text
becomes such a link."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# A number as people write it: groups of digits with spaces, dots, dashes or brackets between them, maybe
# a leading +country code. At least 7 digits; a date (2026-12-04) or a price (160.00) is none.
_WRITTEN_NUMBER = re.compile(
    r"(?<![\w#/+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{1,4}[ .-])(?:\d{2,4}[ .-]){0,3}\d{3,4}(?![\w-])"
)
MIN_DIGITS, MAX_DIGITS = 7, 15


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


def link_phone_numbers(text):
    """Plain `text`, escaped, with every phone number in it made a tel: link."""
    pieces, start = [], 0
    for match in _WRITTEN_NUMBER.finditer(text):
        written = match.group(0)
        if not MIN_DIGITS <= sum(character.isdigit() for character in written) <= MAX_DIGITS:
            continue
        link = format_html('<a href="{}">{}</a>', phone_href(written), written)
        pieces += [escape(text[start : match.start()]), link]
        start = match.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))
