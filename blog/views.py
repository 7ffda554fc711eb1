from datetime import datetime
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.generic import DetailView, ListView

from blog import search
from blog.models import SEARCH_CONFIG, Post, Topic
from blog.paginators import CappedPaginator, CountKeptPaginator
from core.page_cache import kept_until_change
from core.previews import StaffPreviewMixin, may_preview

LATEST_POSTS_COUNT = 5
RELATED_POSTS_COUNT = 3
POSTS_PER_PAGE = 10
SEARCH_MAX_LENGTH = 200
# Search lists this many matches at most (ten pages): more words narrow a search better than page 50.
SEARCH_RESULTS_SHOWN = 100


class PostListView(ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.cards()

    def get_paginator(self, *args, **kwargs):
        return CountKeptPaginator(*args, count_name="public-posts", **kwargs)


class TopicDetailView(ListView):
    template_name = "blog/topic_detail.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Post.objects.cards().filter(topics=self.topic)

    def get_paginator(self, *args, **kwargs):
        return CountKeptPaginator(*args, count_name=f"public-posts-of-topic:{self.topic.pk}", **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class SearchView(ListView):
    """Full-text search on PostgreSQL (weighted, ranked, stemmed); an FTS5 index on SQLite (blog.search)."""

    template_name = "blog/search.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_query(self):
        """The visitor's words: control characters dropped, whitespace folded, at most 200 characters."""
        printable = "".join(char if char.isprintable() else " " for char in self.request.GET.get("q", ""))
        return " ".join(printable.split())[:SEARCH_MAX_LENGTH]

    def get_queryset(self):
        query = self.get_query()
        if not query:
            return Post.objects.none()
        posts = Post.objects.cards()
        if connection.vendor == "postgresql":
            words = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            return (
                posts.filter(search_vector=words)
                .annotate(rank=SearchRank(F("search_vector"), words))
                .order_by("-rank", "-published_at", "-id")
            )
        if search.match_expression(query) is None:
            return Post.objects.none()
        return posts.filter(pk__in=RawSQL(*search.matching_ids(query)))

    def get_paginator(self, *args, **kwargs):
        return CappedPaginator(*args, cap=SEARCH_RESULTS_SHOWN, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.get_query(), **kwargs)


class PostDetailView(StaffPreviewMixin, DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get(self, request, *args, **kwargs):
        """An article past its end time is gone for good: 410, with the latest articles to read instead."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if not Post.objects.ended().filter(slug=kwargs["slug"]).exists():
                raise
        context = {"latest_posts": Post.objects.cards()[:LATEST_POSTS_COUNT]}
        return TemplateResponse(request, "blog/post_gone.html", context, status=410)

    queryset = Post.objects.select_related("author__author_profile").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name", "slug"))
    )

    def get_object(self, queryset=None):
        """For visitors the public article, with its author and topics, is the same until the next change."""
        find = super().get_object
        if may_preview(self.request.user, Post):
            return find(queryset)
        return kept_until_change(f"article:{self.kwargs['slug']}", lambda: find(queryset))

    def get_context_data(self, **kwargs):
        post = self.object
        if post.is_public:  # the same for every visitor until the next change; a preview's are its own
            lists = kept_until_change(f"article-lists:{post.pk}", lambda: reading_on(post))
        else:
            lists = reading_on(post)
        return super().get_context_data(**lists, **kwargs)


class ArticleLink(NamedTuple):
    """What a link to another article shows. Kept instead of the article itself: reading fifteen articles
    back from the cache cost more than the rest of the lists did."""

    title: str
    get_absolute_url: str
    published_at: datetime

    @classmethod
    def to(cls, post):
        return cls(post.title, post.get_absolute_url(), post.published_at) if post else None


def reading_on(post):
    """Previous/Next, Related and Latest posts, each title on the page once: a list leaves out what the
    lists before it already show (a few more are read than shown, so each list stays full)."""
    surroundings = post.public_surroundings(latest_count=LATEST_POSTS_COUNT + 2 + RELATED_POSTS_COUNT)
    shown = {neighbour.pk for neighbour in (surroundings.previous, surroundings.next) if neighbour}
    related = [other for other in post.related_public(limit=RELATED_POSTS_COUNT + 2) if other.pk not in shown]
    related = related[:RELATED_POSTS_COUNT]
    shown |= {other.pk for other in related}
    latest = [other for other in surroundings.latest if other.pk not in shown][:LATEST_POSTS_COUNT]
    return {
        "previous_post": ArticleLink.to(surroundings.previous),
        "next_post": ArticleLink.to(surroundings.next),
        "latest_posts": [ArticleLink.to(other) for other in latest],
        "related_posts": [ArticleLink.to(other) for other in related],
    }

