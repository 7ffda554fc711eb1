import logging

from django.conf import settings
from django.contrib import admin
from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView

from blog.models import Post
from core.throttling import client_ip, count, current_count
from pages.forms import ConsultationRequestForm, SpamSuspected, form_started_token
from pages.models import ConsultationRequest, Page, PracticeProfile, Service

logger = logging.getLogger(__name__)

HOME_LATEST_POSTS = 3
FEES_PAGE_SLUG = "fees"
REQUESTS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60
# New-request emails to the practice in a day: past this, requests are kept in the inbox without one,
# so that a flood of requests from many addresses cannot bury the practice's mailbox.
NOTIFICATIONS_PER_DAY = 20

RATE_LIMITED_MESSAGE = (
    "You have already sent several requests in the last hour, so we can’t accept another one right now. "
    "Your earlier requests have reached us. If something is urgent, please phone instead."
)
ALREADY_SENT_MESSAGE = (
    "This form was already sent, and that request has reached us. "
    "If you meant to send another one, press “Send request” again."
)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_posts=Post.objects.cards()[:HOME_LATEST_POSTS],
            services=Service.objects.active().defer("body"),
            **kwargs,
        )


class ServiceListView(ListView):
    template_name = "pages/service_list.html"
    context_object_name = "services"
    queryset = Service.objects.active().defer("body")


class StaffPreviewMixin:
    """Staff who may edit the item see it before it is public, with a banner; such a page is never cached."""

    public_queryset = None

    def get_queryset(self):
        model = self.public_queryset.model
        if self.request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            return model.objects.all()
        return self.public_queryset

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response


class ServiceDetailView(StaffPreviewMixin, DetailView):
    template_name = "pages/service_detail.html"
    context_object_name = "service"
    public_queryset = Service.objects.active()


class PageDetailView(StaffPreviewMixin, DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"
    public_queryset = Page.objects.published()

    def get_context_data(self, **kwargs):
        """The Fees page shows the services' fees above its own text, so the page can't drift from the data."""
        if self.object.slug == FEES_PAGE_SLUG:
            kwargs["services"] = Service.objects.active().only("title", "slug", "session_minutes", "fee")
        return super().get_context_data(**kwargs)


def _rate_key(request):
    return f"pages:contact-rate:{client_ip(request)}"


def notify_therapist(consultation_request):
    """Announce a stored request by email — never with its message or phone number.

    The link is built from the configured site address (DJANGO_SITE_URL), never
    from the request's Host header. A failure is logged and recorded on the
    request; the visitor never sees it.
    """
    recipient = PracticeProfile.load().email
    if not recipient:
        logger.warning("Consultation request %s stored; no practice email to notify.", consultation_request.pk)
        return
    if count("pages:notifications", 24 * 60 * 60) > NOTIFICATIONS_PER_DAY:
        logger.warning("Consultation request %s stored; today's email limit is reached.", consultation_request.pk)
        return
    change_url = reverse(f"{admin.site.name}:pages_consultationrequest_change", args=[consultation_request.pk])
    try:
        send_mail(
            "New consultation request",
            f"New consultation request — read it in the admin:\n{settings.SITE_URL}{change_url}\n",
            None,
            [recipient],
        )
    except Exception:
        logger.exception("Could not send the notification for consultation request %s.", consultation_request.pk)
        return
    ConsultationRequest.objects.filter(pk=consultation_request.pk).update(is_notification_sent=True)


@method_decorator(never_cache, name="dispatch")
class ContactView(FormView):
    """The consultation request form. Never cached: each copy carries its visitor's CSRF token."""

    template_name = "pages/contact.html"
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
        if not form.claim():
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
        notify_therapist(consultation_request)
        return redirect("pages:contact_thanks")


class ContactThanksView(TemplateView):
    template_name = "pages/contact_thanks.html"


def preview_renderer(view_class):
    """How a page or service is shown through a shared preview link (core.previews): by its own view."""

    def render(request, item):
        view = view_class(request=request, args=(), kwargs={"slug": item.slug})
        view.object = item
        return view.render_to_response(view.get_context_data(object=item, preview_link=True))

    return render
