"""In a real browser, an article holding every vector of the XSS corpus runs nothing and calls nowhere."""

from urllib.parse import urlsplit

import pytest

from blog.models import Post
from core.richtext import sanitize_html
from tests.support import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Anything that runs reports here, whatever it calls: alert, confirm, prompt, print, or a request.
TRAPS = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__fired.push(name + "(" + args.join(",") + ")"); };
}
"""


@pytest.fixture
def hostile_articles(author):
    """The corpus pasted whole into one article, and each vector's remains side by side in another.

    In the first, a vector such as an unclosed <plaintext> swallows what follows
    it, so the second makes sure every vector's remains reach the browser.
    """
    whole = "\n".join(f"<p>Vector {number}:</p>{vector}" for number, vector in enumerate(HOSTILE))
    one_by_one = "\n".join(f"<p>Vector {number}:</p>{sanitize_html(vector)}" for number, vector in enumerate(HOSTILE))
    return [
        Post.objects.create(title=title, slug=slug, body=body, status=Post.Status.PUBLISHED, author=author)
        for title, slug, body in [
            ("Every vector", "every-vector", whole),
            ("Every vector, one by one", "every-vector-one-by-one", one_by_one),
        ]
    ]


def test_the_corpus_fires_nothing_and_requests_nothing_elsewhere(new_page, live_server, hostile_articles):
    page = new_page()
    dialogs, elsewhere, violations = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request", lambda request: None if _is_local(request.url, live_server.url) else elsewhere.append(request.url)
    )
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(TRAPS)

    for post in hostile_articles:
        page.goto(f"{live_server.url}{post.get_absolute_url()}")
        page.wait_for_load_state("networkidle")
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__fired") == []

    assert page.get_by_text(f"Vector {len(HOSTILE) - 1}:", exact=True).count() == 1, "every vector was rendered"
    assert dialogs == []
    assert elsewhere == []
    assert violations == [], "nothing even tried to run or load against the policy"


def _is_local(url, base_url):
    address = urlsplit(url)
    return address.scheme in ("data", "about", "blob") or address.netloc == urlsplit(base_url).netloc
