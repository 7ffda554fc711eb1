import time

from django import forms
from django.core import signing

from pages.models import ConsultationRequest

MINIMUM_FILL_SECONDS = 3
FORM_MAX_AGE_SECONDS = 24 * 60 * 60
_SALT = "pages.contact.started"

ACKNOWLEDGEMENT = "This form is not for emergencies, and I will not include clinical details here."


class SpamSuspected(Exception):
    """Raised for a submission that looks automated; the visitor gets a polite, general message."""


def form_started_token():
    return signing.dumps(time.time(), salt=_SALT)


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
        error_messages = {
            "message": {
                "max_length": "Please keep your message to %(limit_value)d characters (it has %(show_value)d).",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["started"] = form_started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == ConsultationRequest.ContactMethod.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Please add a phone number, or choose email as the way to reach you.")
        return cleaned

    def spam_check(self):
        """Raise SpamSuspected for a filled honeypot or a form sent too fast (or with a forged timer)."""
        if self.data.get("website"):
            raise SpamSuspected("honeypot filled")
        try:
            started = signing.loads(self.data.get("started", ""), salt=_SALT, max_age=FORM_MAX_AGE_SECONDS)
        except signing.BadSignature as error:
            raise SpamSuspected("missing, forged or expired form timer") from error
        if time.time() - float(started) < MINIMUM_FILL_SECONDS:
            raise SpamSuspected("sent too fast")
