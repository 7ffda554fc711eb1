"""Images uploaded in the editor: where they are stored, and removing those no text uses any more."""

import re
import secrets
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from reversion.models import Version

from core.maintenance import daily_job
from core.media import stored_files
from core.richtext import RICH_TEXT_MODELS

UPLOAD_FOLDER = "uploads"
# An image uploaded in the editor belongs to text that may not be saved yet (a draft kept in the browser).
UNUSED_UPLOAD_GRACE = timedelta(days=7)


def stored_name(clean, folder=UPLOAD_FOLDER):
    """uploads/2026/11/3f9c…e1.jpg: dated, random, and named by the format the image was encoded in."""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(12)}.{clean.extension}"


# An upload's name wherever it appears in stored text, whatever address came before it: the media
# address may have changed since (a CDN in front of the bucket), and the image is in use all the same.
MENTION = re.compile(rf"(?<=/)({UPLOAD_FOLDER}/[^\"'?#\s<>\\]+)")


def uploads_in_use():
    """Names of editor uploads that any stored text refers to — kept versions included, so that restoring
    an earlier version (core.revisions) brings its images back too."""
    names = set()
    for model, fields in RICH_TEXT_MODELS.items():
        for field in fields:
            texts = model.objects.filter(**{f"{field}__contains": f"/{UPLOAD_FOLDER}/"})
            for text in texts.values_list(field, flat=True):
                names.update(MENTION.findall(text))
        versions = Version.objects.get_for_model(model).filter(serialized_data__contains=f"/{UPLOAD_FOLDER}/")
        for data in versions.values_list("serialized_data", flat=True):
            names.update(MENTION.findall(data))
    return names


_RENDITION_SUFFIX = re.compile(r"(-\d+w)?\.\w+$")


def _image_of(name):
    """The upload a file belongs to: itself, or the image it is a rendition of (x-480w.webp → x)."""
    return _RENDITION_SUFFIX.sub("", name)


@daily_job
def remove_unused_uploads(storage=default_storage):
    """Delete editor uploads (with their renditions) no text refers to, once older than UNUSED_UPLOAD_GRACE.

    They are left by an image uploaded into text that was never saved, or
    removed from the text later; each stays public at its address until removed.
    """
    in_use = {_image_of(name) for name in uploads_in_use()}
    cutoff = timezone.now() - UNUSED_UPLOAD_GRACE
    removed = 0
    try:
        names = list(stored_files(storage, UPLOAD_FOLDER))
    except FileNotFoundError:  # nothing uploaded yet (object storage simply lists nothing)
        return 0
    for name in names:
        if _image_of(name) not in in_use and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            removed += 1
    return removed
