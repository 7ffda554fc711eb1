from subscriptions.models import SubscriptionSettings


def subscribe_form(request):
    """The “Stay informed” form's wording, for the footer and the end of articles on every page."""
    return {"subscription_settings": SubscriptionSettings.load_cached()}
