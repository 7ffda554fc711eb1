from django.urls import path

from core.middleware import MovedPathRedirectMiddleware
from core.page_cache import public_page
from pages import views

app_name = "pages"

urlpatterns = [
    path("", public_page(views.HomeView.as_view(), query=MovedPathRedirectMiddleware.NUMBERED), name="home"),
    path("services/", public_page(views.ServiceListView.as_view()), name="service_list"),
    path("services/<slug:slug>/", public_page(views.ServiceDetailView.as_view()), name="service_detail"),
    path("<slug:slug>/", public_page(views.PageDetailView.as_view()), name="page_detail"),
]
