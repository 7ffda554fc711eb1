from django.apps import AppConfig
from django.db.models.signals import post_save


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "New articles by email"

    def ready(self):
        from blog.models import Post
        from subscriptions import retention  # noqa: F401 (registers its daily job)
        from subscriptions.delivery import queue_email

        post_save.connect(
            lambda instance, raw=False, **kwargs: raw or queue_email(instance),
            sender=Post,
            weak=False,
            dispatch_uid="subscriptions.queue_email",
        )
