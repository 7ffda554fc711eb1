"""Every admin screen the therapist can reach opens, with demo content loaded."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from pages.models import PracticeProfile

pytestmark = pytest.mark.django_db


def test_every_list_add_and_change_screen_opens(admin_client, media_root):
    call_command("load_demo_content", verbosity=0)
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist"), follow=True).status_code == 200, prefix
        adding = admin_client.get(reverse(f"{prefix}_add"))
        expected = 200 if model_admin.has_add_permission(adding.wsgi_request) else 403
        assert adding.status_code == expected, prefix
        for pk in model.objects.values_list("pk", flat=True)[:3]:
            assert admin_client.get(reverse(f"{prefix}_change", args=[pk])).status_code == 200, (prefix, pk)


def test_the_sign_in_page_names_the_site_icon_so_browsers_do_not_ask_for_a_missing_one(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert f"<title>Log in | {PracticeProfile.load().practice_name}</title>" in page, "named after the practice"
