from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse


class SiteSettingAdmin(admin.ModelAdmin):
    """The admin of a one-row model (core.models.SiteSetting): no list, nothing to add or delete — the
    sidebar's entry opens the one row, made with its defaults the first time anyone looks."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _ = self.model.objects.get_or_create(pk=1)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
