"""Helpers the tests share (fixtures live in conftest.py): services, pages as a visitor reads them, images.

- `require`: skip a test without its service, except in CI, where every test must run.
- `poll_until`: wait for content to appear, judged by when each request was sent.
- `links`, `hrefs`, `link_with_rel`: the links of a rendered page.
- `PRINTED_PHONE_NUMBER`, `DIALABLE`: a phone number as people print it, and a tel:/sms: link as a phone dials it.
- `image_bytes`, `jpeg_with_gps_and_rotation`, `has_metadata`: images made on the fly.
- `sitemap_entries`: the sitemap as a search engine reads it.
- `read_setting`: a setting as a fresh process reads it from a given environment.
- `FailingEmailBackend`: an email server that is down.
- `HOSTILE`: the XSS corpus (data/xss_vectors.json).
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from PIL import Image

# CKEditor's own double-submit token, as it sets it in a cookie and sends it with each upload.
EDITOR_TOKEN = "CKEditorSetsThisCookieAndSendsItTooAbcde"


def uploaded_file(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def require(available, reason):
    """Skip without the service, except in CI, where every test must run."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let a test see a redirect instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


def poll_until(shows, deadline, message):
    """Ask `shows()` again and again until it answers True; return the time it did.

    Fails when an attempt that *started* after `deadline` still answers False:
    on a busy machine one request may take long to come back, and that alone
    must not fail a test about when content appears.
    """
    while True:
        asked_at = timezone.now()
        if shows():
            return timezone.now()
        assert asked_at < deadline, message
        time.sleep(0.05)


class _LinkCollector(HTMLParser):
    def __init__(self, within_id=None):
        super().__init__()
        self.within_id = within_id
        self.depth = 0 if within_id else 1
        self.links = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.within_id and attrs.get("id") == self.within_id:
            self.depth = 1
        elif self.within_id and self.depth:
            self.depth += 1
        if self.depth and tag == "a":
            self._current = {"href": attrs.get("href"), "rel": attrs.get("rel", ""), "text": ""}

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            self._current["text"] = " ".join(self._current["text"].split())
            self.links.append(self._current)
            self._current = None
        if self.within_id and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data


def links(response, within_id=None):
    """Links on the page (or inside the element with `within_id`): dicts of href, rel and text."""
    collector = _LinkCollector(within_id)
    collector.feed(response.content.decode())
    return collector.links


def link_with_rel(response, rel):
    found = [link for link in links(response) if rel in link["rel"].split()]
    assert len(found) <= 1, f"more than one rel={rel} link: {found}"
    return found[0] if found else None


def hrefs(response, within_id=None):
    return [link["href"] for link in links(response, within_id)]


# (555) 010-0199, 555-0100, 1-800-985-3059, +44 20 7946 0000; and a short one where a sentence says to use it:
# "call 988", "call or text 988", "dial 711". Found in text outside a link, each is a number a phone cannot tap.
PRINTED_PHONE_NUMBER = re.compile(
    r"(?<![\w#])(?:\+?\d{1,3}[ .-])?\(?\d{3}\)?[ .-]\d{3}[ .-]?\d{4}(?!\w)|\b\d{3}-\d{4}\b"
    r"|\b(?:call|dial|text)(?: or (?:call|text))? \d{3}\b",
    re.IGNORECASE,
)
DIALABLE = re.compile(r"(tel|sms):\+?\d+")


ORIENTATION = 0x0112
GPS_IFD = 0x8825


def image_bytes(size=(64, 48), image_format="PNG", mode="RGB", **save_options):
    buffer = BytesIO()
    Image.new(mode, size, "#2f6b62").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def tiny_png():
    return image_bytes((4, 4))


def jpeg_with_gps_and_rotation(size=(200, 100)):
    """A JPEG whose EXIF says 'rotate 90°' and holds a GPS position, like a phone photo."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 41.0, 21.0), 3: "W", 4: (73.0, 59.0, 8.0)})
    return image_bytes(size, "JPEG", exif=exif.tobytes(), comment=b"taken at home")


def has_metadata(data):
    with Image.open(BytesIO(data)) as image:
        return bool(image.getexif()) or any(
            key in image.info for key in ("exif", "xmp", "comment", "XML:com.adobe.xmp")
        )


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    """Every address in the sitemap, with its lastmod (None when absent)."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    entries = {}
    for sitemap in ET.fromstring(index.content).findall(f"{SITEMAP}sitemap"):
        address = urlsplit(sitemap.findtext(f"{SITEMAP}loc"))
        response = client.get(address.path, {"p": address.query.removeprefix("p=")} if address.query else {})
        assert response.status_code == 200, address
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


class FailingEmailBackend(BaseEmailBackend):
    """An email server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is unreachable")


XSS_VECTORS_FILE = Path(__file__).parent / "data" / "xss_vectors.json"
# OWASP filter-evasion cheat sheet style: case tricks, entities, broken tags, svg/math namespaces,
# srcdoc, formaction, CSS expressions, protocol obfuscations.
HOSTILE = json.loads(XSS_VECTORS_FILE.read_text())

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOWED_HOSTS",
    "TIME_ZONE",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SITE_URL",
]


def read_setting(expression, **env):
    """Evaluate `expression` (e.g. "settings.DEBUG") in a fresh process whose environment is `env`."""
    clean = {key: value for key, value in os.environ.items() if key not in CONFIGURATION_VARIABLES}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "practice_site.settings", **env},
        capture_output=True,
        text=True,
    )
