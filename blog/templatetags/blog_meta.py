"""An article described to search engines (schema.org BlogPosting JSON-LD)."""

from django import template

from core.site import site_facts
from core.templatetags.site_meta import iso_seconds, json_ld

register = template.Library()


def _author_entity(post, practice_name, context):
    """The author by the name readers see; the practice when no name is known — never a login name."""
    if not post.author_name:
        return {"@type": "Organization", "name": practice_name}
    author = {"@type": "Person", "name": post.author_name}
    profile = post.author_profile
    if profile and profile.credentials:
        author["honorificSuffix"] = profile.credentials
    if context.get("about_url"):
        author["url"] = context["request"].build_absolute_uri(context["about_url"])
    return author


@register.simple_tag(takes_context=True)
def post_json_ld(context, post):
    request = context["request"]
    url = request.build_absolute_uri(post.get_absolute_url())
    practice_name = site_facts().name
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.description,
        "datePublished": iso_seconds(post.published_at),
        "dateModified": iso_seconds(post.modified_at),
        "author": _author_entity(post, practice_name, context),
        "publisher": {"@type": "Organization", "name": practice_name},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    return json_ld(data)
