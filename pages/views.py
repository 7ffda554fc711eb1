from django.views.generic import TemplateView

from blog.views import latest_public_posts

HOME_LATEST_POSTS = 3


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(latest_posts=latest_public_posts(HOME_LATEST_POSTS), **kwargs)
