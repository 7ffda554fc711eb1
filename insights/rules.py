"""What is counted and under which name — decided from the request alone, and nothing of it kept but the
page's address, the referring site's host and a search's normalised words."""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

from insights.models import DIRECT, EMAIL, OTHER_SITES, THIS_SITE

# Browsers of people say none of these; crawlers, link previews, monitors and audits do.
ROBOTS = (
    "bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "preview", "monitor",
    "curl", "wget", "python", "httpclient", "http-client", "go-http", "java/", "okhttp", "headless",
    "lighthouse", "pagespeed", "phantomjs", "scrapy", "feed", "check",
)
EMAIL_MARK = ("ref", "email")  # ?ref=email on the links of the article emails (subscriptions.emails)
# A site's name as the web has them (psychologytoday.com): dotted, ending in letters — never an address
# (203.0.113.5), a machine's own name, or words such as "direct" or "email" that a forged header could send.
_SITE_NAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
# Different referring sites counted in a day by one process; the rest as "other sites": a forged header
# can then add a few hundred rows a day at most, and none to the report beyond them.
SITES_A_DAY = 300
_EMAIL_ADDRESS = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")
_NOT_A_WORD = re.compile(r"[^\w\s'-]")
TERM_LENGTH = 100

_sites_seen = {"day": None, "names": set()}


def may_be_counted(request):
    """Not a robot, not signed-in staff, and not one whose browser says Do Not Track or Global Privacy
    Control: for a view, and for crediting an article with a consultation request alike."""
    meta = request.META
    return not (
        meta.get("HTTP_DNT") == "1"
        or meta.get("HTTP_SEC_GPC") == "1"
        or _is_robot_agent(meta.get("HTTP_USER_AGENT", ""))
        or _is_signed_in_staff(request)
    )


@lru_cache(maxsize=512)
def _is_robot_agent(agent):
    """Decided once per browser string and process: a cached page is served in a fraction of a millisecond."""
    agent = agent.lower()
    return not agent or any(word in agent for word in ROBOTS)


def _is_signed_in_staff(request):
    """Only a visitor with a session can be signed in; the others (every cached hit) read no account."""
    user = getattr(request, "user", None)
    return settings.SESSION_COOKIE_NAME in request.COOKIES and user is not None and user.is_staff


def _referrer(request):
    """The referring address's host and path, and whether it is this site: ("", "", False) for none."""
    try:
        parts = urlsplit(request.META.get("HTTP_REFERER", ""))
        host = (parts.hostname or "").lower()
    except ValueError:
        return "", "", False
    return host, parts.path, bool(host) and host == request.get_host().partition(":")[0].lower()


def source_of(request, day):
    """Where the visitor came from: "email", "direct", "this site", the referring site's name alone, or
    "other sites" for a name that is none or one past the day's SITES_A_DAY."""
    if request.GET.get(EMAIL_MARK[0]) == EMAIL_MARK[1]:
        return EMAIL
    host, _, is_this_site = _referrer(request)
    if not host:
        return DIRECT
    if is_this_site:
        return THIS_SITE
    host = host.removeprefix("www.")
    return host if _SITE_NAME.match(host) and _room_for(host, day) else OTHER_SITES


def _room_for(site, day):
    if _sites_seen["day"] != day:
        _sites_seen.update(day=day, names=set())
    names = _sites_seen["names"]
    if site in names:
        return True
    if len(names) >= SITES_A_DAY:
        return False
    names.add(site)
    return True


def same_site_path(request):
    """The path of the page of this site the visitor came from (none for another site's)."""
    _, path, is_this_site = _referrer(request)
    return path if is_this_site else ""


def normalised_term(words):
    """A search as counted: lowercased and trimmed, with email addresses, numbers and punctuation removed —
    someone who types their address or a phone number into the search box leaves neither here."""
    words = _EMAIL_ADDRESS.sub(" ", words.lower())
    words = _NOT_A_WORD.sub(" ", _DIGITS.sub(" ", words))
    return " ".join(words.split())[:TERM_LENGTH].strip()
