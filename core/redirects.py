"""A changed slug keeps its old address working: the old address is noted, and answers 301 (core.middleware)."""

from copy import copy

from core.models import MovedPath
from core.saving import item_saved


def _record_address_change(sender, instance, before, **kwargs):
    """item_saved receiver: the new address is the item's; an address it left leads to it from now on."""
    address = instance.get_absolute_url()
    MovedPath.stop_redirecting(address)
    if before is not None and before["slug"] != instance.slug:
        previous = copy(instance)
        previous.slug = before["slug"]
        if previous.get_absolute_url() != address:
            MovedPath.record(previous.get_absolute_url(), instance)


# The models whose items have an address of their own (a moved address may lead only to one of them).
ADDRESSED_MODELS = []


def track_address_changes(model):
    """For a SavedInOrder model with a `slug`, `get_absolute_url()` and `is_public`: remember every address
    it leaves."""
    ADDRESSED_MODELS.append(model)
    item_saved.connect(_record_address_change, sender=model, dispatch_uid=f"address-change-{model._meta.label}")
