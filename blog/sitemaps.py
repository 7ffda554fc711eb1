from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from blog.models import Post
from blog.paginators import CountKeptPaginator
from blog.topic_list import topics_with_public_posts
from core.page_cache import kept_until_change


class PostSitemap(Sitemap):
    changefreq = "monthly"
    # Pages of the posts section (listed in the sitemap index), so a large blog renders in small pieces: a
    # page of 1,000 articles left a worker 7 MB larger for good, one of 250 pairs leaves it as it was.
    limit = 250

    def items(self):
        """(slug, last change) pairs: a page of them weighs a fraction of as many articles."""
        return Post.objects.published().newest_first().values_list("slug", "updated_at")

    def location(self, post):
        return reverse("blog:post_detail", args=[post[0]])

    def lastmod(self, post):
        return post[1]

    @property
    def paginator(self):
        """The sitemap index lists one sitemap per `limit` posts: counted once per change, as the blog's list is."""
        return CountKeptPaginator(self._items(), self.limit, count_name="public-posts")

    def get_latest_lastmod(self):
        """For the sitemap index: one aggregate, where Django would read every post — once per change."""
        return kept_until_change(
            "public-posts-last-modified",
            lambda: Post.objects.published().aggregate(latest=Max("updated_at"))["latest"],
        )


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return topics_with_public_posts()

    def location(self, topic):
        return topic.get_absolute_url
