from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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
    """django-csp's policy, plus a Permissions-Policy; the admin and its editor get their own, wider, policy.

    The site sets no nonce, no per-view policy and no report-only policy, so each of the two policies is
    the same string for every response: it is built once per process. (django-csp builds it anew for each
    response, copying the settings deeply twice: on a page served from the cache, that was about a fifth of
    the time.) A response that does carry a nonce or a policy of its own is left to django-csp.
    """

    EDITOR_PREFIXES = (f"/{settings.ADMIN_URL}", "/ckeditor/")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or not request.path.startswith(self.EDITOR_PREFIXES):
            return parts
        return PolicyParts(settings.ADMIN_CSP_DIRECTIVES, None, None, parts.nonce)

    def process_response(self, request, response):
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not self._is_plain(request, response):
            return super().process_response(request, response)
        if HEADER not in response and not (settings.DEBUG and response.status_code in (404, 500)):
            response[HEADER] = _policy(for_editor=request.path.startswith(self.EDITOR_PREFIXES))
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _is_plain(request, response):
        own = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt_ro", "_csp_config_ro",
               "_csp_update_ro", "_csp_replace_ro")
        return (
            getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in own)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        )


@cache
def _policy(for_editor):
    directives = settings.ADMIN_CSP_DIRECTIVES if for_editor else None
    return build_policy(config=directives)


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "ADMIN_CSP_DIRECTIVES", "MEDIA_URL"):
        _policy.cache_clear()
