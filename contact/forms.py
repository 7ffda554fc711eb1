"""The consultation request form: only what is needed to reply, and the checks that keep spam out."""

import re
import time
from hashlib import sha256

from django import forms
from django.core import signing
from django.core.cache import cache

from contact.models import ConsultationRequest

FORM_MAX_AGE_SECONDS = 24 * 60 * 60
_SALT = "pages.contact.started"  # as when the form lived in pages: forms already open stay valid

ACKNOWLEDGEMENT = "This form is not for emergencies, and I will not include clinical details here."

# What people really write: digits, spaces, + - ( ) . and an extension ("ext. 12", "x12").
PHONE_NUMBER = re.compile(r"\+?[\d\s().\-]+(\s*(ext\.?|extension|x)\s*\d{1,6})?", re.IGNORECASE)
PHONE_MESSAGE = (
    "Please enter a phone number with digits, spaces and + - ( ) . only, for example +1 (555) 014-7000 ext. 12."
)

UNREADABLE_FORM_MESSAGE = (
    "Sorry — we couldn’t send that. Please reload the page and send the form again. "
    "If the problem continues, please phone or email instead."
)
EXPIRED_FORM_MESSAGE = (
    "This page was opened more than a day ago, so the form had expired. Nothing was sent yet: "
    "please check your details and press “Send request” again."
)


class SpamSuspected(Exception):
    """A submission that a person could not have made, with the honest message to show (people never see it)."""

    def __init__(self, reason, message=UNREADABLE_FORM_MESSAGE):
        super().__init__(reason)
        self.message = message


def validate_phone(value):
    digits = sum(character.isdigit() for character in value)
    if not PHONE_NUMBER.fullmatch(value.strip()) or not 5 <= digits <= 20:
        raise forms.ValidationError(PHONE_MESSAGE, code="invalid_phone")


def form_started_token():
    return signing.dumps(time.time(), salt=_SALT)


def _sent_key(token):
    return f"contact:form-sent:{sha256(token.encode()).hexdigest()}"


class ConsultationRequestForm(forms.ModelForm):
    acknowledgement = forms.BooleanField(
        label=ACKNOWLEDGEMENT,
        error_messages={"required": "Please confirm that this is not an emergency and contains no clinical details."},
    )
    # Honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(required=False, label="Leave this field empty")
    started = forms.CharField(widget=forms.HiddenInput, required=False)  # judged by spam_check

    class Meta:
        model = ConsultationRequest
        fields = ["name", "email", "phone", "preferred_contact", "message"]
        labels = {"name": "Your name", "email": "Email address", "phone": "Phone (optional)"}
        help_texts = {
            "message": "A few words about what kind of help you are looking for and when you are available. "
            "Please don’t include clinical details or history — we can talk about those in person.",
        }
        widgets = {
            "preferred_contact": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": ConsultationRequest.MESSAGE_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        # Each message names its field, so the error summary can list messages alone.
        error_messages = {
            "name": {"required": "Please tell us your name."},
            "email": {
                "required": "Please enter your email address.",
                "invalid": "Please enter an email address like name@example.com.",
            },
            "preferred_contact": {"required": "Please choose how you would like us to reach you."},
            "message": {
                "required": "Please write a few words about what you are looking for.",
                "max_length": "Please keep your message to %(limit_value)d characters (it has %(show_value)d).",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["phone"].validators.append(validate_phone)
        if not self.is_bound:
            self.initial["started"] = form_started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == ConsultationRequest.ContactMethod.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Please add a phone number, or choose email as the way to reach you.")
        return cleaned

    def spam_check(self):
        """Raise SpamSuspected for a filled honeypot, a missing or forged timer, or an expired one.

        How fast the form was filled in is not judged: a browser's autofill is
        fast, and a real person must never be refused for being quick.
        """
        if self.data.get("website"):
            raise SpamSuspected("honeypot filled")
        try:
            signing.loads(self.data.get("started", ""), salt=_SALT, max_age=FORM_MAX_AGE_SECONDS)
        except signing.SignatureExpired as error:
            raise SpamSuspected("expired form timer", EXPIRED_FORM_MESSAGE) from error
        except signing.BadSignature as error:
            raise SpamSuspected("missing or forged form timer") from error

    def use_once(self):
        """Each copy of the form sends one request: False if this copy's timer was used before (a replay).

        Claimed in one step, so two copies sent at once cannot both pass. With the cache unavailable
        nothing can be remembered, and the request is let through rather than refused.
        """
        key = _sent_key(self.data.get("started", ""))
        return cache.add(key, True, FORM_MAX_AGE_SECONDS) or not cache.get(key)
