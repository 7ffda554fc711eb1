from django.http import HttpResponsePermanentRedirect

from pages.models import MovedPath


class MovedPathRedirectMiddleware:
    """Answer a 404 with a 301 when the address belonged to something that has moved.

    Like django.contrib.redirects' fallback middleware, but without the sites
    framework, and fed automatically when a slug changes (pages.signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        moved = MovedPath.objects.filter(old_path=request.path).values_list("new_path", flat=True).first()
        if moved is None:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{moved}?{query}" if query else moved)
