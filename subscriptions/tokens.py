"""The confirmation link's token: signed, naming one address, valid for a week.

It carries the address's own random token and when it was made. A link made
before the reader last unsubscribed no longer confirms: confirming again needs
a new request.
"""

from datetime import UTC, datetime

from django.core import signing

CONFIRMATION_DAYS = 7
_SALT = "subscriptions.confirm"


class InvalidLink(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def confirmation_token(subscriber):
    return signing.dumps({"reader": subscriber.token}, salt=_SALT, compress=True)


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
    subscriber = subscribers.filter(token=payload.get("reader") if isinstance(payload, dict) else None).first()
    if subscriber is None or (subscriber.unsubscribed_at and made_at < subscriber.unsubscribed_at):
        raise InvalidLink("This link no longer works. Please ask again with the form.")
    return subscriber
