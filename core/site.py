"""What site-wide parts need to know about the practice: its name, tagline, crisis notice and email.

The app that owns those facts provides them (pages, in its AppConfig.ready()),
so that core and the blog never import it. Error pages must render even
when the database is what failed: the facts then fall back to safe defaults.
"""

import logging
from dataclasses import dataclass

from django.db import Error as DatabaseError

logger = logging.getLogger(__name__)

DEFAULT_CRISIS_NOTICE = (
    "This site is not for emergencies. If you are in crisis, call your local emergency number or a crisis line now."
)


@dataclass(frozen=True)
class SiteFacts:
    name: str = ""
    tagline: str = ""
    crisis_notice: str = DEFAULT_CRISIS_NOTICE
    # (label, href) pairs: tel: and sms: links of the practice's country.
    crisis_links: tuple = ()
    email: str = ""  # where replies to the site's emails go


_provider = None


def provide_site_facts(provider):
    """Register the function that returns the practice's SiteFacts."""
    global _provider
    _provider = provider


def site_facts():
    if _provider is None:
        return SiteFacts()
    try:
        return _provider()
    except DatabaseError:  # any: a closed connection (InterfaceError) is not a DatabaseError
        logger.warning("The practice's facts could not be read; error pages use the default crisis notice.")
        return SiteFacts()
