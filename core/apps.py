from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the site shares. It imports none of them: they register with it (docs/architecture.md)."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import editor, uploads  # noqa: F401 (register the editor's system check, the uploads' daily job)
        from core.backup import leave_out_of_backups, register_backup
        from core.maintenance import schedule_after_migrate
        from core.models import MovedPath, PreviewLink

        register_backup(MovedPath)
        leave_out_of_backups(PreviewLink, "a shared preview link expires within days: share a new one after moving")

        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="core-daily-maintenance")
