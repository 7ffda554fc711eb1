"""Site-wide answers: health check, robots.txt and the error pages."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from core.site import site_facts

logger = logging.getLogger(__name__)


def robots_txt(request):
    # No "Disallow" for the admin: it needs a sign-in anyway, and robots.txt would tell everyone where it is.
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bench_floor(request):
    """The fastest answer Django gives through this site's middleware (`make bench` measures pages against
    it; mounted only with DJANGO_BENCH_FLOOR)."""
    return HttpResponse(b"floor", content_type="text/plain")


@never_cache
def healthz(request):
    """Liveness for a load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, InterfaceError):
        logger.exception("Health check: the database is unreachable.")
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _error_page(template, status):
    return HttpResponse(loader.render_to_string(template, {"site": site_facts()}), status=status)


def not_found(request):
    """The site's own 404 page, in every mode: a link that stopped working (a revoked preview) is a visitor's
    dead end, never Django's debugging page, even on the therapist's own computer."""
    response = render(request, "404.html", status=404)
    add_never_cache_headers(response)
    return response


def bad_request(request, exception):
    return _error_page("400.html", 400)


def permission_denied(request, exception):
    return _error_page("403.html", 403)


def csrf_failure(request, reason=""):
    return _error_page("403_csrf.html", 403)


def server_error(request):
    """The 500 page — or, when the database is what failed, a 503 that says the site will be back shortly.

    Cached pages keep being served meanwhile (core.page_cache), and the next
    request after the database returns is answered normally: Django reconnects
    on its own, with no restart.
    """
    if isinstance(sys.exc_info()[1], (DatabaseError, InterfaceError)):
        response = _error_page("503.html", 503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
    return _error_page("500.html", 500)
