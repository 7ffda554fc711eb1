"""In a real browser, as a reader: subscribe on an article, confirm from the email, get the next one, leave."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from subscriptions.delivery import email_post
from subscriptions.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


def link(message, live_server, kind):
    text = message.get_body(preferencelist=("plain",)).get_content()
    (address,) = re.findall(rf"https?://\S*/{kind}/\S*", text)
    return address.replace(settings.SITE_URL, live_server.url)


def test_a_reader_subscribes_on_an_article_confirms_receives_and_leaves(
    live_server, browser, mail_server, profile, post_factory
):
    article = post_factory(title="On beginning therapy", excerpt="What the first session is like.")
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.set_default_timeout(15_000)
    reader = context.new_page()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    block = reader.locator("#latest-posts")
    block.get_by_label("Email address for new articles").fill("reader@example.com")
    block.screenshot(path=SCREENSHOTS / "subscribe-on-an-article-phone.png")
    block.get_by_role("button", name="Subscribe").click()
    reader.get_by_role("heading", name="Please check your inbox").wait_for()

    (confirmation,) = mail_server.messages
    reader.goto(link(confirmation, live_server, "subscribe/confirm"))
    reader.get_by_role("button", name="Yes, send me new articles").click()
    reader.get_by_role("heading", name="You are subscribed").wait_for()
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

    next_article = post_factory(title="Between sessions", excerpt="Small steps.")
    email_post.call(next_article.pk)
    (_, article_email) = mail_server.messages
    assert article_email["Subject"] == "Between sessions"

    reader.goto(link(article_email, live_server, "unsubscribe"))
    reader.get_by_role("button", name="Unsubscribe").click()
    reader.get_by_role("heading", name="You are unsubscribed").wait_for()
    reader.screenshot(path=SCREENSHOTS / "unsubscribed-phone.png", full_page=True)
    assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
    context.close()
