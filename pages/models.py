from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from blog.imaging import add_known_dimensions, apply_image_change, prepare_image_change, validate_image_upload
from blog.richtext import html_to_text, lazy_images, sanitize_html, summarize, validate_body_images

DEFAULT_CRISIS_NOTICE = (
    "This site is not for emergencies. If you are in crisis, call your local emergency number or 988 in the US."
)
DEFAULT_POST_CALL_TO_ACTION = (
    "If this article resonates and you would like to talk it through, you are welcome to request a consultation."
)


class PracticeProfile(models.Model):
    """The practice's facts shown on every page. There is only ever one (see `load`)."""

    practice_name = models.CharField(max_length=120, default="Stillwater Counseling")
    tagline = models.CharField(max_length=200, blank=True, help_text="One short sentence under the practice name.")
    introduction = models.TextField(blank=True, help_text="A short welcome on the home page, in plain words.")
    therapist_name = models.CharField(max_length=120, blank=True)
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. LCSW, PhD, LMFT")
    license_type = models.CharField(max_length=120, blank=True, help_text="e.g. Licensed Clinical Social Worker")
    license_number = models.CharField(max_length=60, blank=True)
    license_jurisdiction = models.CharField(max_length=120, blank=True, help_text="e.g. New York State")
    portrait = models.ImageField(
        upload_to="portraits/",
        blank=True,
        validators=[validate_image_upload],
        help_text="JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed automatically.",
    )
    portrait_renditions = models.JSONField(default=dict, editable=False)
    portrait_alt = models.CharField(
        "portrait description",
        max_length=200,
        blank=True,
        help_text="Describe the photo for visitors who use a screen reader, e.g. “Dana smiling in her office”.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(
        blank=True, help_text="Shown on the site, and where new consultation requests are announced."
    )
    address = models.TextField("office address", blank=True)
    is_telehealth_only = models.BooleanField("telehealth only", default=False)
    areas_served = models.CharField(max_length=200, blank=True, help_text="e.g. Brooklyn and all of New York State")
    languages = models.CharField(max_length=120, blank=True, help_text="e.g. English, Spanish")
    booking_url = models.URLField(
        "booking link", blank=True, help_text="Optional: an online booking page at another service."
    )
    reply_time = models.CharField(
        max_length=120,
        default="within two working days",
        help_text="How soon you usually reply to a consultation request, shown on the contact page.",
    )
    post_call_to_action = models.TextField(
        "call to action after each article", default=DEFAULT_POST_CALL_TO_ACTION
    )
    crisis_notice = models.TextField(default=DEFAULT_CRISIS_NOTICE, help_text="Shown in the footer of every page.")
    emergency_number = models.CharField(max_length=20, default="911")

    class Meta:
        verbose_name = "practice profile"
        verbose_name_plural = "practice profile"

    def __str__(self):
        return self.practice_name

    def save(self, *args, **kwargs):
        self.pk = 1
        image_change = prepare_image_change(self, "portrait")
        super().save(*args, **kwargs)
        apply_image_change(self, "portrait", image_change)

    def clean(self):
        if self.portrait and not self.portrait_alt.strip():
            raise ValidationError(
                {"portrait_alt": "Please describe the portrait: visitors who cannot see it hear this description."}
            )

    @classmethod
    def load(cls):
        """The saved profile, or an unsaved one with sensible defaults before the therapist fills it in."""
        return cls.objects.filter(pk=1).first() or cls()

    @property
    def license_line(self):
        parts = [self.license_type, self.license_number and f"#{self.license_number}", self.license_jurisdiction]
        return ", ".join(part for part in parts if part)


class RichTextContent(models.Model):
    """What services and pages share: a title, a sanitised rich-text body, a place in a list."""

    title = models.CharField(max_length=120)
    body = models.TextField(blank=True, validators=[validate_body_images])
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional: the short description search engines and shared links show.",
    )

    class Meta:
        abstract = True
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = add_known_dimensions(lazy_images(sanitize_html(self.body)))
        super().save(*args, **kwargs)


class ServiceQuerySet(models.QuerySet):
    def active(self):
        """Services shown on the site."""
        return self.filter(is_active=True)


class Service(RichTextContent):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        COUPLES = "couples", "Couples"
        FAMILY = "family", "Family"
        GROUP = "group", "Group"

    slug = models.SlugField(max_length=120, unique=True, help_text="The end of its web address: /services/this-part/.")
    summary = models.TextField(help_text="One or two sentences for the services list and the home page.")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.INDIVIDUAL)
    session_minutes = models.PositiveSmallIntegerField("session length (minutes)", default=50)
    fee = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Leave empty to not show a fee."
    )
    sliding_scale_note = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. “A sliding scale is available — just ask.”"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    is_active = models.BooleanField("shown on the site", default=True)

    objects = ServiceQuerySet.as_manager()

    def get_absolute_url(self):
        return reverse("pages:service_detail", kwargs={"slug": self.slug})

    @property
    def description(self):
        return self.meta_description or self.summary


def reserved_page_slugs():
    """First path segments that belong to the site itself, so a page can never shadow them."""
    return {
        "blog", "services", "contact", "admin", "static", "media", "ckeditor",
        "sitemap.xml", "robots.txt", "healthz", settings.ADMIN_URL.strip("/").split("/")[0],
    }


def validate_page_slug(slug):
    if slug in reserved_page_slugs():
        raise ValidationError(
            "/%(slug)s/ is already used by the site itself. Please choose a different web address.",
            params={"slug": slug},
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(RichTextContent):
    slug = models.SlugField(
        max_length=120,
        unique=True,
        validators=[validate_page_slug],
        help_text="Its web address: /this-part/. Use “about” for the About page and “privacy-policy” "
        "for the privacy policy linked in the footer.",
    )
    show_in_navigation = models.BooleanField(default=False, help_text="Show a link in the main menu.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in the menu.")
    is_published = models.BooleanField(
        "published", default=True, help_text="Unpublished pages are hidden from visitors."
    )
    body_summary = models.TextField(editable=False, blank=True, help_text="The opening of the body; computed on save.")

    objects = PageQuerySet.as_manager()

    def save(self, *args, **kwargs):
        self.body_summary = summarize(html_to_text(sanitize_html(self.body)), 160)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    @property
    def description(self):
        return self.meta_description or self.body_summary


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

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.name} ({self.received_at:%Y-%m-%d})" if self.received_at else self.name


class MovedPath(models.Model):
    """An address that used to show a post, service or page, and where it lives now.

    Recorded when a slug changes, so old links and search results answer
    301 instead of 404 (see pages.middleware). Kept one hop deep: moving a
    page again repoints every older address straight to the newest one.
    """

    old_path = models.CharField(max_length=300, unique=True)
    new_path = models.CharField(max_length=300)
    moved_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    @classmethod
    def record(cls, old_path, new_path):
        cls.objects.filter(new_path=old_path).update(new_path=new_path)
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})

    @classmethod
    def claim(cls, path):
        """`path` shows something again: it no longer redirects anywhere."""
        cls.objects.filter(old_path=path).delete()
