"""The emails a reader receives: the confirmation, “already subscribed”, and each new article.

Nothing in them reports back: no tracking pixel, no rewritten links, no image
loaded from anywhere (the article's images are left out). Every email after
the confirmation carries List-Unsubscribe with RFC 8058's one-click POST.
"""

from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from core.site import site_facts
from core.validators import one_line
from subscriptions import tokens
from subscriptions.models import SubscriptionSettings

EMAIL_TAGS = ALLOWED_TAGS - {"img"}


def site_address(path):
    return f"{settings.SITE_URL}{path}"


def _message(subject, text, to, html=None, headers=None):
    practice = site_facts()
    sender = one_line(practice.name)
    message = EmailMultiAlternatives(
        one_line(subject),
        text,
        formataddr((sender, settings.DEFAULT_FROM_EMAIL)) if sender else settings.DEFAULT_FROM_EMAIL,
        [to],
        reply_to=[practice.email] if practice.email else None,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _unsubscribe_headers(subscriber):
    practice = site_facts()
    links = [f"<{site_address(reverse('subscriptions:unsubscribe', args=[subscriber.token]))}>"]
    if practice.email:
        links.append(f"<mailto:{practice.email}?subject=unsubscribe>")
    return {"List-Unsubscribe": ", ".join(links), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def confirmation_email(subscriber):
    context = {
        "practice": site_facts(),
        "confirm_url": site_address(reverse("subscriptions:confirm", args=[tokens.confirmation_token(subscriber)])),
        "valid_days": tokens.CONFIRMATION_DAYS,
    }
    subject = f"Please confirm: new articles from {context['practice'].name or 'our website'}"
    return _message(subject, render_to_string("subscriptions/email/confirm.txt", context), subscriber.email)


def already_subscribed_email(subscriber):
    context = {
        "practice": site_facts(),
        "unsubscribe_url": site_address(reverse("subscriptions:unsubscribe", args=[subscriber.token])),
    }
    text = render_to_string("subscriptions/email/already_subscribed.txt", context)
    return _message("You are already subscribed", text, subscriber.email, headers=_unsubscribe_headers(subscriber))


def _absolute_links(tag, attribute, value):
    if tag == "a" and attribute == "href" and value.startswith("/") and not value.startswith("//"):
        return site_address(value)
    return value


def article_html(body):
    """The article's text for an email: no images, every link a full address."""
    import nh3  # loaded by the worker's first email, not by every web worker at start

    return nh3.clean(
        body,
        tags=EMAIL_TAGS,
        attributes={tag: names for tag, names in ALLOWED_ATTRIBUTES.items() if tag != "img"},
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=_absolute_links,
        link_rel=None,
    )


def article_email(post, subscriber):
    practice = site_facts()
    context = {
        "practice": practice,
        "post": post,
        # The same mark for every reader, never who: "opened from the email" is counted, no one is followed.
        "post_url": site_address(post.get_absolute_url()) + "?ref=email",
        "unsubscribe_url": site_address(reverse("subscriptions:unsubscribe", args=[subscriber.token])),
        "summary": post.summary,
        "whole_article": article_html(post.body) if SubscriptionSettings.load().email_whole_article else "",
    }
    headers = {
        **_unsubscribe_headers(subscriber),
        # The same for every attempt: a mail system that sees it twice can tell it is one email.
        "Message-ID": f"<article-{post.pk}.reader-{subscriber.pk}@{urlsplit(settings.SITE_URL).hostname}>",
    }
    return _message(
        post.title,
        render_to_string("subscriptions/email/article.txt", context),
        subscriber.email,
        html=render_to_string("subscriptions/email/article.html", context),
        headers=headers,
    )
