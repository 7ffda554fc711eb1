from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from core.models import MovedPath


class MovedPathRedirectMiddleware:
    """Answer a 404 with a 301 when the address belonged to something that has moved.

    Like django.contrib.redirects' fallback middleware, but without the sites
    framework, and fed automatically when a slug changes (core.redirects).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No stored address holds a NUL character, and PostgreSQL refuses to compare with one.
        if response.status_code != 404 or request.method not in ("GET", "HEAD") or "\x00" in request.path:
            return response
        moved = MovedPath.objects.filter(old_path=request.path).first()
        if moved is None or not moved.leads_somewhere_public:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{moved.new_path}?{query}" if query else moved.new_path)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, plus a Permissions-Policy; the admin and its editor get their own, wider, policy."""

    EDITOR_PREFIXES = (f"/{settings.ADMIN_URL}", "/ckeditor/")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or not request.path.startswith(self.EDITOR_PREFIXES):
            return parts
        return PolicyParts(settings.ADMIN_CSP_DIRECTIVES, None, None, parts.nonce)

    def process_response(self, request, response):
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return super().process_response(request, response)
