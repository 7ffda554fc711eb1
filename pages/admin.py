
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.editor import RichTextBodyAdminMixin
from core.image_admin import KeepChangesWhenImageStorageFailsMixin
from core.preview_admin import PreviewLinksAdminMixin
from core.revisions import VersionHistoryAdmin
from core.writing_room import WritingRoomAdminMixin
from pages.models import CrisisLines, FeesAndInsurance, License, Page, PracticeProfile, Service, Specialty


class FeesInline(admin.StackedInline):
    model = FeesAndInsurance
    can_delete = False
    verbose_name_plural = "Fees, insurance and payment — shown on the Fees page (the page whose address is “fees”), "
    "above its text; each service has its own fee"


class CrisisLinesInline(admin.StackedInline):
    model = CrisisLines
    can_delete = False
    verbose_name_plural = "Crisis lines — at the foot of every page and on the contact page, as links a phone can call"


class LicenseInline(admin.TabularInline):
    model = License
    extra = 0
    fields = ["kind", "jurisdiction", "number", "expires_on", "order"]


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0
    fields = ["name", "topic", "order"]
    autocomplete_fields = ["topic"]


@admin.register(PracticeProfile)
class PracticeProfileAdmin(KeepChangesWhenImageStorageFailsMixin, RichTextBodyAdminMixin, VersionHistoryAdmin):
    """One profile only: the list goes straight to it, and a second can never be added."""

    rich_text_fields = ("referral_note",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [FeesInline, CrisisLinesInline, LicenseInline, SpecialtyInline]

    fieldsets = [
        ("The practice", {"fields": ["practice_name", "tagline", "introduction"]}),
        (
            "New clients",
            {
                "fields": [
                    "availability",
                    "expected_wait",
                    "referral_note",
                    "booking_url",
                    "booking_label",
                    "client_portal_url",
                ],
                "description": "Whether you take new clients, and how they reach you. Fees, crisis lines, "
                "licenses and specialties are at the bottom of this page.",
            },
        ),
        ("The therapist", {"fields": ["therapist_name", "credentials", "portrait", "portrait_alt", "approaches"]}),
        (
            "Contact and location",
            {"fields": ["phone", "email", "address", "is_telehealth_only", "areas_served", "languages"]},
        ),
        (
            "Messages to visitors",
            {"fields": ["reply_time", "post_call_to_action"]},
        ),
    ]

    def has_add_permission(self, request):
        return not PracticeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        profile = PracticeProfile.objects.first()
        if profile is None:
            return redirect(reverse("admin:pages_practiceprofile_add"))
        return redirect(reverse("admin:pages_practiceprofile_change", args=[profile.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            for license in License.objects.filter(profile_id=object_id, expires_on__isnull=False):
                if license.expires_soon:
                    when = date_format(license.expires_on)
                    verb = "expired" if license.expires_on < timezone.localdate() else "expires"
                    messages.warning(
                        request,
                        f"Your {license.kind} license ({license.jurisdiction}) {verb} on {when}. "
                        "Visitors no longer see an expired license: add the renewed one with its new date.",
                    )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Service)
class ServiceAdmin(WritingRoomAdminMixin, PreviewLinksAdminMixin, RichTextBodyAdminMixin, VersionHistoryAdmin):
    public_address_prefix = "/services/"
    summary_field = "excerpt"
    list_display = ["title", "format", "session_minutes", "fee", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "format"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "body"], "classes": ["writing"]}),
        ("Summary", {"fields": ["excerpt"]}),
        ("The service", {"fields": ["format", "session_minutes", "fee", "sliding_scale_note"]}),
        ("On the site", {"fields": ["slug", "order", "is_published"]}),
        ("For search engines and shared links", {"fields": ["meta_description"], "classes": ["search-preview"]}),
    ]


@admin.register(Page)
class PageAdmin(WritingRoomAdminMixin, PreviewLinksAdminMixin, RichTextBodyAdminMixin, VersionHistoryAdmin):
    list_display = ["title", "slug", "is_published", "show_in_navigation", "order"]
    list_editable = ["is_published", "show_in_navigation", "order"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "body"], "classes": ["writing"]}),
        ("On the site", {"fields": ["slug", "is_published", "show_in_navigation", "order"]}),
        ("For search engines and shared links", {"fields": ["meta_description"], "classes": ["search-preview"]}),
    ]
