"""The Inbox part of the admin's first page (core.desk): new consultation requests, for those who may read them."""

from django.urls import reverse

from contact.models import ConsultationRequest
from core.desk import DeskLine, DeskNote


def inbox_note(request):
    if not request.user.has_perm("contact.view_consultationrequest"):
        return None
    new = ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW).count()
    inbox = reverse("admin:contact_consultationrequest_changelist")
    if new == 0:
        return DeskNote("Inbox", [DeskLine("No new consultation requests", inbox)])
    words = "1 new consultation request" if new == 1 else f"{new} new consultation requests"
    return DeskNote("Inbox", [DeskLine(words, f"{inbox}?status__exact=new")])
