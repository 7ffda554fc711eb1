from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the site shares. It imports none of them: they register with it (docs/architecture.md)."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import desk, editor, uploads  # noqa: F401 (register the editor's system check, the uploads' daily job)
        from core.backup import leave_out_of_backups, register_backup
        from core.imaging import delete_files_with_items
        from core.maintenance import schedule_after_migrate
        from core.models import MovedPath, PreviewLink
        from core.saving import models_with_images

        for model in models_with_images():
            delete_files_with_items(model)
        desk.add_note(desk.background_work_note)
        register_backup(MovedPath)
        leave_out_of_backups(PreviewLink, "a shared preview link expires within days: share a new one after moving")

        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="core-daily-maintenance")
