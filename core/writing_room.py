"""The admin's writing room for posts, pages and services: the page made for writing, and never losing a word.

The change form (templates/admin/writing_room/change_form.html) puts the title and the
editor first, at the article's width, and loads static/js/writing-room.js, which
keeps unsaved title, text and summary in this browser only (localStorage, per item and
per user) and offers them back after a closed tab, a crash or an expired session;
warns before leaving unsaved changes; counts words and reading time; and shows how a
search engine will present the page, with counters.
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
        context["writing_room"] = {
            "user": request.user.pk,
            "model": self.opts.label_lower,
            "object": obj.pk if obj else "",
            "site_url": settings.SITE_URL,
            "site_name": site_facts().name,
            "address_prefix": self.public_address_prefix,
            "summary_field": self.summary_field or "",
        }
        return super().render_change_form(request, context, add, change, form_url, obj)
