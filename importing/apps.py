from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "importing"
    verbose_name = "Moving in"

    def ready(self):
        from core import backup, desk
        from importing import tasks  # noqa: F401 (registers its daily job)
        from importing.models import ImportArchiveFile, ImportedImage, ImportedItem, WordPressImport

        desk.place("Moving in", WordPressImport)
        # Kept, so that importing the old blog again updates what the first import made.
        backup.register_backup(ImportedItem, ImportedImage, formerly_in="blog")
        backup.leave_out_of_backups(WordPressImport, "an uploaded export is kept only until it is imported")
        backup.leave_out_of_backups(ImportArchiveFile, "the old site's images go with their export")
