"""What an import makes of each kind of item in the export: articles of the blog, pages of the practice.

Each kind saves one item with `save(item, importer, record)`, where `record` is what an earlier import
made of that item (an ImportedItem) or None, and returns (the saved object, its state). The importer
(importing.importer) supplies everything read from the file — title, address, text, schedule, author.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from blog.models import RESERVED_SLUGS, Post
from pages.models import Page, reserved_page_slugs


@dataclass(frozen=True)
class ItemKind:
    plural: str  # how the report names them
    permission: str  # what an account needs to import them
    save: Callable


def _earlier(record, model):
    target = record.target if record is not None else None
    return target if isinstance(target, model) else model()


def save_post(item, importer, record):
    post = _earlier(record, Post)
    post.title = importer.fitted_title(item, 200)
    post.slug = importer.slug(Post, item, RESERVED_SLUGS, 200, current=post if post.pk else None)
    post.body = importer.body(item)
    post.excerpt = importer.excerpt(item)
    is_published, post.published_at, state = importer.schedule(item)
    post.status = Post.Status.PUBLISHED if is_published else Post.Status.DRAFT
    post.email_subscribers = state == "scheduled"  # the others went out, or not, on the old site
    post.author = importer.author(item)
    previous_source = record.featured_image_source if record is not None and post.pk else None
    featured = importer.featured_image(item, post.featured_image, previous_source)
    if featured:
        post.featured_image.name, post.featured_image_renditions, post.featured_image_alt = featured
    post.save()
    post.topics.set(importer.topics(item))
    return post, state


def save_page(item, importer, record):
    page = _earlier(record, Page)
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


# WordPress's post_type → its kind; an item of any other type is left out (and counted in the report).
ITEM_KINDS = MappingProxyType(
    {
        "post": ItemKind("articles", "blog.add_post", save_post),
        "page": ItemKind("pages", "pages.add_page", save_page),
    }
)
