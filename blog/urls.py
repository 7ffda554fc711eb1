from django.urls import path

from blog import feeds, views
from core.page_cache import public_page

app_name = "blog"

urlpatterns = [
    path("", public_page(views.PostListView.as_view(), query=["page"]), name="post_list"),
    path("feed/", public_page(feeds.LatestPostsFeed()), name="feed"),
    path("feed/atom/", public_page(feeds.LatestPostsAtomFeed()), name="feed_atom"),
    path("search/", public_page(views.SearchView.as_view(), query=["q", "page"]), name="search"),
    path("topic/<slug:slug>/", public_page(views.TopicDetailView.as_view(), query=["page"]), name="topic_detail"),
    path("<slug:slug>/", public_page(views.PostDetailView.as_view()), name="post_detail"),
]
