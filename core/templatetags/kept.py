"""`{% kept "name" value … %}…{% endkept %}`: a part of a page rendered once per content change.

The header, the footer and an article's card are the same on every page until content is saved or the
next scheduled post appears or ends; rendering them anew cost more than everything else on a list page.
The part is kept by `core.page_cache.kept_until_change`, so it follows the whole-page rule: filed under
the content version, never kept past the next scheduled change.

What else the part shows must be named after its name — the values that differ from one request to
another (the menu's current item, the date, which article): they are part of the key. A condition after
`if` limits keeping to what every visitor sees (`{% kept "article" post.pk if post.is_public %}`: a
staff preview is rendered every time). With DEBUG on the part is rendered every time, so that an edited
template shows at once.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from core.page_cache import kept_until_change

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name, values, condition, nodelist):
        self.name = name
        self.values = values
        self.condition = condition
        self.nodelist = nodelist

    def render(self, context):
        if settings.DEBUG or (self.condition is not None and not self.condition.resolve(context)):
            return self.nodelist.render(context)
        key = repr(tuple(_plain(value.resolve(context)) for value in (self.name, *self.values)))
        return mark_safe(kept_until_change(f"fragment:{key}", lambda: str(self.nodelist.render(context))))


def _plain(value):
    """A value whose repr says all of it: an object's repr (`<Post: Title>`) would mix two articles up."""
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, _plain(item)) for key, item in value.items())
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"{{% kept %}} is keyed by plain values (text, numbers, lists of them), not {type(value).__name__}")


@register.tag
def kept(parser, token):
    bits = token.split_contents()[1:]
    condition = None
    if "if" in bits:
        at = bits.index("if")
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError("{% kept %} takes one value after `if`")
        bits, condition = bits[:at], parser.compile_filter(bits[-1])
    if not bits:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    name, *values = (parser.compile_filter(bit) for bit in bits)
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(name, values, condition, nodelist)
