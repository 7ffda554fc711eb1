"""What is counted and under which name — decided from the request alone, and nothing of it kept but the
page's address, the referring site's host and a search's normalised words."""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from insights.models import DIRECT, EMAIL, THIS_SITE

# Browsers of people say none of these; crawlers, link previews, monitors and audits do.
ROBOTS = (
    "bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "preview", "monitor",
    "curl", "wget", "python", "httpclient", "http-client", "go-http", "java/", "okhttp", "headless",
    "lighthouse", "pagespeed", "phantomjs", "scrapy", "feed", "check",
)
EMAIL_MARK = ("ref", "email")  # ?ref=email on the links of the article emails (subscriptions.emails)
_HOST = re.compile(r"^[a-z0-9.-]{1,120}$")
_EMAIL_ADDRESS = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")
_NOT_A_WORD = re.compile(r"[^\w\s'-]")
TERM_LENGTH = 100


def asks_not_to_be_counted(request):
    """Do Not Track or Global Privacy Control: the visitor's browser says no, and it is heeded."""
    return request.META.get("HTTP_DNT") == "1" or request.META.get("HTTP_SEC_GPC") == "1"


def is_robot(request):
    return _is_robot_agent(request.META.get("HTTP_USER_AGENT", ""))


@lru_cache(maxsize=512)
def _is_robot_agent(agent):
    """Decided once per browser string and process: a cached page is served in a fraction of a millisecond."""
    agent = agent.lower()
    return not agent or any(word in agent for word in ROBOTS)


def source_of(request):
    """Where the visitor came from: "email", "direct", "this site", or the referring site's host alone."""
    if request.GET.get(EMAIL_MARK[0]) == EMAIL_MARK[1]:
        return EMAIL
    referrer = request.META.get("HTTP_REFERER", "")
    if not referrer:
        return DIRECT
    try:
        host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return DIRECT
    if host == request.get_host().partition(":")[0].lower():
        return THIS_SITE
    host = host.removeprefix("www.")
    return host if _HOST.match(host) else DIRECT


def same_site_path(request):
    """The path of the page of this site the visitor came from (none for another site's)."""
    referrer = request.META.get("HTTP_REFERER", "")
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return ""
    if (parts.hostname or "").lower() != request.get_host().partition(":")[0].lower():
        return ""
    return parts.path


def normalised_term(words):
    """A search as counted: lowercased and trimmed, with email addresses, numbers and punctuation removed —
    someone who types their address or a phone number into the search box leaves neither here."""
    words = _EMAIL_ADDRESS.sub(" ", words.lower())
    words = _NOT_A_WORD.sub(" ", _DIGITS.sub(" ", words))
    return " ".join(words.split())[:TERM_LENGTH].strip()
