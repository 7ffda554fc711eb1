"""RSS 2.0 and Atom feeds of the newest public posts (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from blog.models import Post, Topic
from core.site import site_facts

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    def get_object(self, request, *args, **kwargs):
        """The practice's facts: the feed's title and description come from them."""
        return site_facts()

    def title(self, practice):
        return f"{practice.name} — Blog"

    def description(self, practice):
        return practice.tagline or f"Articles from {practice.name}"

    def link(self):
        return reverse("blog:post_list")

    def items(self):
        return (
            Post.objects.cards()
            .select_related("author__author_profile")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name")))[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_author_name(self, post):
        return post.author_name or None

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.modified_at

    def item_guid(self, post):
        """Stable across title and slug changes."""
        return f"urn:practice-site:post:{post.pk}"

    item_guid_is_permalink = False

    def item_categories(self, post):
        return [topic.name for topic in post.topics.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, practice):
        return self.description(practice)
