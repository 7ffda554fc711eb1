"""The admin's writing room for posts, pages and services: the page made for writing, and never losing a word.

The change form (templates/admin/writing_room/change_form.html) puts the title and the
editor first, at the article's width, and loads static/js/writing-room.js, which
keeps unsaved title, text and summary in this browser only (localStorage, per item and
per user) and offers them back after a closed tab, a crash or an expired session;
warns before leaving a form with any field changed; counts words and reading time; and
shows how a search engine will present the page, with counters.

A copy lives only as long as the server lacks its writing. Sending the form marks it as
sent; the page that follows decides: the admin's “… was added/changed successfully”
naming its title, or the saved item showing the same text, ends it; a form sent back with
something to correct (`unsaved` below) keeps it. The page tells the script which saved
version it shows (`version`, `saved_at`), so that a copy older than a later save is not
offered over it.
"""

from django.conf import settings

from core.site import site_facts


class WritingRoomAdminMixin:
    """For a ModelAdmin of written items: `public_address_prefix` ("/blog/"), `summary_field` ("excerpt")."""

    change_form_template = "admin/writing_room/change_form.html"
    public_address_prefix = "/"
    summary_field = None

    class Media:
        css = {"all": ["css/writing-room.css"]}
        js = ["js/writing-room.js"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = getattr(context.get("adminform"), "form", None)
        saved_at = getattr(obj, "updated_at", None)
        context["writing_room"] = {
            "user": request.user.pk,
            "model": self.opts.label_lower,
            "object": obj.pk if obj else "",
            "site_url": settings.SITE_URL,
            "site_name": site_facts().name,
            "address_prefix": self.public_address_prefix,
            "summary_field": self.summary_field or "",
            # A bound form here is one the server sent back with a problem: none of it is saved.
            "unsaved": bool(form is not None and form.is_bound),
            "version": saved_at.isoformat() if saved_at else "",
            "saved_at": round(saved_at.timestamp() * 1000) if saved_at else "",
        }
        return super().render_change_form(request, context, add, change, form_url, obj)
