"""The practice described to search engines (schema.org JSON-LD on the home page)."""

from django import template
from django.urls import reverse

from core.templatetags.site_meta import json_ld

register = template.Library()


def _price_range(services):
    fees = sorted(service.fee for service in services if service.fee is not None)
    if not fees:
        return None
    low, high = (f"${fee:,.0f}" for fee in (fees[0], fees[-1]))
    return low if low == high else f"{low}–{high}"


def _practice_entity(practice, request, services=()):
    """The practice for search engines: schema.org's ProfessionalService, as a MedicalOrganization for
    `isAcceptingNewPatients`, with its licenses as credentials and where it may see clients."""
    entity = {
        "@type": ["ProfessionalService", "MedicalOrganization"],
        "name": practice.practice_name,
        "url": request.build_absolute_uri(reverse("pages:home")),
        "isAcceptingNewPatients": practice.availability == practice.Availability.ACCEPTING,
    }
    if practice.tagline:
        entity["description"] = practice.tagline
    if practice.phone:
        entity["telephone"] = practice.phone
    if practice.email:
        entity["email"] = practice.email
    if practice.address and not practice.is_telehealth_only:
        entity["address"] = {"@type": "PostalAddress", "streetAddress": " ".join(practice.address.split())}
    areas = [{"@type": "AdministrativeArea", "name": license.jurisdiction} for license in practice.current_licenses]
    if practice.areas_served:
        areas.append({"@type": "Place", "name": practice.areas_served})
    if areas:
        entity["areaServed"] = areas
    if practice.current_licenses:
        entity["hasCredential"] = [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": license.kind,
                "recognizedBy": {"@type": "AdministrativeArea", "name": license.jurisdiction},
                **({"identifier": license.number} if license.number else {}),
                **({"expires": license.expires_on.isoformat()} if license.expires_on else {}),
            }
            for license in practice.current_licenses
        ]
    if practice.specialty_list:
        entity["knowsAbout"] = [specialty.name for specialty in practice.specialty_list]
    price_range = _price_range(services)
    if price_range:
        entity["priceRange"] = price_range
    if practice.fees.payment_methods:
        entity["paymentAccepted"] = practice.fees.payment_methods
    if practice.portrait:
        entity["image"] = request.build_absolute_uri(practice.portrait.url)
    return entity


@register.simple_tag(takes_context=True)
def practice_json_ld(context):
    entity = _practice_entity(context["practice"], context["request"], context.get("services", ()))
    return json_ld({"@context": "https://schema.org", **entity})
