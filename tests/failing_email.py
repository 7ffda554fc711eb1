from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """An email server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is unreachable")
