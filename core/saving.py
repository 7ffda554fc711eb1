"""How an item of the site is saved: in one visible order, and the rest of the site told once, at the end.

A model deriving from `SavedInOrder` saves in four steps, in one transaction:

1. `before`: the stored row as it was (one query, None for a new item) — its address and images, which
   the later steps compare against;
2. `prepare_save()`: fields computed from others (a summary, a sanitised body), new images cleaned;
3. the row is written, then what needs it written: image renditions and `finish_save()` (a search index);
4. `item_saved` is sent once, with `before`. Receivers that write (a moved address) write in the same
   transaction; those that reach outside the database (the page cache, emails) act on commit — so no one
   ever sees half an item.

Its images are declared once, as `images = {"portrait": "portrait_alt"}` (image field → the field that
describes it): the pipeline, the form's check, the admin, deletion and backups all read that.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal

from core.imaging import apply_image_change, prepare_image_change

# sender: the model; instance, created, before (the stored row before the save as a dict, or None).
item_saved = Signal()


class SavedInOrder(models.Model):
    images = {}  # image field → its description field; each image field has `<name>_renditions` beside it

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            before = self._stored_row()
            image_changes = {name: prepare_image_change(self, name, before) for name in self.images}
            self.prepare_save()
            created = self._state.adding
            super().save(*args, **kwargs)
            for name, change in image_changes.items():
                apply_image_change(self, name, change)
            self.finish_save()
            item_saved.send(sender=type(self), instance=self, created=created, before=before)

    def prepare_save(self):
        """Before the row is written: compute the fields that follow from others."""

    def finish_save(self):
        """After the row is written, before anyone is told: what needs the row to exist."""

    def clean(self):
        super().clean()
        for image, description in self.images.items():
            if getattr(self, image) and not getattr(self, description).strip():
                what = self._meta.get_field(image).verbose_name
                raise ValidationError(
                    {description: f"Please describe the {what}: visitors who cannot see it hear this description."}
                )

    @classmethod
    def stored_fields(cls):
        """What the save compares against: the address, and each image with its renditions."""
        fields = ["slug"] if any(field.name == "slug" for field in cls._meta.concrete_fields) else []
        for name in cls.images:
            fields += [name, f"{name}_renditions"]
        return fields

    def _stored_row(self):
        if self.pk is None or not self.stored_fields():
            return None
        return type(self)._base_manager.filter(pk=self.pk).values(*self.stored_fields()).first()


def models_with_images():
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, SavedInOrder) and model.images]
