"""Helpers shared by the browser tests."""

from django.conf import settings


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/{settings.ADMIN_URL}login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your practice").wait_for()
