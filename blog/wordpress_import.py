"""Import a WordPress or Squarespace export (WXR): posts, pages, topics, authors, images and old addresses.

Three steps, so that a bad file changes nothing:

1. The whole file is read (blog.wxr). Anything malformed or hostile stops the
   import here, before anything is stored.
2. The images are brought over (blog.wordpress_images), each once, through the
   site's image pipeline. This is the slow part, and the one that reports progress.
3. Everything is saved in one transaction, reading the file a second time (so
   that memory stays bounded). If that fails, the images stored in step 2 are
   removed again.

A dry run does the same, except that it stores no image and rolls step 3
back: its report says what a real import would do. Items are matched by their
WordPress `guid` (ImportedItem), so importing the same file again updates them.
Pages are the pages app's: it registers how to save one (`register_item_kind`).
"""

from dataclasses import asdict, dataclass, field
from datetime import UTC
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import reversion
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import slugify

from blog.models import RESERVED_SLUGS, AuthorProfile, ImportedImage, ImportedItem, Post, Topic
from blog.wordpress_images import ImageCopier, ImageNotFound
from blog.wordpress_markup import convert_body, image_sources, replace_addresses
from blog.wxr import ExportReader
from core.models import MovedPath
from core.richtext import html_to_text

# post_type → how to save an item of that type: save(item, importer, existing) → (saved object, state).
ITEM_KINDS = {}
KIND_NAMES = {"post": "articles"}
# What an account needs to import: adding every kind of item the import saves.
PERMISSIONS = {"blog.add_wordpressimport", "blog.change_wordpressimport"}
SKIPPED_KINDS = {
    "attachment": "attachments (their images are brought over where articles use them)",
    "nav_menu_item": "menu entries",
    "revision": "earlier revisions",
}
SKIPPED_STATUSES = {
    "trash": "it was in the old site's trash",
    "auto-draft": "an empty draft WordPress made by itself",
    "inherit": "a revision of another item",
}
PROGRESS_EVERY = 25
MAX_BODY_CHARACTERS = 1_000_000
STATES = ("published", "scheduled", "draft", "unpublished")


def register_item_kind(post_type, save, plural, permission):
    """Import items of `post_type` with `save(item, importer, existing)`, which returns (object, state);
    only accounts with `permission` (e.g. "pages.add_page") may import."""
    ITEM_KINDS[post_type] = save
    KIND_NAMES[post_type] = plural
    PERMISSIONS.add(permission)


@dataclass
class Report:
    """What an import did (or, for a dry run, would do); kept as JSON for the admin page."""

    dry_run: bool = False
    imported: dict = field(default_factory=dict)  # "articles" → {"published": 3, "scheduled": 1, "draft": 2}
    updated: int = 0
    topics_created: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    images_found: int = 0
    images_missing: list = field(default_factory=list)  # [address, reason]
    redirects: int = 0
    addresses_kept: int = 0
    skipped: list = field(default_factory=list)  # [what, reason]
    skipped_counts: dict = field(default_factory=dict)  # reason → how many
    notes: list = field(default_factory=list)  # [title, note]

    def count(self, kind, state):
        states = self.imported.setdefault(KIND_NAMES.get(kind, kind), {})
        states[state] = states.get(state, 0) + 1

    def sections(self):
        """The report as (heading, lines), as the command prints it and the admin page shows it."""
        # Kept as JSON, which PostgreSQL stores with its keys reordered: the order is set here.
        kinds = list(KIND_NAMES.values())
        totals = [
            f"{kind.capitalize()}: {sum(states.values())} ("
            + ", ".join(f"{states[state]} {_state(state, states[state])}" for state in STATES if state in states)
            + ")"
            for kind, states in sorted(self.imported.items(), key=lambda entry: kinds.index(entry[0]))
        ] or ["Nothing"]
        if self.updated:
            totals.append(f"{self.updated} of them imported before, and updated")
        sections = [("Would import" if self.dry_run else "Imported", totals)]
        topics = f"New: {', '.join(self.topics_created)}" if self.topics_created else "No new topics"
        sections.append(("Topics", [topics]))
        if self.authors:
            sections.append(("Authors", self.authors))
        images = [f"Found: {self.images_found}"]
        images += [f"Missing: {address} ({reason})" for address, reason in self.images_missing]
        sections.append(("Images", images))
        sections.append(
            (
                "Old addresses",
                [f"Leading to the new ones: {self.redirects}", f"Unchanged, still working: {self.addresses_kept}"],
            )
        )
        if self.notes:
            sections.append(("To look at", [f"“{title}”: {note}" for title, note in self.notes]))
        skipped = [f"“{what}”: {reason}" for what, reason in self.skipped]
        skipped += [f"{reason.capitalize()}: {number}" for reason, number in sorted(self.skipped_counts.items())]
        if skipped:
            sections.append(("Not imported", skipped))
        return sections

    def as_text(self):
        sections = (f"{heading}:\n" + "\n".join(f"  {line}" for line in lines) for heading, lines in self.sections())
        return "\n\n".join(sections)

    as_dict = asdict


def _state(state, number):
    return f"{state}s" if state == "draft" and number != 1 else state


class _DryRunFinished(Exception):
    """Raised at the end of a dry run's saving step, to roll all of it back."""


def _skip_reason(item):
    if item.post_type not in ITEM_KINDS:
        return SKIPPED_KINDS.get(item.post_type, f"items of the kind “{item.post_type or 'unknown'}”")
    if len(item.content) > MAX_BODY_CHARACTERS:
        return "its text is longer than a million characters, far more than an article: please copy it in by hand"
    return SKIPPED_STATUSES.get(item.status)


def _guid(item):
    """What identifies the item from one import of its site to the next."""
    return (item.guid or item.link or f"{item.post_type}:{item.post_id}")[:500]


def _moment(item):
    """When the item was (or is to be) published: the GMT time, else the local one in the site's time zone."""
    for value, zone in ((item.date_gmt, UTC), (item.date_local, timezone.get_default_timezone())):
        if value and not value.startswith("0000"):
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, zone)
    return None


class WordPressImporter:
    """One import of one export file. `open_export()` gives the file anew each time it is read (a path will do)."""

    def __init__(self, open_export, *, media_dir=None, allow_download=False, dry_run=False, user=None, progress=None):
        self.open_export = open_export
        self.images = ImageCopier(media_dir, allow_download=allow_download, dry_run=dry_run)
        self.dry_run = dry_run
        self.user = user
        self.progress = progress or (lambda label, done, total: None)
        self.report = Report(dry_run=dry_run)
        self.site_url = ""
        self.authors = {}
        self.attachments = {}  # WordPress id → attachment address
        self.descriptions = {}  # attachment address → its description ("alt text")
        self.body_images = {}  # address as written in a body → address on this site
        self.featured_images = {}  # attachment address → (stored name, renditions)
        self.new_body_images = []  # (address on the old site, stored name), remembered for the next import
        self._topics = {}
        self._users = {}
        self._now = timezone.now()

    def run(self):
        sources = self._read()
        try:
            self._bring_images(sources)
            with transaction.atomic():
                self._save()
                if self.dry_run:
                    raise _DryRunFinished
        except _DryRunFinished:
            pass
        except BaseException:
            self.images.remove_stored()
            raise
        return self.report

    # Step 1: read everything, note what will be needed.

    def _reader(self):
        source = self.open_export()
        return ExportReader(source)

    def _read(self):
        reader = self._reader()
        body_sources, thumbnails, self.total = set(), {}, 0
        for item in reader:
            self.total += 1
            if item.post_type == "attachment" and item.attachment_url:
                self.attachments[item.post_id] = item.attachment_url
                self.descriptions[item.attachment_url] = item.meta.get("_wp_attachment_image_alt", "").strip()
            if _skip_reason(item):
                continue
            body_sources.update(image_sources(convert_body(item.content)[0]))
            if item.meta.get("_thumbnail_id"):
                thumbnails[_guid(item)] = item.meta["_thumbnail_id"]
            if self.total % PROGRESS_EVERY == 0:
                self.progress("Reading the file", self.total, None)
        self.site_url, self.authors = reader.site_url, reader.authors
        # A featured image imported before stays as it is (blog.wordpress_import.save_post): not stored again.
        before = dict(ImportedItem.objects.filter(guid__in=thumbnails).values_list("guid", "featured_image_source"))
        featured = {
            self.attachments[number]
            for guid, number in thumbnails.items()
            if number in self.attachments and before.get(guid) != self.attachments[number]
        }
        return sorted(body_sources), sorted(featured)

    # Step 2: bring the images over.

    def _bring_images(self, sources):
        body, featured = sources
        reused = dict(ImportedImage.objects.filter(source__in=body).values_list("source", "name"))
        total = len(body) + len(featured)
        missing = {}
        for done, (source, folder) in enumerate([(s, "uploads") for s in body] + [(s, "featured") for s in featured]):
            self.progress("Bringing the images over", done, total)
            if folder == "uploads" and source in reused and self.images.exists(reused[source]):
                self.body_images[source] = self.images.url(reused[source])
                self.report.images_found += 1
                continue
            try:
                clean = self.images.check(urljoin(self.site_url, source))
            except ImageNotFound as reason:
                missing[source] = str(reason)
                continue
            self.report.images_found += 1
            if self.dry_run:
                self.body_images[source] = self.images.url(f"uploads/{source.rsplit('/', 1)[-1]}")
                continue
            name, renditions = self.images.store(clean, folder)
            if folder == "uploads":
                self.body_images[source] = self.images.url(name)
                self.new_body_images.append((source, name))
            else:
                self.featured_images[source] = (name, renditions)
        self.report.images_missing = sorted([address, reason] for address, reason in missing.items())
        self.progress("Bringing the images over", total, total)

    # Step 3: save.

    def _save(self):
        for source, name in self.new_body_images:
            ImportedImage.objects.update_or_create(source=source, defaults={"name": name})
        done = 0
        for item in self._reader():
            done += 1
            if done % PROGRESS_EVERY == 0:
                self.progress("Saving", done, self.total)
            if item.comments:
                self._count_skipped("comments (the site has no comments)", item.comments)
            reason = _skip_reason(item)
            if reason:
                if item.post_type in ITEM_KINDS:
                    self.report.skipped.append([self.title(item), reason])
                else:
                    self._count_skipped(reason)
                continue
            self._save_item(item)

    def _count_skipped(self, reason, number=1):
        self.report.skipped_counts[reason] = self.report.skipped_counts.get(reason, 0) + number

    def _save_item(self, item):
        guid = _guid(item)
        record = ImportedItem.objects.filter(guid=guid).first()
        existing = record.target if record else None
        source = self.featured_source(item)
        # Remembered only once it is on the item, so that a later import with the files brings a missing one.
        kept = source in self.featured_images or (record is not None and record.featured_image_source == source)
        with reversion.create_revision():
            saved, state = ITEM_KINDS[item.post_type](item, self, existing)
            reversion.set_comment("Imported from Squarespace or WordPress.")
            if self.user:
                reversion.set_user(self.user)
        self.report.count(item.post_type, state)
        if existing is not None:
            self.report.updated += 1
        ImportedItem.objects.update_or_create(
            guid=guid,
            defaults={
                "target_type": ContentType.objects.get_for_model(saved),
                "target_id": saved.pk,
                "featured_image_source": source if kept else "",
            },
        )
        self._keep_old_addresses(item, saved)

    def _keep_old_addresses(self, item, saved):
        """The item's old address answers 301 to its new one (core.middleware), one hop.

        An address the site already leads elsewhere (an article renamed here) stays as it is: a file
        must never take over the links to what the therapist wrote.
        """
        new = saved.get_absolute_url()
        target_type = ContentType.objects.get_for_model(saved)
        for address in sorted({self.old_path(item.link), self.old_path(item.guid, numbered_only=True)} - {None}):
            if address in {new, new.rstrip("/")}:
                self.report.addresses_kept += 1
                continue
            moved, created = MovedPath.objects.get_or_create(
                old_path=address, defaults={"new_path": new, "target_type": target_type, "target_id": saved.pk}
            )
            if created or (moved.target_type_id, moved.target_id) == (target_type.pk, saved.pk):
                MovedPath.objects.filter(pk=moved.pk).update(new_path=new)
                self.report.redirects += 1
            else:
                self.note(item, f"its old address {address} already leads to {moved.new_path} here: left as it is")

    def old_path(self, address, numbered_only=False):
        """The path of an address on the old site ("/2011/01/18/hello/", "/blog/hello", "/?p=12"), or None."""
        parts = urlsplit(urljoin(self.site_url or "/", address or ""))
        if self.site_url and parts.netloc and parts.netloc != urlsplit(self.site_url).netloc:
            return None
        numbered = {key: values[0] for key, values in parse_qs(parts.query).items() if key in {"p", "page_id"}}
        if numbered:
            key, value = next(iter(sorted(numbered.items())))
            return f"/?{key}={value}" if value.isdigit() else None
        if numbered_only or not parts.path or parts.path == "/":
            return None
        return unquote(parts.path)

    # What the item kinds use to save an item.

    def note(self, item, text):
        self.report.notes.append([self.title(item), text])

    def title(self, item):
        """On one line: a line break in a title would break the email that announces the article."""
        return " ".join(unescape(item.title).split()) or "(untitled)"

    def slug(self, model, item, reserved, max_length, current=None):
        """A free address for the item: its old one where possible (the report says when it was not)."""
        name = unquote(item.name).rstrip("/").rsplit("/", 1)[-1]  # Squarespace may write "2019/3/4/name"
        wanted = slugify(name) or slugify(unescape(item.title)) or f"{item.post_type}-{item.post_id}"
        wanted = wanted[:max_length].strip("-")
        candidate, number = wanted, 1
        taken = model.objects.exclude(pk=current.pk if current else None)
        while candidate in reserved or taken.filter(slug=candidate).exists():
            number += 1
            suffix = f"-{number}"
            candidate = wanted[: max_length - len(suffix)] + suffix
        if candidate != wanted:
            self.note(item, f"the address “{wanted}” is already used on this site, so it is now “{candidate}”")
        return candidate

    def body(self, item):
        text, removed = convert_body(item.content)
        if removed:
            codes = ", ".join(f"[{name}]" for name in removed)
            self.note(item, f"removed {codes}: codes only WordPress or Squarespace understood")
        return replace_addresses(text, self._address_here)

    def _address_here(self, tag_name, address):
        if address in self.body_images:
            return self.body_images[address]
        if tag_name == "a" and self.site_url:
            parts = urlsplit(address)
            if parts.netloc == urlsplit(self.site_url).netloc:
                return parts._replace(scheme="", netloc="").geturl() or "/"
        return None

    def excerpt(self, item):
        return html_to_text(item.excerpt)

    def schedule(self, item):
        """(is published, publish time, state): state is "published", "scheduled" or "draft"."""
        moment = _moment(item)
        if item.password:
            self.note(item, "was protected by a password on the old site, so it is imported as a draft")
            return False, moment, "draft"
        if item.status in {"publish", "future"}:
            if moment is None:
                self.note(item, "had no valid publication date: it is dated today")
                moment = self._now
            if item.status == "future" and moment <= self._now:
                when = date_format(timezone.localtime(moment), "DATETIME_FORMAT")
                self.note(item, f"was scheduled for {when}, which has passed, so it is public now")
            return True, moment, "scheduled" if moment > self._now else "published"
        if item.status in {"private", "pending"}:
            self.note(
                item,
                f"was {'private' if item.status == 'private' else 'waiting for review'} on the old site: "
                "it is imported as a draft",
            )
        elif item.status != "draft":
            self.note(item, f"had the state “{item.status}”: it is imported as a draft")
        # WordPress dates a draft by its last edit unless a time was chosen (then the GMT time is set too).
        return False, moment if item.date_gmt and not item.date_gmt.startswith("0000") else None, "draft"

    def author(self, item):
        """The account an imported article is credited to — never a new account someone could sign in with."""
        login = item.creator
        if login not in self._users:
            self._users[login] = self._find_or_make_author(self.authors.get(login))
        return self._users[login]

    def _find_or_make_author(self, author):
        users = get_user_model().objects
        name = author and (author.display_name or f"{author.first_name} {author.last_name}".strip() or author.login)
        if author is None or not name:
            if self.user is None:
                self.user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if self.user is None:
                raise ValueError("Create an admin account first (make run does): imported articles need an author.")
            return self.user
        username = f"imported-{slugify(author.login) or 'author'}"[:150]
        user = users.filter(username=username).first()
        match = user is None and (
            (author.email and users.filter(email__iexact=author.email, is_active=True).first())
            or users.filter(author_profile__display_name__iexact=name).first()
        )
        if match:
            self.report.authors.append(f"{name}: credited to the account “{match.get_username()}” already here")
            return match
        if user is None:
            user = users.create(
                username=username, first_name=author.first_name[:150], last_name=author.last_name[:150], is_active=False
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        AuthorProfile.objects.get_or_create(user=user, defaults={"display_name": name[:120]})
        self.report.authors.append(f"{name}: a name for the byline only, with no sign-in")
        return user

    def topics(self, item):
        found = []
        for domain, slug, name in item.terms:
            name, slug = unescape(name).strip(), slugify(unquote(slug)) or slugify(unescape(name))
            if domain not in {"category", "post_tag"} or not name or not slug or slug == "uncategorized":
                continue
            if slug not in self._topics:
                topic = Topic.objects.filter(slug=slug[:80]).first() or Topic.objects.filter(name__iexact=name).first()
                if topic is None:
                    topic = Topic.objects.create(name=name[:80], slug=slug[:80])
                    self.report.topics_created.append(topic.name)
                self._topics[slug] = topic
            found.append(self._topics[slug])
        return found

    def featured_source(self, item):
        return self.attachments.get(item.meta.get("_thumbnail_id", ""), "")

    def featured_image(self, item, current, previous_source):
        """(name, renditions, description) of the featured image to set, or None to leave the field as it is."""
        source = self.featured_source(item)
        if not source or (current and previous_source == source) or source not in self.featured_images:
            return None
        description = self.descriptions.get(source, "")
        if not description:
            self.note(item, "its featured image has no description: please add one (the article's form asks for it)")
        return (*self.featured_images[source], description[:200])


def save_post(item, importer, existing):
    post = existing if isinstance(existing, Post) else Post()
    previous_source = (
        ImportedItem.objects.filter(target_id=post.pk, guid=_guid(item))
        .values_list("featured_image_source", flat=True)
        .first()
        if post.pk
        else None
    )
    post.title = importer.title(item)[:200]
    post.slug = importer.slug(Post, item, RESERVED_SLUGS, 200, current=post if post.pk else None)
    post.body = importer.body(item)
    post.excerpt = importer.excerpt(item)
    is_published, post.published_at, state = importer.schedule(item)
    post.status = Post.Status.PUBLISHED if is_published else Post.Status.DRAFT
    post.email_subscribers = state == "scheduled"  # the others went out, or not, on the old site
    post.author = importer.author(item)
    featured = importer.featured_image(item, post.featured_image, previous_source)
    if featured:
        post.featured_image.name, post.featured_image_renditions, post.featured_image_alt = featured
    post.save()
    post.topics.set(importer.topics(item))
    return post, state


register_item_kind("post", save_post, "articles", "blog.add_post")


def import_export(source, **options):
    """Import the export at `source` (a path); see WordPressImporter for the options."""
    return WordPressImporter(lambda: source, **options).run()
