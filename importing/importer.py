"""Import a WordPress or Squarespace export (WXR): posts, pages, topics, authors, images and old addresses.

Three steps, so that a bad file changes nothing:

1. The whole file is read (importing.wxr). Anything malformed or hostile stops the
   import here, before anything is stored.
2. The images are brought over (importing.images), each once, through the
   site's image pipeline. This is the slow part, and the one that reports progress.
3. Everything is saved in one transaction, reading the file a second time (so
   that memory stays bounded). If that fails, the images stored in step 2 are
   removed again.

A dry run does the same, except that it stores no image and rolls step 3
back: its report says what a real import would do. Items are matched by their
WordPress id on the old site (ImportedItem), so importing the same file again updates them.
What each kind of item becomes (articles, pages) is in importing.kinds.

Whatever the file holds, each step takes time in proportion to its size and
keeps a bounded amount in memory: the reader bounds every part of an item, and
what the import remembers across items (images, topics, report lines) has a
limit of its own. Between items each step asks `should_stop()`, so that an
import can be cancelled; cancelling undoes it like any failure.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC
from functools import cache
from html import unescape
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import reversion
from anyascii import anyascii
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import slugify

from blog.models import AuthorProfile, Topic
from core.models import MovedPath
from importing.images import ImageCopier, ImageNotFound
from importing.kinds import ITEM_KINDS
from importing.markup import (
    convert_body,
    image_sources,
    media_link,
    plain_text,
    replace_addresses,
    shortcode_attributes,
)
from importing.models import ImportedImage, ImportedItem
from importing.wxr import LIMITS, MAX_TERMS, ExportReader

# What an account needs to import: adding every kind of item the import saves.
PERMISSIONS = frozenset(
    {"importing.add_wordpressimport", "importing.change_wordpressimport"}
    | {kind.permission for kind in ITEM_KINDS.values()}
)
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
READING, IMAGES, SAVING = "Reading the file", "Bringing the images over", "Saving"
STATES = ("published", "scheduled", "draft", "unpublished")
# What one import remembers from item to item, at most.
MAX_IMAGES = 5_000
MAX_TOPICS = 2_000
MAX_GALLERY_IMAGES = 100
MAX_REPORT_LINES = 500  # of each list in the report; the rest are counted
MAX_OLD_ADDRESS = MovedPath._meta.get_field("old_path").max_length
MAX_IMAGE_ADDRESS = ImportedImage._meta.get_field("source").max_length
# Parts of an item that are cut to fit (the report says so); an item with any other part too long is left out.
CUT_TO_FIT = {"title", "excerpt"}
PART_NAMES = {
    "content": "text",
    "name": "address",
    "link": "address",
    "guid": "identifier",
    "creator": "author",
    "post_id": "number",
    "parent_id": "parent's number",
    "post_type": "kind",
    "status": "state",
    "date_gmt": "date",
    "date_local": "date",
}


class ImportCancelled(Exception):
    """Someone cancelled the import (or the check): it stops between two items, and nothing stays of it."""


@dataclass
class Report:
    """What an import did (or, for a dry run, would do); kept as JSON for the admin page."""

    dry_run: bool = False
    imported: dict = field(default_factory=dict)  # "articles" → {"published": 3, "scheduled": 1, "draft": 2}
    changes: dict = field(default_factory=dict)  # "articles" → {"new": 5, "updated": 1, "left out": 2}
    updated: int = 0
    topics_created: list = field(default_factory=list)
    tags_left_out: int = 0
    authors: list = field(default_factory=list)
    images_found: int = 0
    images_missing: list = field(default_factory=list)  # [address, reason]
    images_left_out: int = 0  # places showing an image beyond MAX_IMAGES
    redirects: int = 0
    addresses_kept: int = 0
    skipped: list = field(default_factory=list)  # [what, reason]
    skipped_counts: dict = field(default_factory=dict)  # reason → how many
    notes: list = field(default_factory=list)  # [title, note]
    left_off: dict = field(default_factory=dict)  # list's name → lines beyond MAX_REPORT_LINES

    def add(self, name, line):
        """Add a line to the list `name` ("notes", "skipped"…), or count it once the list is long enough."""
        lines = getattr(self, name)
        if len(lines) < MAX_REPORT_LINES:
            lines.append(line)
        else:
            self.left_off[name] = self.left_off.get(name, 0) + 1

    def count(self, kind, state, is_new):
        states = self.imported.setdefault(_plural(kind), {})
        states[state] = states.get(state, 0) + 1
        self.count_change(kind, "new" if is_new else "updated")
        self.updated += not is_new

    def count_change(self, kind, change):
        changes = self.changes.setdefault(_plural(kind), {})
        changes[change] = changes.get(change, 0) + 1

    def sections(self):
        """The report as (heading, lines), as the command prints it and the admin page shows it."""
        # Kept as JSON, which PostgreSQL stores with its keys reordered: the order is set here.
        kinds = [kind.plural for kind in ITEM_KINDS.values()]
        totals = [
            f"{kind.capitalize()}: {sum(states.values())} ("
            + ", ".join(f"{states[state]} {_state(state, states[state])}" for state in STATES if state in states)
            + ")"
            + self._changes_of(kind)
            for kind, states in sorted(self.imported.items(), key=lambda entry: kinds.index(entry[0]))
        ] or ["Nothing"]
        totals += [
            f"{kind.capitalize()} left out: {changes['left out']} (see “Not imported”)"
            for kind, changes in sorted(self.changes.items(), key=lambda entry: kinds.index(entry[0]))
            if changes.get("left out") and kind not in self.imported
        ]
        sections = [("Would import" if self.dry_run else "Imported", totals)]
        topics = [f"New: {', '.join(self.topics_created)}"] if self.topics_created else ["No new topics"]
        if self.tags_left_out:
            topics.append(
                f"Tags not made into topics: {self.tags_left_out} (categories are; to bring the tags too, "
                "import again with “Also make the old site's tags into topics”, or --tags)"
            )
        sections.append(("Topics", topics + self._more("topics_created")))
        if self.authors:
            sections.append(("Authors", self.authors + self._more("authors")))
        images = [f"Found: {self.images_found}"]
        images += [f"Missing: {address} ({reason})" for address, reason in self.images_missing]
        images += self._more("images_missing")
        if self.images_left_out:
            images.append(
                f"Not brought over: {self.images_left_out:,} more places showing an image "
                f"(an import brings at most {MAX_IMAGES:,} images)"
            )
        sections.append(("Images", images))
        sections.append(
            (
                "Old addresses",
                [f"Leading to the new ones: {self.redirects}", f"Unchanged, still working: {self.addresses_kept}"],
            )
        )
        if self.notes:
            sections.append(("To look at", [f"“{title}”: {note}" for title, note in self.notes] + self._more("notes")))
        skipped = [f"“{what}”: {reason}" for what, reason in self.skipped] + self._more("skipped")
        skipped += [f"{reason.capitalize()}: {number}" for reason, number in sorted(self.skipped_counts.items())]
        if skipped:
            sections.append(("Not imported", skipped))
        return sections

    def _changes_of(self, kind):
        """ ": 53 new, 2 updated, 1 left out" — what the import does (or would do) to the site, for one kind."""
        changes = self.changes.get(kind, {})
        words = {"new": "new", "updated": "imported before, and updated", "left out": "left out (see “Not imported”)"}
        parts = [f"{changes[change]} {words[change]}" for change in words if changes.get(change)]
        return f": {', '.join(parts)}" if parts else ""

    def _more(self, name):
        number = self.left_off.get(name, 0)
        return [f"… and {number:,} more"] if number else []

    def as_text(self):
        sections = (f"{heading}:\n" + "\n".join(f"  {line}" for line in lines) for heading, lines in self.sections())
        return "\n\n".join(sections)

    as_dict = asdict


def _plural(post_type):
    return ITEM_KINDS[post_type].plural if post_type in ITEM_KINDS else post_type


def _state(state, number):
    return f"{state}s" if state == "draft" and number != 1 else state


class _DryRunFinished(Exception):
    """Raised at the end of a dry run's saving step, to roll all of it back."""


def _skip_reason(item):
    if item.post_type not in ITEM_KINDS:
        return SKIPPED_KINDS.get(item.post_type, f"items of the kind “{item.post_type or 'unknown'}”")
    if "content" in item.oversized:
        return "its text is longer than a million characters, far more than an article: please copy it in by hand"
    too_long = sorted(item.oversized - CUT_TO_FIT - {"terms"})
    if too_long:
        part = too_long[0]
        return f"its {PART_NAMES.get(part, part)} is longer than any export writes ({LIMITS[part]:,} characters)"
    return SKIPPED_STATUSES.get(item.status)


def _guid(item):
    """The item's guid: a hint only, since duplicate-post plugins copy it (see `_item_key`)."""
    return (item.guid or item.link or f"{item.post_type}:{item.post_id}")[:500]


def _item_key(item, site_url):
    """What no other item of the old site shares: its WordPress id there (Squarespace writes none: its guid)."""
    site = urlsplit(site_url)
    own = f"id:{item.post_id}" if item.post_id else f"guid:{_guid(item)}"
    return f"{site.netloc.lower()}{site.path.rstrip('/')}#{own}"[:600]


def _readable_slug(text):
    """An address in Latin letters for any text: “ελληνικά” → “ellinika” (a bare number says nothing)."""
    return slugify(anyascii(unescape(unquote(text or ""))))


def _publication_time(item):
    """When the item was (or is to be) published: the GMT time, else the local one in the site's time zone."""
    for value, zone in ((item.date_gmt, UTC), (item.date_local, timezone.get_default_timezone())):
        if value and not value.startswith("0000"):
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, zone)
    return None


def _both_forms(path):
    """An address with and without its final slash: the redirects answer either (core.middleware)."""
    return {path, path.removesuffix("/") if path.endswith("/") else f"{path}/"}


def _redirect_from(path, exclude=None):
    """The redirect the site keeps at `path` (an old address of an article or page), unless it leads to `exclude`."""
    moved = MovedPath.objects.filter(old_path__in=_both_forms(path))
    if exclude is not None and exclude.pk:
        moved = moved.exclude(target_type=ContentType.objects.get_for_model(exclude), target_id=exclude.pk)
    return moved.first()


def _byline_account(username):
    """The account an earlier import made for this author ("imported-dana", or "imported-dana-2" if someone's own
    account had the name): one nobody can sign in with. An active account is never taken for one, whatever its name.
    """
    named = Q(username=username) | Q(username__regex=rf"^{re.escape(username)}-[0-9]+$")
    byline = get_user_model().objects.filter(named, is_active=False, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    return byline.order_by("pk").first()


@cache
def _addressed_models():
    """The models whose items have an address made of their slug: articles, pages, services, topics."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "get_absolute_url") and any(field.name == "slug" for field in model._meta.fields)
    ]


def _shows_something(path):
    """Whether `path` answers here now: one of the site's own addresses, or an article's, page's, topic's…"""
    if path.startswith("/?"):
        return False
    for form in sorted(_both_forms(path)):
        try:
            slug = resolve(form).kwargs.get("slug")
        except Resolver404:
            continue
        return slug is None or any(
            model(slug=slug).get_absolute_url() == form and model.objects.filter(slug=slug).exists()
            for model in _addressed_models()
        )
    return False


class WordPressImporter:
    """One import of one export file. `open_export()` gives the file anew each time it is read (a path will do).

    `progress(label, done, total)` hears how far it is; `should_stop()` is asked between items, and
    ImportCancelled is raised (after undoing everything) when it answers yes.
    """

    def __init__(
        self,
        open_export,
        *,
        media_dir=None,
        allow_download=False,
        include_tags=False,
        dry_run=False,
        user=None,
        progress=None,
        should_stop=None,
    ):
        self.open_export = open_export
        self.images = ImageCopier(media_dir, allow_download=allow_download, dry_run=dry_run)
        self.dry_run = dry_run
        self.include_tags = include_tags
        self.user = user
        self.progress = progress or (lambda label, done, total: None)
        self.should_stop = should_stop or (lambda: False)
        self.report = Report(dry_run=dry_run)
        self.site_url = ""
        self.authors = {}
        self.attachments = {}  # WordPress id → attachment address
        self.attached = {}  # WordPress id of an item → the ids of the attachments uploaded to it (a [gallery]'s)
        self._guid_counts = {}  # guid → how many items of the file carry it
        self._keys_in_file = set()
        self._claimed = set()  # ImportedItem ids this import has matched to an item already
        self._tags_left_out = set()
        self.descriptions = {}  # attachment address → its description ("alt text")
        self.body_images = {}  # address as written in a body → address on this site
        self.featured_images = {}  # attachment address → (stored name, renditions)
        self.new_body_images = []  # (address on the old site, stored name), remembered for the next import
        self._topics = {}
        self._users = {}
        self._last_suffix = {}  # (model, wanted slug) → the last number this import added to it
        self._now = timezone.now()

    def run(self, before_commit=None):
        """Import, and return the report. `before_commit(report)` runs last inside the import's transaction:
        whatever it raises undoes the whole import."""
        sources = self._read()
        try:
            self._bring_images(sources)
            self.progress(SAVING, 0, self.total)
            with transaction.atomic():
                self._save()
                if self.dry_run:
                    raise _DryRunFinished
                if before_commit:
                    before_commit(self.report)
        except _DryRunFinished:
            pass
        except BaseException:
            self.images.remove_stored()
            raise
        return self.report

    def _stop_if_asked(self):
        if self.should_stop():
            raise ImportCancelled

    # Step 1: read everything, note what will be needed.

    def _reader(self):
        source = self.open_export()
        return ExportReader(source)

    def _read(self):
        reader = self._reader()
        body_sources, thumbnails, in_galleries, self.total = set(), {}, set(), 0
        for item in reader:
            self._stop_if_asked()
            self.total += 1
            self._guid_counts[_guid(item)] = self._guid_counts.get(_guid(item), 0) + 1
            if item.post_type == "attachment" and item.attachment_url and "attachment_url" not in item.oversized:
                self.attachments[item.post_id] = item.attachment_url
                self.descriptions[item.attachment_url] = item.meta.get("_wp_attachment_image_alt", "")[:200]
                if item.parent_id and len(self.attached.get(item.parent_id, ())) < MAX_GALLERY_IMAGES:
                    self.attached.setdefault(item.parent_id, []).append(item.post_id)
            if _skip_reason(item):
                continue
            self._keys_in_file.add(_item_key(item, reader.site_url))
            for source in image_sources(convert_body(item.content, self._media(item, in_galleries))[0]):
                self._want_image(body_sources, source)
            if item.meta.get("_thumbnail_id"):
                thumbnails[_item_key(item, reader.site_url)] = item.meta["_thumbnail_id"]
            if self.total % PROGRESS_EVERY == 0:
                self.progress(READING, self.total, None)
        self.site_url, self.authors = reader.site_url, reader.authors
        # A gallery names attachments that may come later in the file: their images are known only now.
        for number in sorted(in_galleries):
            if number in self.attachments:
                self._want_image(body_sources, self.attachments[number])
        # A featured image imported before stays as it is (importing.importer.save_post): not stored again.
        before = dict(
            ImportedItem.objects.filter(item_key__in=thumbnails).values_list("item_key", "featured_image_source")
        )
        featured = set()
        for key, number in thumbnails.items():
            if number in self.attachments and before.get(key) != self.attachments[number]:
                self._want_image(featured, self.attachments[number], already=len(body_sources))
        return sorted(body_sources), sorted(featured)

    def _want_image(self, sources, source, already=0):
        """Bring `source` over, unless the import already has as many images as it brings."""
        if source not in sources and already + len(sources) >= MAX_IMAGES:
            self.report.images_left_out += 1
        else:
            sources.add(source)

    # Step 2: bring the images over.

    def _bring_images(self, sources):
        body, featured = sources
        reused = dict(ImportedImage.objects.filter(source__in=body).values_list("source", "name"))
        total = len(body) + len(featured)
        missing = {}
        for done, (source, folder) in enumerate([(s, "uploads") for s in body] + [(s, "featured") for s in featured]):
            self._stop_if_asked()
            self.progress(IMAGES, done, total)
            if folder == "uploads" and source in reused and self.images.exists(reused[source]):
                self.body_images[source] = self.images.url(reused[source])
                self.report.images_found += 1
                continue
            if len(source) > MAX_IMAGE_ADDRESS:
                missing[source] = f"its address is longer than {MAX_IMAGE_ADDRESS:,} characters"
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
        for address, reason in sorted(missing.items()):
            self.report.add("images_missing", [address, reason])
        self.progress(IMAGES, total, total)

    # Step 3: save.

    def _save(self):
        for source, name in self.new_body_images:
            ImportedImage.objects.update_or_create(source=source, defaults={"name": name})
        done = 0
        for item in self._reader():
            self._stop_if_asked()
            done += 1
            if done % PROGRESS_EVERY == 0:
                self.progress(SAVING, done, self.total)
            if item.comments:
                self._count_skipped("comments (the site has no comments)", item.comments)
            reason = _skip_reason(item)
            if reason:
                if item.post_type in ITEM_KINDS:
                    self.report.add("skipped", [self.title(item), reason])
                    self.report.count_change(item.post_type, "left out")
                else:
                    self._count_skipped(reason)
                continue
            self._save_item(item)

    def _count_skipped(self, reason, number=1):
        self.report.skipped_counts[reason] = self.report.skipped_counts.get(reason, 0) + number

    def _record_of(self, item, key):
        """What an earlier import made of this item: found by its key, else — if its guid is its own in the
        file — by the guid (an earlier import that knew no keys, or the old site moved to another address)."""
        record = ImportedItem.objects.filter(item_key=key).first()
        guid = _guid(item)
        if record is None and self._guid_counts.get(guid) == 1:
            record = (
                ImportedItem.objects.filter(guid=guid)
                .exclude(pk__in=self._claimed)
                .exclude(item_key__in=self._keys_in_file - {key})
                .first()
            )
        if record is not None:
            self._claimed.add(record.pk)
        return record

    def _save_item(self, item):
        guid, key = _guid(item), _item_key(item, self.site_url)
        record = self._record_of(item, key)
        source = self.featured_source(item)
        # Remembered only once it is on the item, so that a later import with the files brings a missing one.
        kept = source in self.featured_images or (record is not None and record.featured_image_source == source)
        self._note_what_was_cut(item)
        with reversion.create_revision():
            saved, state = ITEM_KINDS[item.post_type].save(item, self, record)
            reversion.set_comment("Imported from Squarespace or WordPress.")
            if self.user:
                reversion.set_user(self.user)
        self.report.count(item.post_type, state, is_new=record is None)
        ImportedItem.objects.update_or_create(
            pk=record.pk if record else None,
            defaults={
                "item_key": key,
                "guid": guid,
                "target_type": ContentType.objects.get_for_model(saved),
                "target_id": saved.pk,
                "featured_image_source": source if kept else "",
            },
        )
        self._keep_old_addresses(item, saved)

    def _note_what_was_cut(self, item):
        if "excerpt" in item.oversized:
            self.note(item, f"its excerpt is longer than {LIMITS['excerpt']:,} characters: it was cut")
        if "terms" in item.oversized:
            self.note(item, f"it has more than {MAX_TERMS} categories and tags: only the first {MAX_TERMS} were read")

    def _keep_old_addresses(self, item, saved):
        """The item's old address answers 301 to its new one (core.middleware), one hop.

        An address this site already uses — one of its own, or an old address it leads elsewhere (an
        article renamed here) — stays as it is: a file must never take over the links to what the
        therapist wrote.
        """
        new = saved.get_absolute_url()
        target_type = ContentType.objects.get_for_model(saved)
        for address in sorted({self.old_path(item.link), *self._numbered_addresses(item)} - {None}):
            if address in {new, new.rstrip("/")}:
                self.report.addresses_kept += 1
            elif len(address) > MAX_OLD_ADDRESS:
                self.note(item, f"its old address is longer than {MAX_OLD_ADDRESS} characters: it cannot lead here")
            elif moved := _redirect_from(address, exclude=saved):
                self.note(item, f"its old address {address} already leads to {moved.new_path} here: left as it is")
            elif _shows_something(address):
                self.note(item, f"its old address {address} is already an address of this site: left as it is")
            else:
                MovedPath.objects.update_or_create(
                    old_path=address, defaults={"new_path": new, "target_type": target_type, "target_id": saved.pk}
                )
                self.report.redirects += 1

    @staticmethod
    def _numbered_addresses(item):
        """WordPress answers /?p=<id> for any item, and /?page_id=<id> for a page — by its id, not its guid."""
        if not item.post_id.isdigit():
            return []
        return [f"/?p={item.post_id}"] + ([f"/?page_id={item.post_id}"] if item.post_type == "page" else [])

    def old_path(self, address):
        """The path of an address on the old site ("/2011/01/18/hello/", "/blog/hello", "/?p=12"), or None."""
        parts = urlsplit(urljoin(self.site_url or "/", address or ""))
        if self.site_url and parts.netloc and parts.netloc != urlsplit(self.site_url).netloc:
            return None
        numbered = {key: values[0] for key, values in parse_qs(parts.query).items() if key in {"p", "page_id"}}
        if numbered:
            key, value = next(iter(sorted(numbered.items())))
            return f"/?{key}={value}" if value.isdigit() else None
        path = unquote(parts.path)
        if path in {"", "/"} or "\x00" in path:  # PostgreSQL refuses to compare with a NUL
            return None
        return path

    # What the item kinds use to save an item.

    def note(self, item, text):
        self.report.add("notes", [self.title(item), text])

    def title(self, item):
        """On one line: a line break in a title would break the email that announces the article."""
        return " ".join(unescape(item.title).split()) or "(untitled)"

    def fitted_title(self, item, max_length):
        """The title, cut to `max_length` characters if it must be (the report says so)."""
        title = self.title(item)
        if len(title) > max_length:
            self.note(item, f"its title is longer than {max_length} characters: it was cut")
        return title[:max_length]

    def slug(self, model, item, reserved, max_length, current=None):
        """A free address for the item: its old one where possible (the report says when it was not).

        An address is free when nothing here shows it and no redirect leads from it: an import never
        takes over an address the site uses, not even an old one that leads to a renamed article or page.
        Numbers ("-2", "-3"…) go on from the last one this import gave, so that a file with a thousand
        items of one name costs a thousand look-ups, not half a million.
        """
        name = unquote(item.name).rstrip("/").rsplit("/", 1)[-1]  # Squarespace may write "2019/3/4/name"
        wanted = _readable_slug(name)
        if not wanted or wanted.isdigit():
            title = _readable_slug(item.title)
            wanted = "-".join(part for part in (title, wanted) if part) or f"{item.post_type}-{item.post_id}"
        wanted = wanted[:max_length].strip("-")
        candidate, number = wanted, self._last_suffix.get((model, wanted), 1)
        while not self._is_free(model, candidate, reserved, current):
            number += 1
            suffix = f"-{number}"
            candidate = wanted[: max_length - len(suffix)] + suffix
        if candidate != wanted:
            self._last_suffix[(model, wanted)] = number
            self.note(item, f"the address “{wanted}” is already used on this site, so it is now “{candidate}”")
        return candidate

    @staticmethod
    def _is_free(model, slug, reserved, current):
        """Whether the address of `slug` is the site's to give: not reserved, not shown, not redirected."""
        if slug in reserved or model.objects.exclude(pk=current.pk if current else None).filter(slug=slug).exists():
            return False
        return _redirect_from(model(slug=slug).get_absolute_url(), exclude=current) is None

    def body(self, item):
        text, replaced, removed = convert_body(item.content, self._media(item))
        for name, result in sorted(replaced.items()):
            became = "the figures of its images" if result == "figures" else "a link to what it showed"
            self.note(item, f"[{name}] became {became}")
        if removed:
            codes = ", ".join(f"[{name}]" for name in removed)
            self.note(item, f"removed {codes}: codes only WordPress or Squarespace understood")
        return replace_addresses(text, self._address_here)

    def _media(self, item, wanted=None):
        """What a media shortcode of `item` becomes: a [gallery] the figures of its images (those brought
        over), audio, video and embeds a link. Reading the file, `wanted` collects the galleries' images."""

        def replace(name, attributes, enclosed):
            if name != "gallery":
                return media_link(name, attributes, enclosed)
            values = shortcode_attributes(attributes)
            numbers = [number.strip() for number in values.get("ids", values.get("include", "")).split(",")]
            numbers = [number for number in numbers if number.isdigit()][:MAX_GALLERY_IMAGES]
            numbers = numbers or self.attached.get(item.post_id, [])
            if wanted is not None:
                wanted.update(numbers)
                return None
            sources = [self.attachments[n] for n in numbers if self.attachments.get(n) in self.body_images]
            return "\n".join(
                f'<figure><img src="{escape(source)}" alt="{escape(self.descriptions.get(source, ""))}"></figure>'
                for source in sources
            )

        return replace

    def _address_here(self, tag_name, address):
        if address in self.body_images:
            return self.body_images[address]
        if tag_name == "a" and self.site_url:
            parts = urlsplit(address)
            # A link to another article leads to its old address here (which leads on); a file on the old
            # site (audio, a PDF) is not here: its link stays as it was.
            if parts.netloc == urlsplit(self.site_url).netloc and not parts.path.startswith("/wp-content/"):
                return parts._replace(scheme="", netloc="").geturl() or "/"
        return None

    def excerpt(self, item):
        return plain_text(item.excerpt)

    def schedule(self, item):
        """(is published, publish time, state): state is "published", "scheduled" or "draft"."""
        moment = _publication_time(item)
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
        login = item.creator if item.creator in self.authors else ""  # an author the file does not list: no one
        if login not in self._users:
            self._users[login] = self._find_or_make_author(self.authors.get(login))
        return self._users[login]

    def _find_or_make_author(self, author):
        """An account already here only when the export gives its email: a name or a login proves nothing, and
        anyone can write any name into a file."""
        users = get_user_model().objects
        name = author and (author.display_name or f"{author.first_name} {author.last_name}".strip() or author.login)
        if author is None or not name:
            if self.user is None:
                self.user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if self.user is None:
                raise ValueError("Create an admin account first (make run does): imported articles need an author.")
            return self.user
        username = f"imported-{slugify(author.login) or 'author'}"[:140]
        user = _byline_account(username)
        match = user is None and author.email and users.filter(email__iexact=author.email, is_active=True).first()
        if match:
            self.report.add("authors", f"{name}: credited to the account “{match.get_username()}” already here")
            return match
        if user is None:
            username = self._free_username(username)
            user = users.create(
                username=username, first_name=author.first_name[:150], last_name=author.last_name[:150], is_active=False
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        AuthorProfile.objects.get_or_create(user=user, defaults={"display_name": name[:120]})
        self.report.add("authors", f"{name}: a name for the byline only, with no sign-in")
        return user

    @staticmethod
    def _free_username(username):
        """`username`, or with a number if an account of that name is someone's own (never taken over)."""
        taken = set(get_user_model().objects.filter(username__startswith=username).values_list("username", flat=True))
        candidate, number = username, 1
        while candidate in taken:
            number += 1
            candidate = f"{username}-{number}"
        return candidate

    def topics(self, item):
        found = []
        for domain, slug, name in item.terms:
            name, slug = unescape(name).strip(), _readable_slug(slug) or _readable_slug(name)
            is_tag = domain in {"post_tag", "tag"}  # "tag" in WXR 1.0
            if domain not in {"category"} and not is_tag or not name or not slug or slug == "uncategorized":
                continue
            if is_tag and not self.include_tags:
                self._tags_left_out.add(slug)
                self.report.tags_left_out = len(self._tags_left_out)
                continue
            if slug not in self._topics and len(self._topics) >= MAX_TOPICS:
                self._count_skipped(f"categories and tags beyond the first {MAX_TOPICS:,} (not made into topics)")
                continue
            if slug not in self._topics:
                self._topics[slug] = self._find_or_make_topic(name[:80], slug[:80])
            found.append(self._topics[slug])
        return found

    def _find_or_make_topic(self, name, slug):
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            topic = Topic.objects.create(name=name, slug=slug)
            self.report.add("topics_created", topic.name)
        return topic

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


def import_export(source, **options):
    """Import the export at `source` (a path); see WordPressImporter for the options."""
    return WordPressImporter(lambda: source, **options).run()
