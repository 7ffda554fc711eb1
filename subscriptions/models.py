"""Readers who asked for new articles by email, and what was sent to them.

Only the address is kept about a reader, with the moments it was asked,
confirmed and withdrawn; the token only names the address in its links.
"""

import secrets

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone

from blog.models import Post
from core.models import SiteSetting
from core.page_cache import content_version

# A saved change moves the content version on, so a cached copy is never read after it; this only bounds
# how long an unused one stays in the cache.
SETTINGS_CACHE_SECONDS = 60


def new_token():
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def unsubscribed(self):
        return self.filter(unsubscribed_at__isnull=False)


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField("email address", unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField("asked on", default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def state(self):
        if self.unsubscribed_at:
            return self.State.UNSUBSCRIBED
        return self.State.CONFIRMED if self.confirmed_at else self.State.PENDING


class Mailing(models.Model):
    """One article sent to the readers who were confirmed when its sending began."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="mailing")
    started_at = models.DateTimeField()
    recipient_count = models.PositiveIntegerField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"“{self.post}” by email"


class Delivery(models.Model):
    """One email to one reader: claimed (by one worker) before it is sent, so it is sent once."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    claimed_by = models.CharField(max_length=32)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="one_delivery_per_reader_and_article"),
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], condition=Q(status="sending"), name="deliveries_in_flight")
        ]

    def __str__(self):
        return f"{self.mailing} to {self.subscriber}"


class SubscriptionSettings(SiteSetting):
    """The “Stay informed” form's wording, and what the email of a new article holds."""

    subscribe_heading = models.CharField(
        "“Stay informed” heading",
        max_length=80,
        default="Stay informed",
        help_text="Above the short form where readers ask for new articles by email.",
    )
    subscribe_text = models.CharField(
        "“Stay informed” sentence",
        max_length=240,
        default="New articles by email, when they are published. Nothing else; leave with one click.",
    )
    email_whole_article = models.BooleanField(
        "send the whole article by email",
        default=False,
        help_text="Off: the email has the title, the excerpt and a link to the article. On: the whole text "
        "(without images).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "email settings"

    def __str__(self):
        return "Email settings"

    @classmethod
    def load_cached(cls):
        """The settings, read once per content version (core.page_cache): every page's footer shows them."""
        key = f"subscriptions:settings:{content_version()}"
        settings = cache.get(key)
        if settings is None:
            settings = cls.load()
            cache.set(key, settings, timeout=SETTINGS_CACHE_SECONDS)
        return settings
