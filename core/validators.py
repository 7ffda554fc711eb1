"""Rules for text that ends up in an email header (a subject, a sender's name): one line only.

A line break there would let the text add headers of its own; Django refuses such a header
(`BadHeaderError`), and the email would not go out at all. Forms refuse a break with a message;
saving from anywhere else folds it into a space.
"""

import re

from django.core.exceptions import ValidationError

# Every character Python's str.splitlines() breaks a line on.
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def validate_single_line(value):
    if LINE_BREAK.search(value or ""):
        raise ValidationError("Keep this on one line: it is used as the subject or sender of emails.")


def one_line(value):
    """`value` with each run of line breaks turned into one space."""
    return LINE_BREAK.sub(" ", value or "").strip()
