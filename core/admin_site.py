"""The admin site: its names, and the sign-in that throttles guessing without locking out the owner."""

from django.contrib import admin

from core.sign_in import ThrottledAdminAuthenticationForm, remember_browser


class PracticeAdminSite(admin.AdminSite):
    site_header = "Practice website"
    site_title = "Practice website"
    index_title = "Your practice"
    login_form = ThrottledAdminAuthenticationForm

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
