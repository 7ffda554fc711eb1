from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "New articles by email"

    def ready(self):
        from blog.models import Post
        from core import backup, desk, page_cache, slots
        from core.saving import item_saved
        from subscriptions import retention  # noqa: F401 (registers its daily job)
        from subscriptions.delivery import queue_email
        from subscriptions.desk import readers_note
        from subscriptions.models import Delivery, Mailing, Subscriber, SubscriptionSettings

        slots.fill_slot("after_latest_posts", "subscriptions/after_latest_posts.html")
        desk.place("Readers", Subscriber, SubscriptionSettings)
        desk.add_note(readers_note)
        page_cache.track_content_changes(SubscriptionSettings)  # its wording is on every page
        backup.register_backup(SubscriptionSettings, singleton=True)
        # A restored site knows which articles were emailed (and sends none of them again).
        backup.register_backup(Mailing)
        backup.register_backup(Subscriber, Delivery, personal=True)

        item_saved.connect(
            lambda instance, **kwargs: queue_email(instance),
            sender=Post,
            weak=False,
            dispatch_uid="subscriptions.queue_email",
        )
