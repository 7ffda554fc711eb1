"""Consultation requests — the inbox — and how long they are kept."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from core.models import SiteSetting


class ConsultationRequest(models.Model):
    """A prospective client's request to be contacted. Stored before anyone is notified."""

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    class Status(models.TextChoices):
        NEW = "new", "New"
        REPLIED = "replied", "Replied"
        CLOSED = "closed", "Closed"

    MESSAGE_MAX_LENGTH = 1000

    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    message = models.TextField(validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    is_notification_sent = models.BooleanField(
        "notification sent", default=False, help_text="Whether the email announcing this request went out."
    )
    is_waitlist = models.BooleanField(
        "waitlist request", default=False, help_text="Sent while the practice was taking waitlist requests only."
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.name} ({timezone.localtime(self.received_at):%Y-%m-%d})" if self.received_at else self.name


class InboxSettings(SiteSetting):
    """How long the inbox keeps requests: set by those who may read it, not by whoever edits the practice's pages."""

    keep_requests_days = models.PositiveSmallIntegerField(
        "keep consultation requests for (days)",
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Every night, requests older than this are deleted, whatever their state.",
    )
    keep_closed_requests_days = models.PositiveSmallIntegerField(
        "keep closed requests for (days)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Requests you marked as closed are deleted sooner: after this many days.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "how long requests are kept"

    def __str__(self):
        return "How long requests are kept"
