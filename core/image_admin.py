"""When an image cannot be stored (disk full, media folder not writable), keep the writing.

The admin saves the article or profile without the new image and says so
plainly, instead of failing the whole save and losing what was typed.
"""

import logging

from django.contrib import messages
from django.db import transaction

logger = logging.getLogger(__name__)

IMAGE_NOT_STORED_MESSAGE = (
    "Your changes were saved, but the new image could not be stored: the server’s storage is full or "
    "cannot be written to. The previous image (if any) is unchanged. Please try the image again later, "
    "or tell whoever looks after the website."
)


class KeepChangesWhenImageStorageFailsMixin:
    """For the ModelAdmin of a model with images (core.saving's `images`): a failed image keeps the rest."""

    def save_model(self, request, obj, form, change):
        try:
            with transaction.atomic():
                super().save_model(request, obj, form, change)
            return
        except OSError:
            logger.exception("Could not store the image for %s %r.", type(obj).__name__, obj.pk)
        stored = type(obj).objects.filter(pk=obj.pk).values(*obj.stored_fields()).first() if change else None
        if stored is None:
            obj.pk = None
        for name in obj.images:
            setattr(obj, name, stored[name] if stored else "")
            setattr(obj, f"{name}_renditions", stored[f"{name}_renditions"] if stored else {})
        super().save_model(request, obj, form, change)
        messages.error(request, IMAGE_NOT_STORED_MESSAGE)
