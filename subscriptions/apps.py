from django.apps import AppConfig
from django.db.models.signals import post_save


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "New articles by email"

    def ready(self):
        from blog.models import Post
        from core import backup, slots
        from subscriptions import retention  # noqa: F401 (registers its daily job)
        from subscriptions.delivery import queue_email
        from subscriptions.models import Delivery, Mailing, Subscriber

        slots.fill_slot("after_latest_posts", "subscriptions/after_latest_posts.html")
        # A restored site knows which articles were emailed (and sends none of them again).
        backup.register_backup(Mailing)
        backup.register_backup(Subscriber, Delivery, personal=True)

        post_save.connect(
            lambda instance, raw=False, **kwargs: raw or queue_email(instance),
            sender=Post,
            weak=False,
            dispatch_uid="subscriptions.queue_email",
        )
