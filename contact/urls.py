from django.urls import path

from contact import views
from core.page_cache import public_page

app_name = "contact"

urlpatterns = [
    path("contact/", views.ContactView.as_view(), name="form"),
    path("contact/thanks/", public_page(views.ContactThanksView.as_view()), name="thanks"),
]
