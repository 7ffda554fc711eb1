from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef

from blog.models import Post, Topic


class PostSitemap(Sitemap):
    changefreq = "monthly"
    # Pages of the posts section (listed in the sitemap index), so a large blog renders in small pieces.
    limit = 1000

    def items(self):
        return Post.objects.published().newest_first().only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at

    def get_latest_lastmod(self):
        """For the sitemap index: one aggregate, where Django would read every post."""
        return Post.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        public_posts = Post.objects.published().filter(topics=OuterRef("pk"))
        return Topic.objects.filter(Exists(public_posts)).only("slug")
