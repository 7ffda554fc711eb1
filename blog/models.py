import operator
from datetime import datetime, time
from functools import reduce
from typing import NamedTuple

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from blog import search
from core.imaging import validate_image_upload
from core.richtext import html_to_text, prepare_body, reading_minutes, summarize, validate_body_images
from core.saving import SavedInOrder
from core.validators import one_line, validate_single_line

SEARCH_CONFIG = "english"
# Stored on PostgreSQL at save time; GIN-indexed by migration 0003.
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config=SEARCH_CONFIG)
    + SearchVector("excerpt", weight="B", config=SEARCH_CONFIG)
    + SearchVector("body", weight="C", config=SEARCH_CONFIG)
)

# Slugs that would collide with URLs under /blog/ (feeds, topics, search).
RESERVED_SLUGS = {"feed", "topic", "search"}


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is used by another part of the blog. Please choose a different web address.",
            params={"slug": slug},
        )


class AuthorProfile(SavedInOrder):
    """How a writer is presented to readers: the byline and the box at the end of each of their articles."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile")
    display_name = models.CharField(max_length=120, help_text="Your name as readers see it, e.g. “Dana Whitfield”.")
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. LCSW")
    bio = models.TextField(
        max_length=400, blank=True, help_text="Two sentences about you and how you work, shown after your articles."
    )
    portrait = models.ImageField(
        upload_to="authors/",
        blank=True,
        validators=[validate_image_upload],
        help_text="Optional. JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed automatically.",
    )
    portrait_renditions = models.JSONField(default=dict, editable=False)
    portrait_alt = models.CharField(
        "portrait description", max_length=200, blank=True, help_text="e.g. “Dana smiling in her office”."
    )

    images = {"portrait": "portrait_alt"}

    class Meta:
        verbose_name = "author profile"

    def __str__(self):
        return self.display_name

    @property
    def byline(self):
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class TopicQuerySet(models.QuerySet):
    def with_public_posts(self):
        """Topics with at least one public post, each with how many (`public_posts`), A to Z whatever the case."""
        public = Post.objects.published().filter(topics=models.OuterRef("pk")).order_by()
        count = public.values("topics").annotate(number=Count("pk")).values("number")
        return (
            self.annotate(public_posts=models.Subquery(count))
            .filter(public_posts__gt=0)
            .only("name", "slug")
            .order_by(Lower("name"), "pk")
        )


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its web address: /blog/topic/this-part/.")
    description = models.TextField(blank=True, help_text="Optional: a sentence or two shown on the topic page.")

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:topic_detail", kwargs={"slug": self.slug})


def _as_admin_time(when):
    """“Tue, Jan 14, 9:00 AM” in the practice’s time zone: how the admin names a moment."""
    return date_format(timezone.localtime(when), "D, M j, g:i A")


class Visibility(models.TextChoices):
    """Where a post stands for readers at a moment: the publishing rule's four answers."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLIC = "published", "Published"
    ENDED = "ended", "Ended"


def visibility_rule(visibility, now):
    """The posts that have `visibility` at `now`, as a query; `Post.visibility_at` answers the same for one post
    (tests/test_publishing.py holds the two together). A post is public iff it is published, due, and not ended."""
    published = Q(status="published")
    due = Q(published_at__lte=now)
    return {
        Visibility.DRAFT: ~published,
        Visibility.SCHEDULED: published & Q(published_at__gt=now),
        Visibility.ENDED: published & due & Q(unpublish_at__lte=now),
        Visibility.PUBLIC: published & due & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now)),
    }[visibility]


class PostQuerySet(models.QuerySet):
    def refresh_search_vectors(self):
        """Compute the search index anew (PostgreSQL's vectors, SQLite's FTS5 table): it is not kept in
        backups, nor written by bulk changes."""
        if connection.vendor == "postgresql":
            self.update(search_vector=SEARCH_VECTOR)
        elif search.is_used():
            rows = self.values_list("pk", "title", "excerpt", "body").iterator()
            search.rebuild((pk, title, excerpt, html_to_text(body)) for pk, title, excerpt, body in rows)

    def published(self):
        """The one publishing rule: published, due, and not yet ended. Every public page starts here."""
        return self.filter(visibility_rule(Visibility.PUBLIC, timezone.now()))

    def scheduled(self):
        """Published, but not due yet: each becomes public by itself at its time."""
        return self.filter(visibility_rule(Visibility.SCHEDULED, timezone.now()))

    def ended(self):
        """Published once, and past the end of its public life: its address answers 410 Gone."""
        return self.filter(visibility_rule(Visibility.ENDED, timezone.now()))

    def drafts(self):
        return self.filter(visibility_rule(Visibility.DRAFT, timezone.now()))

    def with_visibility(self, visibility):
        return self.filter(visibility_rule(visibility, timezone.now()))

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def cards(self):
        """Public posts as list cards: everything but the body, newest first."""
        return self.published().newest_first().defer("body", "search_vector")

    def next_change_time(self):
        """When the next post appears or ends, or None: no cached page may outlive that moment (one query)."""
        now = timezone.now()
        upcoming = self.filter(Q(published_at__gt=now) | Q(unpublish_at__gt=now), status=Post.Status.PUBLISHED)
        moments = upcoming.aggregate(
            appears=Min("published_at", filter=Q(published_at__gt=now)),
            ends=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
        )
        return min((moment for moment in moments.values() if moment is not None), default=None)


RELATED_CANDIDATES = 60


class PublicSurroundings(NamedTuple):
    previous: "Post | None"
    next: "Post | None"
    latest: list


# Versions keep the writing; images and what is computed on save are not versioned.
@reversion.register(exclude=["featured_image", "featured_image_renditions", "summary", "reading_time", "search_vector"])
class Post(SavedInOrder):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_not_reserved],
        help_text="The end of the article’s web address, e.g. /blog/this-part/. "
        "Filled in from the title. If you change it later, the old address keeps working and leads here.",
    )
    excerpt = models.TextField(
        blank=True,
        help_text="One or two sentences shown in lists and in search results. "
        "Leave empty to use the opening of the article.",
    )
    body = models.TextField(blank=True, validators=[validate_body_images])
    featured_image = models.ImageField(
        upload_to="featured/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        help_text="Optional: a calm photo shown at the top of the article, in lists and when the article is shared. "
        "JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed automatically.",
    )
    featured_image_alt = models.CharField(
        "featured image description",
        max_length=200,
        blank=True,
        help_text="Required with an image: describe it in a sentence for visitors who cannot see it "
        "(screen readers read this aloud), e.g. “Morning light over a quiet lake”.",
    )
    featured_image_renditions = models.JSONField(default=dict, editable=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts")

    images = {"featured_image": "featured_image_alt"}
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional: the short description search engines and shared links show. "
        "Leave empty to use the excerpt.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="A draft is never shown to visitors. "
        "A published article appears on the site at its publish time — not before.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="When the article goes live. Pick a time in the future to schedule it; "
        "it then appears on its own at that minute — you don’t need to come back. "
        "Leave empty to publish right away.",
    )
    unpublish_at = models.DateTimeField(
        "end time",
        null=True,
        blank=True,
        help_text="Optional: when the article leaves the site by itself (an announcement, an event). From that "
        "minute it is gone from every list, feed and search, and its address says it is no longer available.",
    )
    email_subscribers = models.BooleanField(
        "email it to subscribers",
        default=True,
        help_text="When the article becomes public, readers who asked for new articles get it by email, once.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text="Readers see the name in the author's profile (Blog → Author profiles), never a login name.",
    )
    reviewed_on = models.DateField(
        "reviewed on",
        null=True,
        blank=True,
        help_text="Optional: the day you last revised the article in substance. Shown as “Updated …” and to search "
        "engines; small corrections need no new date.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    summary = models.TextField(
        editable=False,
        help_text="The excerpt, or the opening of the body when the excerpt is empty; computed on save.",
    )
    reading_time = models.PositiveSmallIntegerField("reading time (minutes)", default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "article"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at", "id"], name="post_public_order")]
        permissions = [("credit_other_writers", "Can credit an article to another writer")]

    def __str__(self):
        return self.title

    def prepare_save(self):
        self.title = one_line(self.title)
        self.body = prepare_body(self.body)
        text = html_to_text(self.body)
        self.summary = self.excerpt.strip() or summarize(text)
        self.reading_time = reading_minutes(text)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def finish_save(self):
        if connection.vendor == "postgresql":
            Post.objects.filter(pk=self.pk).update(search_vector=SEARCH_VECTOR)
        elif search.is_used():
            search.index(self.pk, self.title, self.excerpt, html_to_text(self.body))

    def get_absolute_url(self):
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        starts = self.published_at or timezone.now()
        if self.unpublish_at and self.status == self.Status.PUBLISHED and self.unpublish_at <= starts:
            raise ValidationError({"unpublish_at": "The end time must come after the publish time."})

    @property
    def description(self):
        return self.meta_description or self.summary

    @property
    def author_profile(self):
        return getattr(self.author, "author_profile", None)

    @property
    def author_name(self):
        """The name readers see: the author profile's, else the account's full name — never a login name."""
        profile = self.author_profile
        return profile.display_name if profile else self.author.get_full_name()

    @property
    def byline(self):
        """The author as the byline names them, e.g. “Dana Whitfield, LCSW” ("" when no name is known)."""
        profile = self.author_profile
        return profile.byline if profile else self.author.get_full_name()

    @property
    def modified_at(self):
        """When the article last changed for readers: its review date, else its publication (not every small edit)."""
        if self.reviewed_on:
            return timezone.make_aware(datetime.combine(self.reviewed_on, time()))
        return self.published_at

    def visibility_at(self, now):
        """This post's answer to the publishing rule (`visibility_rule` is the same rule as a query)."""
        if self.status != self.Status.PUBLISHED:
            return Visibility.DRAFT
        if self.published_at is not None and self.published_at > now:
            return Visibility.SCHEDULED
        if self.unpublish_at is not None and self.unpublish_at <= now:
            return Visibility.ENDED
        return Visibility.PUBLIC

    @property
    def visibility(self):
        return self.visibility_at(timezone.now())

    @property
    def is_public(self):
        """What every item with an address answers (posts, services, pages): may visitors see it now?"""
        return self.visibility == Visibility.PUBLIC

    @property
    def state_label(self):
        """“Draft”, “Scheduled”, “Published until Tue, Jan 14, 9:00 AM” (in the practice’s zone) or “Ended”:
        the article list's state, beside the publish time."""
        visibility = self.visibility
        if visibility == Visibility.PUBLIC and self.unpublish_at:
            return f"Published until {_as_admin_time(self.unpublish_at)}"
        return visibility.label

    def public_surroundings(self, latest_count=5):
        """Previous, Next and the latest other public posts, read in one query.

        Previous is the public post published just before this one (older), Next
        the one just after (newer); ties on `published_at` are broken by id. The
        query asks for the ids of the three lists at once and sorts them out here.
        """
        public = Post.objects.published().exclude(pk=self.pk)
        id_lists = [public.newest_first().values("pk")[:latest_count]]
        if self.published_at is not None:
            at, pk = self.published_at, self.id
            # The plain bound on published_at lets the index start right next to this post.
            older = public.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=pk), published_at__lte=at)
            newer = public.filter(Q(published_at__gt=at) | Q(published_at=at, id__gt=pk), published_at__gte=at)
            id_lists += [older.newest_first().values("pk")[:1], newer.order_by("published_at", "id").values("pk")[:1]]
        # Asking for the ids alone lets the database look each post up by its key, not walk every public
        # post: one UNION where the database allows LIMIT inside it (PostgreSQL), else ORs that SQLite
        # answers with one primary-key lookup each.
        if connection.features.supports_slicing_ordering_in_compound:
            wanted = Q(pk__in=id_lists[0].union(*id_lists[1:], all=True))
        else:
            wanted = reduce(operator.or_, (Q(pk__in=ids) for ids in id_lists))
        posts = sorted(
            Post.objects.filter(wanted).only("title", "slug", "published_at"),
            key=lambda post: (post.published_at, post.id),
            reverse=True,
        )
        here = (self.published_at, self.id)
        older_posts = [post for post in posts if self.published_at is not None and (post.published_at, post.id) < here]
        newer_posts = [post for post in posts if self.published_at is not None and (post.published_at, post.id) > here]
        return PublicSurroundings(
            previous=older_posts[0] if older_posts else None,
            next=newer_posts[-1] if newer_posts else None,
            latest=posts[:latest_count],
        )

    def related_public(self, limit=3, candidates=RELATED_CANDIDATES):
        """Public posts sharing the most topics with this one, newest first on ties (one query).

        Only the `candidates` newest posts sharing a topic are weighed, so the
        cost stays the same however many posts a topic gathers over the years.
        Reads this post's topics from `self.topics.all()`, so prefetch them.
        """
        topic_ids = [topic.id for topic in self.topics.all()]
        if not topic_ids:
            return []
        sharing = Post.objects.published().exclude(pk=self.pk).filter(topics__in=topic_ids)
        return list(
            Post.objects.filter(pk__in=sharing.newest_first().values("pk")[:candidates], topics__in=topic_ids)
            .annotate(shared_topics=Count("topics"))
            .only("title", "slug", "published_at", "summary")
            .order_by("-shared_topics", "-published_at", "-id")[:limit]
        )
