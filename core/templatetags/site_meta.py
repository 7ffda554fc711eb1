"""Metadata for search engines and shared links: canonical URLs, dates, and JSON-LD that stays inside its element."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the <script> element or start markup inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The absolute URL of this page, keeping only a `page` number above 1 from the query string."""
    request = context["request"]
    # Not build_absolute_uri(request.path): it reads a path such as "//other.example/" as another host.
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isascii() and page.isdigit() and int(page) > 1 else url


@register.filter
def iso_seconds(moment):
    """ISO 8601 in the practice's time zone, to the second (what Open Graph and schema.org expect)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_ld(data):
    """A <script type=\"application/ld+json\"> that no text inside it can end early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
