"""Site-wide facts every template shows (header, footer, titles).

Fixed values for now; they become the editable practice profile in the admin.
"""

PRACTICE = {
    "name": "Stillwater Counseling",
    "tagline": "Individual and couples therapy in a calm, unhurried space.",
    "crisis_notice": (
        "This site is not for emergencies. If you are in crisis, call your local "
        "emergency number or 988 in the US."
    ),
}


def practice(request):
    return {"practice": PRACTICE}
