"""Export every app's data to a folder, and restore it into an empty database.

The folder holds `content.json` (Django's serializer format), `manifest.json`
and `media/` with every stored image (uploads, featured images, portraits and
their renditions), so a site can move between servers or databases
(SQLite ⇄ PostgreSQL) or be kept as a readable backup. Authors come back as
names only: accounts without a password, staff status or permissions (give
them with the admin and `manage.py changepassword`).

Each app says what it keeps, in its AppConfig.ready(): `register_backup(*models)`,
with `personal=True` for people's own data (consultation requests, subscribers),
exported only when asked for. A model of ours that is deliberately not kept
(expiring links, working files) says why with `leave_out_of_backups` — a test
fails for a model that does neither.
"""

import json
import os
import shutil
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.imaging import image_format_named
from core.media import stored_files
from core.models import MovedPath
from core.redirects import ADDRESSED_MODELS
from core.richtext import RICH_TEXT_MODELS, prepare_body
from core.saving import models_with_images

# 2: every app's data (subscribers, import records, the inbox's limits), consultation requests in `contact`.
FORMAT_VERSION = 2
CONTENT_FILE = "content.json"
MANIFEST_FILE = "manifest.json"
MEDIA_FOLDER = "media"
AUTHOR_FIELDS = ["username", "first_name", "last_name", "email"]

# model → whether it holds people's own data; in the order the apps registered them.
_BACKED_UP = {}
# model → why it is not in a backup.
LEFT_OUT = {}
# Models of which a site has one row (pk 1), made with defaults when first needed: an import replaces it.
_SINGLETONS = set()
# What to do once the rows are back (derived data that is not exported, such as a search index).
_AFTER_RESTORE = []
# A model's label in older exports ("blog.importeditem") → its label now, for models that moved between apps.
_FORMER_LABELS = {}
# A model's label → {a field's name in older exports: its name now}.
_FORMER_FIELD_NAMES = {}


def register_backup(*models, personal=False, singleton=False, after_restore=None, formerly_in=None):
    """Keep `models` in every backup; `personal` ones only with --include-personal; `after_restore()` runs
    once they are restored, in the same transaction. Models that moved from the app `formerly_in` are
    restored from exports made before the move too."""
    for model in models:
        _BACKED_UP[model] = personal
        if singleton:
            _SINGLETONS.add(model)
        if formerly_in:
            _FORMER_LABELS[f"{formerly_in}.{model._meta.model_name}"] = model._meta.label_lower
    if after_restore is not None:
        _AFTER_RESTORE.append(after_restore)


def leave_out_of_backups(model, why):
    LEFT_OUT[model] = why


def field_renamed(model, old_name, new_name):
    """Exports made before a field was renamed restore into its new name."""
    _FORMER_FIELD_NAMES.setdefault(model._meta.label_lower, {})[old_name] = new_name


def backed_up_models(include_personal=False):
    return [model for model, personal in _BACKED_UP.items() if include_personal or not personal]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; publish times keep their microseconds here."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def export_site(folder, include_personal=False, storage=default_storage):
    """Write every app's data and the media to `folder` (created if needed). Returns the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    models = backed_up_models(include_personal)
    objects = [obj for model in models for obj in model._default_manager.order_by("pk")]
    writers = Q(posts__isnull=False) | Q(author_profile__isnull=False)
    authors = get_user_model().objects.filter(writers).distinct().values(*AUTHOR_FIELDS)
    (folder / CONTENT_FILE).write_text(
        serializers.serialize("json", objects, indent=2, use_natural_foreign_keys=True, cls=FullPrecisionEncoder),
        encoding="utf-8",
    )
    media = folder / MEDIA_FOLDER
    shutil.rmtree(media, ignore_errors=True)
    # Images only: nothing else is ever served or imported (a file left by an old version stays behind).
    names = [name for name in (stored_files(storage) if storage.exists("") else []) if image_format_named(name)]
    for name in names:
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
    manifest = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "authors": list(authors),
        "counts": {model._meta.label: model._default_manager.count() for model in models},
        "media_files": len(names),
        "includes_personal_data": include_personal,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def import_site(folder, storage=default_storage):
    """Restore an export into a database with no content yet. Returns the manifest.

    An export is untrusted input: it may have been edited, truncated or crafted.
    Everything is checked before anything is written — only the registered
    models and author names are read (never accounts, permissions or password hashes),
    every media file must be a real image inside the export's media folder,
    every stored image name must be one of those files — and every body goes
    through the sanitiser again. A problem stops the import with one line that
    names it, the database untouched and no file copied.
    """
    folder = Path(folder)
    manifest = _read_json(folder, MANIFEST_FILE)
    records = _read_json(folder, CONTENT_FILE)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise CommandError(f"{folder} has export format {found}; this site reads {FORMAT_VERSION}.")
    _refuse_foreign_records(records)
    _read_as_named_now(records)
    authors = _author_names(manifest)
    # One-row settings are left out: a new site makes its defaults, which the import replaces.
    occupied = [
        str(model._meta.verbose_name_plural)
        for model in backed_up_models(include_personal=True)
        if model not in _SINGLETONS and model._default_manager.exists()
    ]
    if occupied:
        raise CommandError(f"The database already has {', '.join(occupied)}: import_site only fills an empty site.")
    exported = _checked_media(folder / MEDIA_FOLDER)
    _check_image_references(records, exported)
    new_files = _new_files(exported, storage)

    restored = []
    try:
        with transaction.atomic():
            user_model = get_user_model()
            for author in authors:
                if not user_model.objects.filter(username=author["username"]).exists():
                    user = user_model(**author)
                    user.set_unusable_password()
                    user.save()
            saved_models = set()
            # A moved address is checked against what it leads to, so it comes after everything else.
            for deserialized in sorted(_deserialize(records), key=lambda found: isinstance(found.object, MovedPath)):
                _prepare(deserialized.object)
                deserialized.save()
                saved_models.add(type(deserialized.object))
            connection.check_constraints()  # as loaddata does: a reference to a missing record fails here
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(saved_models)):
                    cursor.execute(statement)
            for after_restore in _AFTER_RESTORE:
                after_restore()
            for name, path in new_files.items():
                with open(path, "rb") as source:
                    restored.append(storage.save(name, File(source)))
    except Exception as error:
        for name in restored:
            storage.delete(name)
        if isinstance(error, IntegrityError):
            raise CommandError(
                f"{CONTENT_FILE} refers to something it does not hold, or holds something twice "
                f"({str(error).splitlines()[0]})."
            ) from error
        raise
    manifest["restored_media_files"] = len(restored)
    return manifest


def _read_json(folder, name):
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError as missing:
        raise CommandError(f"{folder} is not a site export: {name} is missing.") from missing
    except UnicodeDecodeError as error:
        raise CommandError(f"{name} is not UTF-8 text (byte {error.start}).") from error
    except json.JSONDecodeError as error:
        raise CommandError(f"{name} is damaged or incomplete: {error.msg} at line {error.lineno}.") from error
    except OSError as error:
        raise CommandError(f"{name} could not be read: {error.strerror}.") from error


def _refuse_foreign_records(records):
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise CommandError(f"{CONTENT_FILE} does not hold a list of records.")
    importable = {model._meta.label_lower for model in backed_up_models(include_personal=True)}
    singletons = {model._meta.label_lower for model in _SINGLETONS}
    seen = set()
    for record in records:
        label = str(record.get("model", "")).lower()
        label = _FORMER_LABELS.get(label, label)
        if (label, str(record.get("pk"))) in seen:
            raise CommandError(f"{CONTENT_FILE} holds {label} {record.get('pk')} twice.")
        seen.add((label, str(record.get("pk"))))
        if label not in importable:
            raise CommandError(
                f"{CONTENT_FILE} holds a {label or 'nameless'} record: an export holds only the site's own data "
                "(articles, topics, services, pages, the profile, moved addresses, requests, subscribers…), "
                "never accounts."
            )
        if not isinstance(record.get("fields"), dict):
            raise CommandError(f"{CONTENT_FILE}: a {label} record has no fields.")
    for singleton in singletons:
        if sum(label == singleton for label, _ in seen) > 1:
            raise CommandError(f"{CONTENT_FILE} holds more than one {singleton} record.")


def _read_as_named_now(records):
    """Models and fields renamed since the export was made take their names of now."""
    for record in records:
        label = record["model"].lower()
        record["model"] = label = _FORMER_LABELS.get(label, label)
        renamed = _FORMER_FIELD_NAMES.get(label, {})
        record["fields"] = {renamed.get(name, name): value for name, value in record["fields"].items()}


def _author_names(manifest):
    """Only the names of those who wrote: never a password, a permission or a staff flag."""
    authors = manifest.get("authors", [])
    if not isinstance(authors, list):
        raise CommandError(f"{MANIFEST_FILE}: “authors” is not a list.")
    names = []
    for author in authors:
        if not isinstance(author, dict) or not isinstance(author.get("username"), str):
            raise CommandError(f"{MANIFEST_FILE}: an author has no username.")
        kept = {field: author.get(field) or "" for field in AUTHOR_FIELDS}
        if not all(isinstance(value, str) and len(value) <= 150 for value in kept.values()) or not kept["username"]:
            raise CommandError(f"{MANIFEST_FILE}: author {kept['username']!r} has a name that is not plain text.")
        names.append(kept)
    return names


def _checked_media(media_folder):
    """name → path of every file in the export's media folder, each checked to be a real image."""
    if not media_folder.exists():
        return {}
    if media_folder.is_symlink() or not media_folder.is_dir():
        raise CommandError(f"{MEDIA_FOLDER} is not a folder inside the export.")
    files = {}
    for directory, subdirectories, names in os.walk(media_folder):
        for entry in [*subdirectories, *names]:
            path = Path(directory, entry)
            relative = path.relative_to(media_folder).as_posix()
            if path.is_symlink():
                raise CommandError(f"{MEDIA_FOLDER}/{relative} is a link: an export holds only files of its own.")
            if entry in names:
                files[relative] = path
    for name, path in files.items():
        _check_image_file(name, path)
    return dict(sorted(files.items()))


def _new_files(media, storage):
    """The export's files this site does not hold yet: one it holds with the same bytes is left as it is,
    and one it holds with other bytes stops the import (nothing already stored is ever replaced)."""
    new = {}
    for name, path in media.items():
        if not storage.exists(name):
            new[name] = path
            continue
        with storage.open(name, "rb") as stored:
            if stored.read() != path.read_bytes():
                raise CommandError(
                    f"{MEDIA_FOLDER}/{name} is already stored on this site with other content: "
                    "import into a site whose media folder is empty."
                )
    return new


def _check_image_file(name, path):
    from PIL import Image  # loaded by a restore, not by every web worker at start

    expected = image_format_named(name)
    if expected is None:
        raise CommandError(f"{MEDIA_FOLDER}/{name}: only JPEG, PNG and WebP images can be imported.")
    if not path.is_file():
        raise CommandError(f"{MEDIA_FOLDER}/{name} is not a regular file.")
    try:
        with Image.open(path) as image:
            found = image.format
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise CommandError(f"{MEDIA_FOLDER}/{name} is not a readable image: it may be damaged.") from error
    if found != expected:
        raise CommandError(f"{MEDIA_FOLDER}/{name} is a {found} image under another name.")


def _safe_name(name):
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and "\x00" not in name


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 100_000


def _rendition_names(renditions):
    """The file names in a renditions record, or None if its shape or sizes are not what templates expect."""
    if renditions in ({}, None):
        return []
    listed = renditions.get("renditions") if isinstance(renditions, dict) else None
    if not isinstance(listed, list) or not (_is_size(renditions.get("width")) and _is_size(renditions.get("height"))):
        return None
    names = []
    for rendition in listed:
        if not isinstance(rendition, dict) or not all(_is_size(rendition.get(side)) for side in ("width", "height")):
            return None
        names += [rendition.get("webp"), rendition.get("fallback")]
    return names


def _image_names(record, image_fields):
    """The stored file names a record refers to: its image fields and their renditions (None where malformed)."""
    fields = record["fields"]
    for image_field in image_fields.get(str(record.get("model", "")).lower(), ()):
        if fields.get(image_field):
            yield image_field, fields[image_field]
        names = _rendition_names(fields.get(f"{image_field}_renditions"))
        for name in [None] if names is None else names:
            yield image_field, name


def _check_image_references(records, media):
    image_fields = {model._meta.label_lower: list(model.images) for model in models_with_images()}
    for record in records:
        for field, name in _image_names(record, image_fields):
            if not isinstance(name, str) or not _safe_name(name) or name not in media:
                raise CommandError(
                    f"{CONTENT_FILE}: {record['model']} {record.get('pk')} names the image {name!r} in {field}, "
                    f"which is not a file in the export's {MEDIA_FOLDER} folder."
                )


def _deserialize(records):
    try:
        yield from serializers.deserialize("json", json.dumps(records), handle_forward_references=True)
    except DeserializationError as error:
        raise CommandError(f"{CONTENT_FILE}: {str(error).splitlines()[0]}") from error


def _prepare(obj):
    """Check each object as the admin would, and sanitise its rich text: stored HTML is rendered as is.

    A moved address may only lead to an item with an address of its own (an article, service or
    page), at that item's own address.
    """
    rich_text = RICH_TEXT_MODELS.get(type(obj), ())
    for field in rich_text:
        setattr(obj, field, prepare_body(getattr(obj, field)))
    if isinstance(obj, MovedPath):
        target = obj.target if obj.target_type_id else None
        leads_here = isinstance(target, tuple(ADDRESSED_MODELS))
        if not leads_here or not obj.old_path.startswith("/") or obj.old_path.startswith("//"):
            raise CommandError(f"{CONTENT_FILE}: moved address {obj.old_path!r} does not lead to an imported item.")
        obj.new_path = target.get_absolute_url()
    try:
        # A one-row setting replaces the default one a new site makes for itself.
        validate_unique = type(obj) not in _SINGLETONS
        obj.full_clean(exclude=list(rich_text), validate_unique=validate_unique, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
        raise CommandError(f"{CONTENT_FILE}: {obj._meta.label} {obj.pk} is not valid — {problems}") from error
