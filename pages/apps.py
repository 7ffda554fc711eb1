from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Practice pages"

    def ready(self):
        """Tell the site-wide parts (core) about the practice's pages; create the roles on migrate."""
        from django.db.models.signals import post_migrate

        from core import backup, desk, page_cache, previews, redirects, richtext, site, slots
        from pages.context_processors import practice_facts
        from pages.models import CrisisLines, FeesAndInsurance, License, Page, PracticeProfile, Service, Specialty
        from pages.roles import create_roles
        from pages.views import PageDetailView, ServiceDetailView

        page_cache.track_content_changes(
            Service, Page, PracticeProfile, CrisisLines, FeesAndInsurance, License, Specialty
        )
        for model, view in ((Service, ServiceDetailView), (Page, PageDetailView)):
            redirects.track_address_changes(model)
            richtext.register_rich_text(model)
            previews.register_preview(model, view)
        richtext.register_rich_text(PracticeProfile, fields=("referral_note",))
        site.provide_site_facts(practice_facts)
        slots.fill_slot("after_article", "pages/after_article.html")
        backup.register_backup(PracticeProfile, CrisisLines, FeesAndInsurance, singleton=True)
        desk.place("Practice", PracticeProfile, Service, Page)
        backup.register_backup(License, Specialty, Service, Page)
        backup.field_renamed(Service, "is_active", "is_published")  # in exports made before they had one name
        backup.field_renamed(Service, "summary", "excerpt")
        backup.field_renamed(Page, "body_summary", "summary")
        post_migrate.connect(create_roles, sender=self, dispatch_uid="pages-roles")
