from django import template
from django.utils.safestring import mark_safe

from core.slots import SLOTS

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name):
    """What the apps above registered for the slot `name` (core.slots), rendered with this page's context."""
    engine = context.template.engine
    with context.push():
        rendered = [engine.get_template(template_name).render(context) for template_name in SLOTS.get(name, ())]
    return mark_safe("".join(rendered))  # noqa: S308 (templates, rendered with autoescaping)
