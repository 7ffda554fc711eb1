"""One image pipeline for every upload: featured images, the portrait, editor uploads.

An upload is accepted only if Pillow fully decodes it as a still JPEG, PNG or
WebP within the size limits. What is stored is re-encoded from the pixels
alone — EXIF orientation applied, every metadata block (EXIF, GPS, XMP,
comments) gone — and renditions for responsive images are made once, here,
through Django's storage API (so object storage works unchanged).

Pillow is loaded by the first image read, not by every worker at start (2 MB each: pages only link images).
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.signals import post_delete

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 960, 1600)
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Every stored image's name ends in one of these; what the site serves, exports and imports is named so.
IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def image_format_named(name):
    """The image format a stored name says it holds ("JPEG", "PNG", "WEBP"), or None for anything else."""
    return IMAGE_SUFFIXES.get(PurePosixPath(name).suffix.lower())
JPEG_QUALITY = 82
WEBP_QUALITY = 80


@dataclass
class CleanImage:
    """A decoded, oriented, metadata-free image and the format it came in."""

    image: "Image"
    source_format: str

    @property
    def has_alpha(self):
        return self.image.mode in ("RGBA", "LA")

    @property
    def fallback_format(self):
        """JPEG for photos, PNG where transparency must survive."""
        return "PNG" if self.has_alpha or self.source_format == "PNG" else "JPEG"

    def encode(self, image_format, image=None):
        image = image or self.image
        buffer = io.BytesIO()
        if image_format == "JPEG":
            image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        elif image_format == "WEBP":
            image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        else:
            image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    def master_bytes(self):
        return self.encode(self.fallback_format)

    @property
    def extension(self):
        return ACCEPTED_FORMATS[self.fallback_format]


def _reject(message):
    raise ValidationError(message, code="unacceptable_image")


def clean_image(upload):
    """Decode and check an uploaded file; raise ValidationError with a message for the therapist."""
    if upload.size > MAX_BYTES:
        _reject(f"This file is {upload.size / 1024 / 1024:.1f} MB; images can be at most 10 MB. "
                "Please export a smaller version (2000 pixels wide is plenty).")
    from PIL import Image, ImageOps, UnidentifiedImageError

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        # Pillow only warns below twice its own limit; the size is judged here, against ours.
        with (
            warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning),
            Image.open(io.BytesIO(data)) as probe,
        ):
            if probe.format not in ACCEPTED_FORMATS:
                _reject(
                    "Please upload a JPEG, PNG or WebP photo. Other kinds of file (GIF, SVG, PDF…) are not accepted."
                )
            width, height = probe.size
            if width * height > MAX_PIXELS:
                _reject(f"This image is {width}×{height} pixels, more than 40 megapixels. Please upload a smaller one.")
            if getattr(probe, "n_frames", 1) > 1:
                _reject("Animated images are not accepted. Please upload a still photo.")
            source_format = probe.format
            probe.load()
            oriented = ImageOps.exif_transpose(probe)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        _reject("This file could not be read as an image — it may be damaged or not an image at all.")
    return CleanImage(_without_metadata(oriented), source_format)


def _without_metadata(image):
    """A new image made of the pixels only: nothing from the original's info survives."""
    from PIL import Image

    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def rendition_widths(source_width):
    """The standard widths narrower than the source, plus the source width capped at the largest."""
    widths = {width for width in RENDITION_WIDTHS if width < source_width}
    widths.add(min(source_width, RENDITION_WIDTHS[-1]))
    return sorted(widths)


def save_renditions(clean, master_name, storage=default_storage):
    """Store WebP and fallback renditions next to the master; return what templates need."""
    from PIL import Image

    stem = str(PurePosixPath(master_name).with_suffix(""))
    source_width, source_height = clean.image.size
    renditions = []
    for width in rendition_widths(source_width):
        height = round(source_height * width / source_width)
        resized = clean.image if width == source_width else clean.image.resize((width, height), Image.LANCZOS)
        names = {}
        for key, image_format in (("webp", "WEBP"), ("fallback", clean.fallback_format)):
            extension = ACCEPTED_FORMATS[image_format]
            names[key] = storage.save(f"{stem}-{width}w.{extension}", ContentFile(clean.encode(image_format, resized)))
        renditions.append({"width": width, "height": height, **names})
    return {"width": source_width, "height": source_height, "renditions": renditions}


def rendition_srcset(master_name, source_width, storage=default_storage):
    """A srcset of the WebP renditions save_renditions made for `master_name`, or "" if it made none."""
    stem = str(PurePosixPath(master_name).with_suffix(""))
    widths = rendition_widths(source_width)
    if not storage.exists(f"{stem}-{widths[-1]}w.webp"):
        return ""
    return ", ".join(f"{storage.url(f'{stem}-{width}w.webp')} {width}w" for width in widths)


def delete_image_files(master_name, renditions, storage=default_storage):
    names = [master_name] if master_name else []
    for rendition in (renditions or {}).get("renditions", []):
        names += [rendition["webp"], rendition["fallback"]]
    for name in names:
        storage.delete(name)


def delete_files_with_items(model):
    """When an item of `model` is deleted, delete its images (core.saving's `images`) and their renditions."""

    def remove_image_files(sender, instance, **kwargs):
        for name in model.images:
            delete_image_files(getattr(instance, name).name, getattr(instance, f"{name}_renditions"))

    post_delete.connect(remove_image_files, sender=model, weak=False, dispatch_uid=f"image-files-{model._meta.label}")


def validate_image_upload(value):
    """Model-field validator: check new uploads only, never files already stored."""
    if value and not getattr(value, "_committed", True):
        clean_image(value.file)


@dataclass
class ImageChange:
    """A new or removed image on a model, carried from before its save to after it."""

    clean: CleanImage | None
    old_name: str
    old_renditions: dict


def prepare_image_change(instance, field_name, stored):
    """Before saving `instance`: swap a new upload for its clean master; note what it replaces.

    `stored` is the row as it is in the database (None for a new item); the model needs a JSONField
    named `<field_name>_renditions`.
    """
    field_file = getattr(instance, field_name)
    renditions_field = f"{field_name}_renditions"
    is_new_upload = bool(field_file) and not field_file._committed
    if not is_new_upload and (field_file or stored is None):
        return None
    stored = stored or {}
    old_name, old_renditions = stored.get(field_name) or "", stored.get(renditions_field) or {}
    if is_new_upload:
        clean = clean_image(field_file.file)
        stem = PurePosixPath(field_file.name).stem
        setattr(instance, field_name, ContentFile(clean.master_bytes(), name=f"{stem}.{clean.extension}"))
        return ImageChange(clean, old_name, old_renditions)
    if old_name:
        setattr(instance, renditions_field, {})
        return ImageChange(None, old_name, old_renditions)
    return None


def apply_image_change(instance, field_name, change):
    """After saving `instance`: make renditions of a new image and delete the files it replaced."""
    if change is None:
        return
    master_name = getattr(instance, field_name).name
    renditions = save_renditions(change.clean, master_name) if change.clean else {}
    setattr(instance, f"{field_name}_renditions", renditions)
    type(instance).objects.filter(pk=instance.pk).update(**{f"{field_name}_renditions": renditions})
    if change.old_name and change.old_name != master_name:
        delete_image_files(change.old_name, change.old_renditions)
