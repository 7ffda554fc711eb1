from django import template
from django.utils.html import format_html

from insights.reading import FIELD, article_to_credit
from insights.rules import may_be_counted

register = template.Library()


@register.simple_tag(takes_context=True)
def article_read_before_field(context):
    """The contact form's hidden field naming the article the visitor came from (insights.reading) — for
    a visitor who may be counted only."""
    request = context["request"]
    article = article_to_credit(request) if may_be_counted(request) else ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, article) if article else ""
