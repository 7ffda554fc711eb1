"""In a real browser: a visitor finds a service, asks for a consultation, and the therapist reads it."""

import pytest
from django.conf import settings

from contact.forms import ACKNOWLEDGEMENT
from contact.models import ConsultationRequest
from pages.models import PracticeProfile, Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_requests_a_consultation_and_it_reaches_the_admin_inbox(
    live_server, new_page, django_user_model, sign_in
):
    PracticeProfile(practice_name="Quiet Room Therapy", email="sam@quietroom.example").save()
    Service.objects.create(title="Couples therapy", slug="couples-therapy", excerpt="For partners.")
    django_user_model.objects.create_superuser(username="therapist-admin", password="calm-and-steady-42")

    visitor = new_page()
    visitor.goto(live_server.url)
    visitor.get_by_role("link", name="Couples therapy").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Couples therapy"
    visitor.get_by_role("link", name="Request a consultation").first.click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Request a consultation"

    visitor.get_by_label("Your name").fill("Alex Doe")
    visitor.get_by_label("Email address").fill("alex@example.com")
    visitor.get_by_role("radio", name="Email").check()
    visitor.get_by_label("Message").fill("Weekday evenings suit us best.")
    visitor.get_by_label(ACKNOWLEDGEMENT).check()
    visitor.get_by_role("button", name="Send request").click()

    assert "your request has been received" in visitor.get_by_role("heading", level=1).inner_text()
    visitor.reload()
    assert ConsultationRequest.objects.count() == 1

    therapist = new_page()
    sign_in(therapist, live_server.url, "therapist-admin", "calm-and-steady-42")
    therapist.goto(f"{live_server.url}/{settings.ADMIN_URL}contact/consultationrequest/")
    assert therapist.locator("td.field-name", has_text="Alex Doe").count() == 1
    therapist.locator("th.field-received_at a").click()
    therapist.get_by_text("Weekday evenings suit us best.").wait_for()
