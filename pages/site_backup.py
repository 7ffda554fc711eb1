"""Export the whole site's content to a folder, and restore it into an empty database.

The folder holds `content.json` (Django's serializer format), `manifest.json`
and `media/` with every stored file (images, renditions, editor uploads), so a
site can move between servers or databases (SQLite ⇄ PostgreSQL) or be kept
as a readable backup. Authors come back as accounts without a password; set
one with `manage.py changepassword`.
"""

import json
import shutil
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from blog.models import SEARCH_VECTOR, Post, Topic
from pages.models import ConsultationRequest, MovedPath, Page, PracticeProfile, Service

FORMAT_VERSION = 1
CONTENT_FILE = "content.json"
MANIFEST_FILE = "manifest.json"
MEDIA_FOLDER = "media"
CONTENT_MODELS = [Topic, Post, PracticeProfile, Service, Page, MovedPath]
AUTHOR_FIELDS = ["username", "first_name", "last_name", "email"]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; publish times keep their microseconds here."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def stored_files(storage=default_storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield str(PurePosixPath(folder, name))
    for directory in directories:
        yield from stored_files(storage, str(PurePosixPath(folder, directory)))


def export_site(folder, include_requests=False, storage=default_storage):
    """Write the site's content and media to `folder` (created if needed). Returns the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    models = CONTENT_MODELS + ([ConsultationRequest] if include_requests else [])
    objects = [obj for model in models for obj in model.objects.order_by("pk")]
    authors = get_user_model().objects.filter(posts__isnull=False).distinct().values(*AUTHOR_FIELDS)
    (folder / CONTENT_FILE).write_text(
        serializers.serialize("json", objects, indent=2, use_natural_foreign_keys=True, cls=FullPrecisionEncoder),
        encoding="utf-8",
    )
    media = folder / MEDIA_FOLDER
    shutil.rmtree(media, ignore_errors=True)
    names = list(stored_files(storage)) if storage.exists("") else []
    for name in names:
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
    manifest = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "authors": list(authors),
        "counts": {model._meta.label: model.objects.count() for model in models},
        "media_files": len(names),
        "includes_consultation_requests": include_requests,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def import_site(folder, storage=default_storage):
    """Restore an export into a database with no content yet. Returns the manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        content = (folder / CONTENT_FILE).read_text(encoding="utf-8")
    except FileNotFoundError as missing:
        raise CommandError(f"{folder} is not a site export: {missing.filename} is missing.") from missing
    if manifest.get("format") != FORMAT_VERSION:
        raise CommandError(f"{folder} has export format {manifest.get('format')}; this site reads {FORMAT_VERSION}.")
    # The profile is left out: visiting a new site creates its default one, which the import replaces.
    occupied = [
        str(model._meta.verbose_name_plural)
        for model in CONTENT_MODELS
        if model is not PracticeProfile and model.objects.exists()
    ]
    if occupied:
        raise CommandError(f"The database already has {', '.join(occupied)}: import_site only fills an empty site.")

    media = folder / MEDIA_FOLDER
    restored = []
    for path in sorted(media.rglob("*")) if media.exists() else []:
        if path.is_file():
            name = path.relative_to(media).as_posix()
            if storage.exists(name):
                storage.delete(name)
            with open(path, "rb") as source:
                restored.append(storage.save(name, File(source)))
    with transaction.atomic():
        user_model = get_user_model()
        for author in manifest["authors"]:
            user, created = user_model.objects.get_or_create(username=author["username"], defaults=author)
            if created:
                user.set_unusable_password()
                user.save()
        saved_models = set()
        for deserialized in serializers.deserialize("json", content, handle_forward_references=True):
            deserialized.save()
            saved_models.add(type(deserialized.object))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(saved_models)):
                cursor.execute(statement)
        if connection.vendor == "postgresql":
            Post.objects.update(search_vector=SEARCH_VECTOR)
    manifest["restored_media_files"] = len(restored)
    return manifest
