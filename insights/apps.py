from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Counts of what readers read and what led to requests, kept on the site's own server (docs/insights.md)."""

    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from core import backup, desk, slots
        from insights import counting, retention  # noqa: F401 (registers its daily jobs)
        from insights.desk import insights_note
        from insights.models import MonthlyPageViews, PageViews, RequestsAfterArticle, SearchTerm

        slots.fill_slot("contact_form", "insights/article_read_before.html")
        desk.add_note(insights_note)
        backup.register_backup(PageViews, MonthlyPageViews, RequestsAfterArticle)
        # What someone typed, even below the 5 searches the page shows: only in a backup that asks for it.
        backup.register_backup(SearchTerm, personal=True)
        counting.start()
