from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("services/", views.ServiceListView.as_view(), name="service_list"),
    path("services/<slug:slug>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact_thanks"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]
