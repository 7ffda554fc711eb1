from django import template
from django.utils.html import format_html

from insights.reading import FIELD, article_to_credit

register = template.Library()


@register.simple_tag(takes_context=True)
def article_read_before_field(context):
    """The contact form's hidden field naming the article the visitor came from (insights.reading)."""
    article = article_to_credit(context["request"])
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, article) if article else ""
