"""Keep site-wide caches and moved addresses in step with content changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from blog.imaging import delete_image_files
from pages.models import MovedPath
from pages.page_cache import content_changed


def note_previous_address(sender, instance, raw=False, **kwargs):
    previous = sender.objects.filter(pk=instance.pk).only("slug").first() if instance.pk and not raw else None
    instance._previous_address = previous.get_absolute_url() if previous else None


def record_address_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    address = instance.get_absolute_url()
    MovedPath.claim(address)
    previous = getattr(instance, "_previous_address", None)
    if previous and previous != address:
        MovedPath.record(previous, address)


def image_file_remover(field_name):
    def remove_image_files(sender, instance, **kwargs):
        delete_image_files(getattr(instance, field_name).name, getattr(instance, f"{field_name}_renditions"))

    return remove_image_files


def connect(models_with_addresses, content_models, content_relations, models_with_images):
    for model in models_with_addresses:
        pre_save.connect(note_previous_address, sender=model, dispatch_uid=f"previous-address-{model.__name__}")
        post_save.connect(record_address_change, sender=model, dispatch_uid=f"address-change-{model.__name__}")
    for model in content_models:
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"content-{signal}-{model.__name__}")
    for relation in content_relations:
        m2m_changed.connect(content_changed, sender=relation, dispatch_uid=f"content-m2m-{relation.__name__}")
    for model, field_name in models_with_images:
        post_delete.connect(
            image_file_remover(field_name), sender=model, weak=False, dispatch_uid=f"image-files-{model.__name__}"
        )
