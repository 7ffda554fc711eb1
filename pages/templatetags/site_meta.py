"""Metadata for search engines and shared links: canonical URLs and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
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


def _json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _practice_entity(practice, request):
    entity = {
        "@type": "ProfessionalService",
        "name": practice.practice_name,
        "url": request.build_absolute_uri(reverse("pages:home")),
    }
    if practice.tagline:
        entity["description"] = practice.tagline
    if practice.phone:
        entity["telephone"] = practice.phone
    if practice.email:
        entity["email"] = practice.email
    if practice.address and not practice.is_telehealth_only:
        entity["address"] = {"@type": "PostalAddress", "streetAddress": " ".join(practice.address.split())}
    if practice.areas_served:
        entity["areaServed"] = practice.areas_served
    if practice.portrait:
        entity["image"] = request.build_absolute_uri(practice.portrait.url)
    return entity


@register.simple_tag(takes_context=True)
def practice_json_ld(context):
    return _json_ld({"@context": "https://schema.org", **_practice_entity(context["practice"], context["request"])})


@register.simple_tag(takes_context=True)
def post_json_ld(context, post):
    request = context["request"]
    url = request.build_absolute_uri(post.get_absolute_url())
    practice = context["practice"]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.description,
        "datePublished": iso_seconds(post.published_at),
        "dateModified": iso_seconds(post.updated_at),
        "author": {"@type": "Person", "name": post.author.get_full_name() or post.author.get_username()},
        "publisher": {"@type": "Organization", "name": practice.practice_name},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    return _json_ld(data)
