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
    """The absolute URL of this page, with `?page=N` only on a later page of a paginated list.

    The number comes from the list's page (`page_obj`), never from the query string: a page that does
    not paginate ignores `?page=7`, and is cached once for every query (core.page_cache).
    """
    request = context["request"]
    # Not build_absolute_uri(request.path): it reads a path such as "//other.example/" as another host.
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    page = context.get("page_obj")
    return f"{url}?page={page.number}" if page is not None and page.number > 1 else url


@register.filter
def iso_seconds(moment):
    """ISO 8601 in the practice's time zone, to the second (what Open Graph and schema.org expect)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_ld(data):
    """A <script type=\"application/ld+json\"> that no text inside it can end early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
