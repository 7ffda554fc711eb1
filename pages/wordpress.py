"""Pages of a WordPress or Squarespace export become the site's pages (registered with blog.wordpress_import)."""

from pages.models import Page, reserved_page_slugs


def save_page(item, importer, existing):
    page = existing if isinstance(existing, Page) else Page()
    page.title = importer.fitted_title(item, 120)
    page.slug = importer.slug(Page, item, reserved_page_slugs(), 120, current=page if page.pk else None)
    page.body = importer.body(item)
    page.meta_description = importer.excerpt(item)[:300]
    state = importer.schedule(item)[2]
    if state == "scheduled":
        importer.note(item, "was scheduled, but pages cannot be: it is imported unpublished — publish it when due")
    page.is_published = state == "published"
    page.save()
    return page, "published" if page.is_published else "unpublished"
