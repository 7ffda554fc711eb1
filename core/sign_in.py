"""Admin sign-in throttling.

Guessing is slowed in two ways, each for 15 minutes after 5 failures within a 15-minute window:

- from one address: further attempts from that address are refused, for every username;
- for one username: further attempts for it are refused — but only from browsers that
  have never signed in to it. A browser that signed in successfully before carries a
  signed "known browser" cookie (until the password changes) and is not stopped by
  failures made elsewhere, so an attacker who knows the login name cannot lock its
  owner out (OWASP's "device cookie").

Refused attempts are refused even with the right password, with a message that says so.
Counts live in the cache, so with Redis every process and server shares them.
"""

from hashlib import sha256

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare

from core.throttling import client_ip, count, uncount

FAILURE_LIMIT = 5
WINDOW_SECONDS = 15 * 60
KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_SALT = "practice-site.known-browser"
KNOWN_BROWSER_SECONDS = 365 * 24 * 60 * 60
LOCKED_MESSAGE = (
    "Too many unsuccessful sign-in attempts. To protect your account, signing in is paused for 15 minutes. "
    "Please try again after that."
)


def _username_digest(username):
    return sha256(username.strip().lower().encode()).hexdigest()


def _browser_mark(user):
    """Names the account without saying its login name, and lapses when its password changes."""
    return sha256(f"{user.get_username()}\n{user.get_session_auth_hash()}".encode()).hexdigest()


def _is_known_browser(request, username):
    known = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE, default=None, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_SECONDS
    )
    if known is None:
        return False
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    return user is not None and constant_time_compare(known, _browser_mark(user))


def remember_browser(response, user):
    """After a successful sign-in: this browser is known for this account, until its password changes."""
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        _browser_mark(user),
        salt=KNOWN_BROWSER_SALT,
        max_age=KNOWN_BROWSER_SECONDS,
        path=f"/{settings.ADMIN_URL}",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _failure_keys(request, username):
    """The counters an attempt is judged by: always its address; its username unless the browser is known."""
    keys = [f"sign-in-failures:address:{client_ip(request)}"]
    if not _is_known_browser(request, username):
        keys.append(f"sign-in-failures:user:{_username_digest(username)}")
    return keys


def is_locked(request, username):
    return any(cache.get(f"{key}:locked") for key in _failure_keys(request, username))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Each attempt is counted before its password is checked, with the cache's atomic increment.

    Counting only after a failure let attempts made at the same moment all be checked before any was
    counted (40 at once: 6 checked against a limit of 5). Now the sixth is refused whatever its timing;
    an attempt that succeeds is taken off the count again.
    """

    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": LOCKED_MESSAGE}

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_locked(self.request, username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        keys = _failure_keys(self.request, username)
        attempts = {key: count(key, WINDOW_SECONDS) for key in keys}
        if any(number > FAILURE_LIMIT for number in attempts.values()):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            for key in keys:
                if attempts[key] >= FAILURE_LIMIT:
                    cache.set(f"{key}:locked", True, WINDOW_SECONDS)
            raise
        for key in keys:
            uncount(key, WINDOW_SECONDS)
        return cleaned
