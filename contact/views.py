"""The consultation request form: what it refuses, what it stores, and queueing the email that tells the practice."""

import logging

from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from contact.forms import ConsultationRequestForm, SpamSuspected, form_started_token
from contact.notification import notify_therapist
from core.throttling import client_ip, count, current_count
from pages.models import PracticeProfile

logger = logging.getLogger(__name__)

REQUESTS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60

RATE_LIMITED_MESSAGE = (
    "You have already sent several requests in the last hour, so we can’t accept another one right now. "
    "Your earlier requests have reached us. If something is urgent, please phone instead."
)
ALREADY_SENT_MESSAGE = (
    "This form was already sent, and that request has reached us. "
    "If you meant to send another one, press “Send request” again."
)


def _rate_key(request):
    return f"contact:rate:{client_ip(request)}"


@method_decorator(never_cache, name="dispatch")
class ContactView(FormView):
    """The consultation request form. Never cached: each copy carries its visitor's CSRF token."""

    template_name = "contact/contact.html"
    form_class = ConsultationRequestForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        self.availability = PracticeProfile.load().availability
        if self.availability == PracticeProfile.Availability.CLOSED:
            return self.refuse_while_closed(form)
        if current_count(_rate_key(request), RATE_WINDOW_SECONDS) >= REQUESTS_PER_HOUR:
            return self.refuse(form, RATE_LIMITED_MESSAGE, status=429)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            form.spam_check()
        except SpamSuspected as suspicion:
            logger.info("Consultation request refused: %s.", suspicion)
            return self.refuse(form, suspicion.message, status=400)
        if not form.use_once():
            return self.refuse(form, ALREADY_SENT_MESSAGE, status=409)
        # Counted before saving, in one step: requests sent at the same moment cannot all slip under the limit.
        if count(_rate_key(request), RATE_WINDOW_SECONDS) > REQUESTS_PER_HOUR:
            return self.refuse(form, RATE_LIMITED_MESSAGE, status=429)
        return self.form_valid(form)

    def refuse(self, form, message, status):
        """Show the form again, with what the visitor typed and a fresh timer, and save nothing."""
        data = QueryDict(mutable=True)
        data.update(form.data)
        data["started"] = form_started_token()
        data["website"] = ""
        retry = self.get_form_class()(data=data)
        return self.render_to_response(self.get_context_data(form=retry, refusal=message), status=status)

    def refuse_while_closed(self, form):
        """Not taking new clients: nothing is stored, and the visitor is told so, with what they wrote to keep."""
        context = self.get_context_data(
            form=form, refused_while_closed=True, unsent_message=form.data.get("message", "")
        )
        return self.render_to_response(context, status=409)

    def form_valid(self, form):
        form.instance.is_waitlist = self.availability == PracticeProfile.Availability.WAITLIST
        with transaction.atomic():
            consultation_request = form.save()
            # Queued, not sent: the visitor never waits on the mail server. Robust: the request is stored
            # whatever happens to the queueing, and the inbox shows it with "notification sent" off.
            transaction.on_commit(lambda: notify_therapist.enqueue(consultation_request.pk), robust=True)
        return redirect("contact:thanks")


class ContactThanksView(TemplateView):
    template_name = "contact/thanks.html"
