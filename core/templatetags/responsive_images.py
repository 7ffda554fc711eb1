from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def responsive_image(renditions, alt, sizes="100vw", eager=False, css_class=""):
    """A <picture> with WebP and fallback srcsets, explicit size, and lazy loading unless `eager`.

    `renditions` is what core.imaging.save_renditions stored; the first large
    image of a page is `eager` (and fetched first), every other one lazy.
    """
    if not renditions or not renditions.get("renditions"):
        return ""
    sources = renditions["renditions"]
    largest = sources[-1]

    def srcset(key):
        return format_html_join(", ", "{} {}w", ((default_storage.url(r[key]), r["width"]) for r in sources))

    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async" {}{}></picture>',
        srcset("webp"),
        sizes,
        default_storage.url(largest["fallback"]),
        srcset("fallback"),
        sizes,
        largest["width"],
        largest["height"],
        alt,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.simple_tag(takes_context=True)
def absolute_image_url(context, renditions):
    """The largest fallback rendition as an absolute URL, for og:image."""
    if not renditions or not renditions.get("renditions"):
        return ""
    return context["request"].build_absolute_uri(default_storage.url(renditions["renditions"][-1]["fallback"]))
