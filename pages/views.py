import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.http import HttpResponse, HttpResponseServerError, QueryDict
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.static import serve

from blog.views import public_post_cards
from pages.forms import ConsultationRequestForm, SpamSuspected, form_started_token
from pages.models import ConsultationRequest, Page, PracticeProfile, Service
from pages.sign_in import client_ip

logger = logging.getLogger(__name__)

HOME_LATEST_POSTS = 3
REQUESTS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60

RATE_LIMITED_MESSAGE = (
    "You have already sent several requests in the last hour, so we can’t accept another one right now. "
    "Your earlier requests have reached us. If something is urgent, please phone instead."
)
SPAM_MESSAGE = (
    "Sorry — we couldn’t send that. Please check your details and press “Send request” again. "
    "If the problem continues, please phone or email instead."
)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_posts=public_post_cards()[:HOME_LATEST_POSTS],
            services=Service.objects.active().defer("body"),
            **kwargs,
        )


class ServiceListView(ListView):
    template_name = "pages/service_list.html"
    context_object_name = "services"
    queryset = Service.objects.active().defer("body")


class ServiceDetailView(DetailView):
    template_name = "pages/service_detail.html"
    context_object_name = "service"
    queryset = Service.objects.active()


class PageDetailView(DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"
    queryset = Page.objects.published()


def _rate_key(request):
    return f"pages:contact-rate:{client_ip(request)}"


def notify_therapist(consultation_request, request):
    """Announce a stored request by email — never with its message or phone number.

    A failure is logged and recorded on the request; the visitor never sees it.
    """
    recipient = PracticeProfile.load().email
    if not recipient:
        logger.warning("Consultation request %s stored; no practice email to notify.", consultation_request.pk)
        return
    change_url = reverse(f"{admin.site.name}:pages_consultationrequest_change", args=[consultation_request.pk])
    try:
        send_mail(
            "New consultation request",
            f"New consultation request — read it in the admin:\n{request.build_absolute_uri(change_url)}\n",
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
        if cache.get(_rate_key(request), 0) >= REQUESTS_PER_HOUR:
            return self.refuse(form, RATE_LIMITED_MESSAGE, status=429)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            form.spam_check()
        except SpamSuspected as suspicion:
            logger.info("Consultation request refused: %s.", suspicion)
            return self.refuse(form, SPAM_MESSAGE, status=400)
        return self.form_valid(form)

    def refuse(self, form, message, status):
        """Show the form again, with what the visitor typed and a fresh timer, and save nothing."""
        data = QueryDict(mutable=True)
        data.update(form.data)
        data["started"] = form_started_token()
        data["website"] = ""
        retry = self.get_form_class()(data=data)
        return self.render_to_response(self.get_context_data(form=retry, refusal=message), status=status)

    def form_valid(self, form):
        with transaction.atomic():
            consultation_request = form.save()
        if not cache.add(_rate_key(self.request), 1, RATE_WINDOW_SECONDS):
            cache.incr(_rate_key(self.request))
        notify_therapist(consultation_request, self.request)
        return redirect("pages:contact_thanks")


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Liveness for a load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database is unreachable.")
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page — or, when the database is what failed, a 503 that says the site will be back shortly.

    Cached pages keep being served meanwhile (pages.page_cache), and the next
    request after the database returns is answered normally: Django reconnects
    on its own, with no restart.
    """
    if isinstance(sys.exc_info()[1], (DatabaseError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def serve_media(request, path):
    """Uploaded images, when no web server or object storage serves them (settings.SERVE_MEDIA)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


class ContactThanksView(TemplateView):
    template_name = "pages/contact_thanks.html"
