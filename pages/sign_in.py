"""Admin sign-in throttling, and the visitor's address it (and the contact form's limit) counts by.

After 5 failed sign-ins for one username, or from one address, within 15
minutes, further attempts for that username or from that address are refused
for 15 minutes — even with the right password — with a message that says so.
Counts live in the cache, so with Redis every process and server shares them.
"""

from hashlib import sha256

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

FAILURE_LIMIT = 5
WINDOW_SECONDS = 15 * 60
LOCKED_MESSAGE = (
    "Too many unsuccessful sign-in attempts. To protect your account, signing in is paused for 15 minutes. "
    "Please try again after that."
)


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or with DJANGO_TRUSTED_PROXY_COUNT set, what the proxies recorded."""
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [address.strip() for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "unknown")


def _failure_keys(request, username):
    user = sha256(username.strip().lower().encode()).hexdigest()
    return [f"sign-in-failures:user:{user}", f"sign-in-failures:address:{client_ip(request)}"]


def is_locked(request, username):
    return any(cache.get(f"{key}:locked") for key in _failure_keys(request, username))


def record_failure(request, username):
    for key in _failure_keys(request, username):
        if cache.add(key, 1, WINDOW_SECONDS):
            failures = 1
        else:
            try:
                failures = cache.incr(key)
            except ValueError:  # the window closed between the two calls
                failures = 1
                cache.add(key, 1, WINDOW_SECONDS)
        if failures >= FAILURE_LIMIT:
            cache.set(f"{key}:locked", True, WINDOW_SECONDS)


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": LOCKED_MESSAGE}

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_locked(self.request, username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            record_failure(self.request, username)
            raise
