from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from blog.models import Post

LATEST_POSTS_COUNT = 5


def latest_public_posts(count=LATEST_POSTS_COUNT, exclude=None):
    """The newest public posts, for the "Latest posts" blocks."""
    posts = Post.objects.published().newest_first().only("title", "slug", "published_at")
    if exclude is not None:
        posts = posts.exclude(pk=exclude.pk)
    return posts[:count]


def can_preview(user):
    """Staff who may edit posts see drafts and scheduled posts as they will look."""
    return user.is_active and user.is_staff and user.has_perm("blog.change_post")


class PostListView(ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return Post.objects.published().newest_first().defer("body")


class PostDetailView(DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        posts = Post.objects.select_related("author")
        return posts if can_preview(self.request.user) else posts.published()

    def get_context_data(self, **kwargs):
        post = self.object
        return super().get_context_data(
            previous_post=post.previous_public(),
            next_post=post.next_public(),
            latest_posts=latest_public_posts(exclude=post),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response
