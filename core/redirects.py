"""A changed slug keeps its old address working: the old address is noted, and answers 301 (core.middleware)."""

from django.db.models.signals import post_save, pre_save

from core.models import MovedPath


def _note_previous_address(sender, instance, raw=False, **kwargs):
    previous = sender.objects.filter(pk=instance.pk).only("slug").first() if instance.pk and not raw else None
    instance._previous_address = previous.get_absolute_url() if previous else None


def _record_address_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    address = instance.get_absolute_url()
    MovedPath.claim(address)
    previous = getattr(instance, "_previous_address", None)
    if previous and previous != address:
        MovedPath.record(previous, instance)


# The models whose items have an address of their own (a moved address may lead only to one of them).
ADDRESSED_MODELS = []


def track_address_changes(model):
    """For a model with a `slug`, `get_absolute_url()` and `is_public`: remember every address it leaves."""
    ADDRESSED_MODELS.append(model)
    label = model._meta.label
    pre_save.connect(_note_previous_address, sender=model, dispatch_uid=f"previous-address-{label}")
    post_save.connect(_record_address_change, sender=model, dispatch_uid=f"address-change-{label}")
