from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse

from blog.editor import RichTextBodyAdminMixin
from blog.image_admin import KeepChangesWhenImageStorageFailsMixin
from pages.models import ConsultationRequest, Page, PracticeProfile, Service


@admin.register(PracticeProfile)
class PracticeProfileAdmin(KeepChangesWhenImageStorageFailsMixin, admin.ModelAdmin):
    """One profile only: the list goes straight to it, and a second can never be added."""

    image_field = "portrait"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    fieldsets = [
        ("The practice", {"fields": ["practice_name", "tagline", "introduction"]}),
        (
            "The therapist",
            {
                "fields": [
                    "therapist_name", "credentials", "license_type", "license_number", "license_jurisdiction",
                    "portrait", "portrait_alt",
                ]
            },
        ),
        (
            "Contact and location",
            {"fields": ["phone", "email", "address", "is_telehealth_only", "areas_served", "languages", "booking_url"]},
        ),
        (
            "Messages to visitors",
            {"fields": ["reply_time", "post_call_to_action", "crisis_notice", "emergency_number"]},
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


@admin.register(Service)
class ServiceAdmin(RichTextBodyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "format", "session_minutes", "fee", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "format"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title", "slug", "summary", "body", "format", "session_minutes", "fee", "sliding_scale_note",
        "meta_description", "order", "is_active",
    ]


@admin.register(Page)
class PageAdmin(RichTextBodyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "show_in_navigation", "order"]
    list_editable = ["is_published", "show_in_navigation", "order"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "body", "meta_description", "is_published", "show_in_navigation", "order"]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    """The inbox. Requests arrive only from the contact form; reading one never sends anything."""

    list_display = ["received_at", "name", "preferred_contact", "status", "is_notification_sent"]
    list_filter = ["status", "preferred_contact", "is_notification_sent"]
    search_fields = ["name", "email"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "name", "email", "phone", "preferred_contact", "message", "received_at", "is_notification_sent",
    ]
    fields = [*readonly_fields, "status"]

    def has_add_permission(self, request):
        return False
