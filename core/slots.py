"""Places in a lower app's pages that a higher app fills: the blog's article ends with a call to
action (pages) and its latest posts with the subscribe form (subscriptions), without the blog's
templates naming either. An app registers a template for a slot in its AppConfig.ready();
`{% slot "name" %}` (core/templatetags/slots.py) renders them there, in the order registered,
with the page's own context.
"""

SLOTS = {}  # slot name → template names


def fill_slot(name, template_name):
    SLOTS.setdefault(name, []).append(template_name)
