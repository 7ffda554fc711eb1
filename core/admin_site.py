"""The admin site: the practice's name, the desk (core.desk), and the sign-in that throttles guessing
without locking out the owner."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from core import desk
from core.sign_in import ThrottledAdminAuthenticationForm, remember_browser
from core.site import site_facts


class PracticeAdminSite(admin.AdminSite):
    index_title = "Today"
    login_form = ThrottledAdminAuthenticationForm

    def each_context(self, request):
        """The header names the practice (until the profile names it: “Practice website”)."""
        context = super().each_context(request)
        context["site_header"] = context["site_title"] = site_facts().name or "Practice website"
        return context

    def get_app_list(self, request, app_label=None):
        """The sections by what the therapist does (core.desk), not by the apps' names; one app's page as is."""
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else desk.grouped(app_list, request.user)

    def index(self, request, extra_context=None):
        return super().index(request, {"desk_notes": desk.notes(request), **(extra_context or {})})

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated and response.status_code == 302:
            remember_browser(response, request.user)
        return response

    def logout(self, request, extra_context=None):
        """Signing out also clears what the writing room kept in this browser (a shared computer)."""
        response = super().logout(request, extra_context)
        response["Clear-Site-Data"] = '"storage"'
        return response


def object_id_or_404(model, object_id):
    """The item's key from an admin address; one that cannot name an item (`/post/abc/`, a NUL) is not found.

    Looked up as it is, such a key is a server error on PostgreSQL, not the 404 it should be.
    """
    try:
        return model._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        raise Http404("No such item.") from None
