from django.views.generic import DetailView, ListView, TemplateView

from blog.models import Post
from core.previews import StaffPreviewMixin
from pages.models import Page, Service

HOME_LATEST_POSTS = 3
FEES_PAGE_SLUG = "fees"


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_posts=Post.objects.cards()[:HOME_LATEST_POSTS],
            services=Service.objects.published().defer("body"),
            **kwargs,
        )


class ServiceListView(ListView):
    template_name = "pages/service_list.html"
    context_object_name = "services"
    queryset = Service.objects.published().defer("body")


class ServiceDetailView(StaffPreviewMixin, DetailView):
    template_name = "pages/service_detail.html"
    context_object_name = "service"
    model = Service


class PageDetailView(StaffPreviewMixin, DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"
    model = Page

    def get_context_data(self, **kwargs):
        """The Fees page shows the services' fees above its own text, so the page can't drift from the data."""
        if self.object.slug == FEES_PAGE_SLUG:
            kwargs["services"] = Service.objects.published().only("title", "slug", "session_minutes", "fee")
        return super().get_context_data(**kwargs)

