from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Practice pages"

    def ready(self):
        from blog.models import Post, Topic
        from pages import signals
        from pages.models import Page, PracticeProfile, Service

        signals.connect(
            models_with_addresses=[Post, Service, Page],
            content_models=[Post, Topic, Service, Page, PracticeProfile],
            content_relations=[Post.topics.through],
            models_with_images=[(Post, "featured_image"), (PracticeProfile, "portrait")],
        )
