"""Shared previews: /preview/<token>/ shows a draft or scheduled item as it will look, to anyone with the link.

Apps register the view that shows an item of theirs (`register_preview`), so a
preview is rendered by the item's own page and looks exactly as the published page will — with
a banner, `noindex`, and `Cache-Control: private, no-store`: never stored by the
page cache (the view is not a public page) or by a proxy. A revoked or expired
link, or one whose item is gone, answers 404; once the item is public, the link
leads to its public address.
"""

from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.models import PreviewLink
from core.views import not_found

# Model → the DetailView of its own page (found by `slug`), rendered with `preview_link=True` in its context.
_VIEWS = {}


def may_preview(user, model):
    """Who sees an item before it is public, at its own address: active staff who may change such items.

    The one rule for every app's pages (StaffPreviewMixin); anyone else gets the public answer (404).
    """
    permission = f"{model._meta.app_label}.change_{model._meta.model_name}"
    return user.is_active and user.is_staff and user.has_perm(permission)


class StaffPreviewMixin:
    """For a DetailView of items that are public only at times: the public ones (`published()`) for
    visitors, every one for those who `may_preview`, with the item's banner; a page that is not public
    is never cached."""

    def get_queryset(self):
        items = super().get_queryset()
        return items if may_preview(self.request.user, items.model) else items.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response


def register_preview(model, view_class):
    _VIEWS[model] = view_class


def can_be_previewed(item):
    return type(item) in _VIEWS


def _render(request, item):
    view = _VIEWS[type(item)](request=request, args=(), kwargs={"slug": item.slug})
    view.object = item
    return view.render_to_response(view.get_context_data(object=item, preview_link=True))


def preview(request, token):
    link = PreviewLink.objects.valid().filter(token=token).first()
    item = link.target if link else None
    if item is None or not can_be_previewed(item):
        return not_found(request)
    if item.is_public:
        return redirect(item.get_absolute_url())
    response = _render(request, item)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
