from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the site shares. It imports none of them: they register with it (docs/architecture.md)."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import uploads  # noqa: F401 (registers its daily job)
        from core.maintenance import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="core-daily-maintenance")
