from datetime import timedelta
from typing import NamedTuple

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog.models import Topic
from core.imaging import validate_image_upload
from core.richtext import html_to_text, prepare_body, summarize, validate_body_images
from core.saving import SavedInOrder
from core.site import DEFAULT_CRISIS_NOTICE
from core.validators import one_line, validate_single_line
from pages.crisis import crisis_links
from pages.reach_out import request_form_address

DEFAULT_POST_CALL_TO_ACTION = (
    "If this article resonates and you would like to talk it through, you are welcome to request a consultation."
)
GOOD_FAITH_ESTIMATE_URL = "https://www.cms.gov/nosurprises"


class CallToAction(NamedTuple):
    label: str
    url: str
    is_external: bool = False
    short_label: str = "Contact"  # where space is short: the header on a phone


def lines(text):
    """The non-empty lines of a field where the therapist writes one item per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# Crisis lines and fees are versioned on their own (saved with the profile, in the same revision), not
# followed: restoring a profile version saved before they had models of their own leaves them as they are.
@reversion.register(exclude=["portrait", "portrait_renditions"], follow=["licenses", "specialties"])
class PracticeProfile(SavedInOrder):
    """The practice's facts shown on every page. There is only ever one (see `load`)."""

    class Availability(models.TextChoices):
        ACCEPTING = "accepting", "Accepting new clients"
        WAITLIST = "waitlist", "Waitlist only"
        CLOSED = "closed", "Not taking new clients"

    practice_name = models.CharField(max_length=120, default="Stillwater Counseling", validators=[validate_single_line])
    tagline = models.CharField(max_length=200, blank=True, help_text="One short sentence under the practice name.")
    introduction = models.TextField(blank=True, help_text="A short welcome on the home page, in plain words.")
    therapist_name = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. LCSW, PhD, LMFT")
    availability = models.CharField(
        max_length=10,
        choices=Availability.choices,
        default=Availability.ACCEPTING,
        help_text="Changes every “Request a consultation” button on the site. With the waitlist, requests are "
        "marked as waitlist requests; when you are not taking new clients, the contact page shows your referral "
        "note instead of the form.",
    )
    expected_wait = models.CharField(
        "expected wait",
        max_length=40,
        blank=True,
        validators=[validate_single_line],
        help_text="With the waitlist: how long people usually wait, in a few words, e.g. “about 4 weeks”. "
        "Shown as “Waitlist open — about 4 weeks”.",
    )
    referral_note = models.TextField(
        blank=True,
        validators=[validate_body_images],
        help_text="Shown on the contact page while you are not taking new clients: colleagues you recommend, "
        "directories, what to do in the meantime.",
    )
    approaches = models.TextField(
        "approaches", blank=True, help_text="How you work, one per line, in the order to show them, e.g. “EFT”."
    )
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
        "booking link",
        blank=True,
        help_text="Optional: an online booking page at another service. When set, the main button everywhere books "
        "directly, and the consultation form is offered as a second choice.",
    )
    booking_label = models.CharField(
        "booking button", max_length=80, default="Book a free 15-minute call", help_text="The words on that button."
    )
    client_portal_url = models.URLField(
        "client portal link", blank=True, help_text="Optional: adds a “Client portal” link to the top and foot of "
        "every page, for current clients."
    )
    reply_time = models.CharField(
        max_length=120,
        default="within two working days",
        help_text="How soon you usually reply to a consultation request, shown on the contact page.",
    )
    post_call_to_action = models.TextField(
        "call to action after each article", default=DEFAULT_POST_CALL_TO_ACTION
    )

    images = {"portrait": "portrait_alt"}

    class Meta:
        verbose_name = "practice profile"
        verbose_name_plural = "practice profile"

    def __str__(self):
        return self.practice_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def prepare_save(self):
        self.practice_name, self.therapist_name = one_line(self.practice_name), one_line(self.therapist_name)
        self.referral_note = prepare_body(self.referral_note)

    def finish_save(self):
        for part in (CrisisLines, FeesAndInsurance):
            part.objects.get_or_create(profile=self)

    @classmethod
    def load(cls):
        """The saved profile, or an unsaved one with sensible defaults before the therapist fills it in."""
        return cls.objects.filter(pk=1).first() or cls()

    @classmethod
    def load_with_facts(cls):
        """The profile with its crisis lines, fees, current licenses and specialties (with their topics), in
        three queries."""
        profile = (
            cls.objects.filter(pk=1)
            .select_related("crisis_lines", "fees")
            .prefetch_related(
                models.Prefetch("licenses", queryset=License.objects.current(), to_attr="current_licenses"),
                models.Prefetch(
                    "specialties", queryset=Specialty.objects.select_related("topic"), to_attr="specialty_list"
                ),
            )
            .first()
        )
        if profile is None:
            profile = cls()
            profile.current_licenses, profile.specialty_list = [], []
        for name, part in (("crisis_lines", CrisisLines), ("fees", FeesAndInsurance)):
            if not hasattr(profile, name):  # not saved yet: the defaults
                setattr(profile, name, part(profile=profile))
        return profile

    @property
    def call_to_action(self):
        """The main button wherever visitors are invited to reach out: it follows availability and booking."""
        contact = request_form_address(self.email)
        if self.availability == self.Availability.CLOSED:
            return CallToAction("Not taking new clients", contact)
        if self.availability == self.Availability.WAITLIST:
            return CallToAction("Join the waitlist", contact, short_label="Waitlist")
        if self.booking_url:
            return CallToAction(self.booking_label, self.booking_url, is_external=True, short_label="Book a call")
        return CallToAction("Request a consultation", contact)

    @property
    def request_form_title(self):
        """The contact page's title and heading alike: what its form does (a booking link's words, such as
        "Book a free 15-minute call", are another page's)."""
        if self.availability == self.Availability.CLOSED:
            return "Not taking new clients"
        if self.availability == self.Availability.WAITLIST:
            return "Join the waitlist"
        return "Request a consultation"

    @property
    def availability_status(self):
        """Whether new clients are taken, in words, for the first screen of the home page, Services and Contact."""
        if self.availability == self.Availability.CLOSED:
            return "Not taking new clients"
        if self.availability == self.Availability.WAITLIST:
            return f"Waitlist open — {self.expected_wait}" if self.expected_wait else "Waitlist open"
        return "Accepting new clients"

    @property
    def second_call_to_action(self):
        """With online booking, the consultation form is the second choice."""
        if self.booking_url and self.availability == self.Availability.ACCEPTING:
            return CallToAction("Or send a consultation request", request_form_address(self.email))
        return None

    @property
    def licensure_line(self):
        """"Licensed in New York (LCSW #123) and New Jersey (LCSW #456)": the footer's credentials line."""
        places = [
            f"{license.jurisdiction} ({license.kind}{f' #{license.number}' if license.number else ''})"
            for license in self.current_licenses
        ]
        if not places:
            return ""
        return "Licensed in " + (" and ".join([", ".join(places[:-1]), places[-1]]) if len(places) > 1 else places[0])

    @property
    def approach_list(self):
        return lines(self.approaches)

@reversion.register()
class CrisisLines(models.Model):
    """The notice at the foot of every page that the site is not for emergencies, and the crisis lines of the
    practice's country: set with the practice profile, one for the practice."""

    class Country(models.TextChoices):
        US = "US", "United States"
        CA = "CA", "Canada"
        GB = "GB", "United Kingdom"
        AU = "AU", "Australia"
        OTHER = "other", "Another country (enter your own numbers)"

    profile = models.OneToOneField(
        PracticeProfile, on_delete=models.CASCADE, primary_key=True, related_name="crisis_lines"
    )
    notice = models.TextField(
        "crisis notice",
        default=DEFAULT_CRISIS_NOTICE,
        help_text="Shown at the foot of every page, before the crisis lines of your country.",
    )
    country = models.CharField("crisis lines for", max_length=5, choices=Country.choices, default=Country.US)
    emergency_number = models.CharField(
        max_length=20, default="911", help_text="Used for “another country”: your country’s emergency number."
    )
    line_name = models.CharField(
        "crisis line name", max_length=80, blank=True, help_text="Used for “another country”, e.g. “Telefonseelsorge”."
    )
    line_number = models.CharField(
        "crisis line number", max_length=20, blank=True, help_text="Used for “another country”."
    )

    class Meta:
        verbose_name = verbose_name_plural = "crisis lines"

    def __str__(self):
        return "Crisis lines"

    @property
    def links(self):
        return crisis_links(self.country, self.emergency_number, self.line_name, self.line_number)


@reversion.register()
class FeesAndInsurance(models.Model):
    """What the Fees page shows above its text (each service has its own fee): one for the practice."""

    profile = models.OneToOneField(PracticeProfile, on_delete=models.CASCADE, primary_key=True, related_name="fees")
    insurance_plans = models.TextField(
        "insurance plans in network", blank=True, help_text="One per line, e.g. “Aetna”. Leave empty if none."
    )
    out_of_network_note = models.TextField(
        "out-of-network note",
        blank=True,
        help_text="e.g. “I provide superbills you can submit to your insurer for out-of-network reimbursement.”",
    )
    payment_methods = models.CharField(
        max_length=200, blank=True, help_text="e.g. “Credit and debit cards, HSA and FSA cards”"
    )
    sliding_scale_note = models.CharField(
        max_length=200, blank=True, help_text="Optional, for the whole practice, e.g. “A few reduced-fee places.”"
    )
    show_good_faith_estimate = models.BooleanField(
        "show the Good Faith Estimate notice",
        default=True,
        help_text="US law (the No Surprises Act) requires it for uninsured and self-pay clients: shown on the fees, "
        "services and contact pages.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "fees, insurance and payment"

    def __str__(self):
        return "Fees, insurance and payment"

    @property
    def insurance_plan_list(self):
        return lines(self.insurance_plans)


class LicenseQuerySet(models.QuerySet):
    def current(self):
        """Licenses that have not expired: only these are shown to visitors."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))


@reversion.register()
class License(models.Model):
    """One of the therapist's licenses: where they may see clients."""

    profile = models.ForeignKey(PracticeProfile, on_delete=models.CASCADE, related_name="licenses")
    kind = models.CharField(max_length=60, help_text="e.g. LCSW")
    jurisdiction = models.CharField(max_length=120, help_text="Where it is valid, e.g. New York")
    number = models.CharField(max_length=60, blank=True)
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="Optional. An expired license is no longer shown; the admin warns 60 days ahead.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = LicenseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        number = f" #{self.number}" if self.number else ""
        return f"{self.kind}{number}, {self.jurisdiction}"

    @property
    def expires_soon(self):
        return self.expires_on is not None and self.expires_on <= timezone.localdate() + LICENSE_WARNING


LICENSE_WARNING = timedelta(days=60)


@reversion.register()
class Specialty(models.Model):
    """What the therapist helps with, e.g. "Anxiety"; it may lead to the blog's articles on that topic."""

    profile = models.ForeignKey(PracticeProfile, on_delete=models.CASCADE, related_name="specialties")
    name = models.CharField(max_length=80)
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Optional: the blog topic of the same subject; the specialty then links to its articles.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class RichTextContent(SavedInOrder):
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

    def prepare_save(self):
        self.body = prepare_body(self.body)
        self.derive_from_body(html_to_text(self.body))

    def derive_from_body(self, text):
        """Fields computed from the body's plain text on save (none unless a model says so)."""


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """Services shown on the site."""
        return self.filter(is_published=True)


@reversion.register()
class Service(RichTextContent):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        COUPLES = "couples", "Couples"
        FAMILY = "family", "Family"
        GROUP = "group", "Group"

    slug = models.SlugField(max_length=120, unique=True, help_text="The end of its web address: /services/this-part/.")
    excerpt = models.TextField("summary", help_text="One or two sentences for the services list and the home page.")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.INDIVIDUAL)
    session_minutes = models.PositiveSmallIntegerField("session length (minutes)", default=50)
    fee = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Leave empty to not show a fee."
    )
    sliding_scale_note = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. “A sliding scale is available — just ask.”"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    is_published = models.BooleanField("shown on the site", default=True)

    objects = ServiceQuerySet.as_manager()

    def get_absolute_url(self):
        return reverse("pages:service_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.is_published

    @property
    def description(self):
        return self.meta_description or self.excerpt


def reserved_page_slugs():
    """First path segments that belong to the site itself, so a page can never shadow them."""
    return {
        "blog", "services", "contact", "admin", "static", "media", "ckeditor", "subscribe", "unsubscribe", "preview",
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


@reversion.register(exclude=["summary"])
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
    summary = models.TextField(editable=False, blank=True, help_text="The opening of the body; computed on save.")

    objects = PageQuerySet.as_manager()

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    def derive_from_body(self, text):
        self.summary = summarize(text, 160)

    @property
    def is_public(self):
        return self.is_published

    @property
    def description(self):
        return self.meta_description or self.summary
