"""The confirmation link's token: signed, naming one address, valid for a week.

It carries the subscriber's number, a keyed digest of the address's own random
token (never the token: that token is the permanent unsubscribe link, and a signed
value is only signed, not secret) and when it was made. A link made before the
reader last unsubscribed no longer confirms: confirming again needs a new request.
"""

from datetime import UTC, datetime

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRMATION_DAYS = 7
_SALT = "subscriptions.confirm"


class InvalidLink(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _reader_check(subscriber):
    return salted_hmac(_SALT, subscriber.token, algorithm="sha256").hexdigest()[:32]


def confirmation_token(subscriber):
    return signing.dumps({"reader": subscriber.pk, "check": _reader_check(subscriber)}, salt=_SALT, compress=True)


def subscriber_for_confirmation(value, subscribers):
    """The Subscriber this confirmation link is for, or InvalidLink saying why not."""
    try:
        payload = signing.loads(value, salt=_SALT, max_age=CONFIRMATION_DAYS * 24 * 3600)
        # Verified: "payload:timestamp:signature".
        made_at = datetime.fromtimestamp(signing.b62_decode(value.rsplit(":", 2)[-2]), UTC)
    except signing.SignatureExpired as error:
        raise InvalidLink(
            f"This confirmation link is more than {CONFIRMATION_DAYS} days old. Please ask again with the form."
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink("This link is not complete or not valid. Please ask again with the form.") from error
    reader = payload.get("reader") if isinstance(payload, dict) else None
    subscriber = subscribers.filter(pk=reader).first() if isinstance(reader, int) else None
    if subscriber is not None and not constant_time_compare(payload.get("check", ""), _reader_check(subscriber)):
        subscriber = None
    if subscriber is None or (subscriber.unsubscribed_at and made_at < subscriber.unsubscribed_at):
        raise InvalidLink("This link no longer works. Please ask again with the form.")
    return subscriber
