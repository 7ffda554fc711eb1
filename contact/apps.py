from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = "Inbox"

    def ready(self):
        """Tell the practice's pages where the request form is; register the inbox's nightly clean-up and backup."""
        from django.urls import reverse

        from contact import retention  # noqa: F401 (registers its daily job)
        from contact.desk import inbox_note
        from contact.models import ConsultationRequest, InboxSettings
        from core import backup, desk
        from pages import reach_out

        reach_out.register_request_form(lambda: reverse("contact:form"))
        backup.register_backup(InboxSettings, singleton=True)
        backup.register_backup(ConsultationRequest, personal=True)
        desk.place("Inbox", ConsultationRequest, InboxSettings)
        desk.add_note(inbox_note)
