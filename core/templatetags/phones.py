from django import template

from core.phones import link_phone_numbers, phone_href

register = template.Library()


@register.filter
def tel_href(number):
    """`{{ practice.phone|tel_href }}` → tel:+15550100199"""
    return phone_href(number)


@register.filter
def link_phones(text):
    """Plain text with every phone number in it a tel: link (the crisis notice the therapist writes)."""
    return link_phone_numbers(text)
