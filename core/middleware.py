from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from core.models import MovedPath


class MovedPathRedirectMiddleware:
    """Answer a 404 with a 301 when the address belonged to something that has moved.

    Like django.contrib.redirects' fallback middleware, but without the sites
    framework, and fed automatically when a slug changes (core.redirects) and
    by an import from another blog (importing.importer). An old address is
    found with or without its final slash, and WordPress's numbered addresses
    ("/?p=123", "/?page_id=4") — the home page's address with a query — too.
    """

    NUMBERED = ("p", "page_id")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        numbered = self._numbered_address(request)
        if numbered:
            moved = MovedPath.objects.filter(old_path=numbered).first()
            if moved is not None and moved.leads_somewhere_public:
                return HttpResponsePermanentRedirect(moved.new_path)
        response = self.get_response(request)
        # No stored address holds a NUL character, and PostgreSQL refuses to compare with one.
        if response.status_code != 404 or request.method not in ("GET", "HEAD") or "\x00" in request.path:
            return response
        path = request.path
        other = path.removesuffix("/") if path.endswith("/") else f"{path}/"
        moved = min(
            MovedPath.objects.filter(old_path__in=[path, other]),
            key=lambda found: found.old_path != path,  # the exact address first
            default=None,
        )
        if moved is None or not moved.leads_somewhere_public:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{moved.new_path}?{query}" if query else moved.new_path)

    def _numbered_address(self, request):
        if request.path != "/" or request.method not in ("GET", "HEAD"):
            return None
        for key in self.NUMBERED:
            value = request.GET.get(key, "")
            if value.isascii() and value.isdigit():
                return f"/?{key}={value}"
        return None


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
