from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Practice pages"

    def ready(self):
        from pages.context_processors import forget_site_context
        from pages.models import Page, PracticeProfile

        for model in (Page, PracticeProfile):
            post_save.connect(forget_site_context, sender=model, dispatch_uid=f"forget-site-context-save-{model}")
            post_delete.connect(forget_site_context, sender=model, dispatch_uid=f"forget-site-context-del-{model}")
