from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Practice pages"

    def ready(self):
        from blog.models import Post
        from pages import signals
        from pages.models import Page, PracticeProfile, Service

        signals.connect(
            models_with_addresses=[Post, Service, Page],
            models_in_site_context=[Page, PracticeProfile],
            models_with_images=[(Post, "featured_image"), (PracticeProfile, "portrait")],
        )
