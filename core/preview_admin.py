"""“Share a preview” in the admin: links to a draft for people without an account (core.previews)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from core.admin_site import object_id_or_404
from core.models import PreviewLink


class PreviewLinksAdminMixin:
    """On the change page of an item that is not public yet: share a preview link, see the links, revoke one."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/previews/share/",
                self.admin_site.admin_view(require_POST(self.share_preview)),
                name=f"{name}_share_preview",
            ),
            path(
                "<path:object_id>/previews/<int:link_id>/revoke/",
                self.admin_site.admin_view(require_POST(self.revoke_preview)),
                name=f"{name}_revoke_preview",
            ),
            *super().get_urls(),
        ]

    def _item(self, request, object_id):
        return self.get_object(request, object_id_or_404(self.model, object_id))

    def _editable(self, request, object_id):
        item = self._item(request, object_id)
        if item is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        return item

    def _back_to(self, item):
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[item.pk]))

    def share_preview(self, request, object_id):
        item = self._editable(request, object_id)
        if item.is_public:
            messages.info(request, "This is already public: share its own address.")
            return self._back_to(item)
        link = PreviewLink.objects.create(target=item, created_by=request.user)
        messages.success(
            request,
            f"Anyone with this link can see the preview until {date_format(timezone.localtime(link.expires_at))}: "
            f"{settings.SITE_URL}{link.get_absolute_url()}",
        )
        return self._back_to(item)

    def revoke_preview(self, request, object_id, link_id):
        item = self._editable(request, object_id)
        links = PreviewLink.objects.filter(target_type=ContentType.objects.get_for_model(item), target_id=item.pk)
        get_object_or_404(links, pk=link_id, revoked_at__isnull=True)
        links.filter(pk=link_id).update(revoked_at=timezone.now())
        messages.success(request, "The preview link no longer works.")
        return self._back_to(item)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self._item(request, object_id)
        context = {}
        if item is not None:
            links = PreviewLink.objects.valid().filter(
                target_type=ContentType.objects.get_for_model(item), target_id=item.pk
            )
            context = {
                "preview_links": [(link, f"{settings.SITE_URL}{link.get_absolute_url()}") for link in links],
                "may_share_preview": not item.is_public and self.has_change_permission(request, item),
            }
        return super().change_view(request, object_id, form_url, {**context, **(extra_context or {})})
