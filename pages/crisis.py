"""Crisis lines by country, as links a phone can call or text with one tap.

The numbers are the national ones each country publishes; for another
country the therapist enters their own. Shown at the foot of every page, on the
contact and thank-you pages, and on the error pages (through core.site).
"""

from typing import NamedTuple

from core.phones import phone_href


class CrisisLink(NamedTuple):
    label: str
    href: str


def _call(label, number):
    return CrisisLink(label, phone_href(number))


NATIONAL_LINES = {
    "US": [
        _call("Call 988 (Suicide & Crisis Lifeline)", "988"),
        CrisisLink("Text 988", "sms:988"),
        _call("Emergency: 911", "911"),
    ],
    "CA": [
        _call("Call 988 (Suicide Crisis Helpline)", "988"),
        CrisisLink("Text 988", "sms:988"),
        _call("Emergency: 911", "911"),
    ],
    "GB": [_call("Samaritans: 116 123", "116 123"), _call("Emergency: 999", "999")],
    "AU": [_call("Lifeline: 13 11 14", "13 11 14"), _call("Emergency: 000", "000")],
}


def crisis_links(country, emergency_number="", line_name="", line_number=""):
    if country in NATIONAL_LINES:
        return NATIONAL_LINES[country]
    links = []
    if line_number:
        links.append(_call(f"{line_name or 'Crisis line'}: {line_number}", line_number))
    if emergency_number:
        links.append(_call(f"Emergency: {emergency_number}", emergency_number))
    return links
