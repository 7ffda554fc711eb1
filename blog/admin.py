from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from blog.models import AuthorProfile, Post, Topic, Visibility
from core.editor import RichTextBodyAdminMixin
from core.image_admin import KeepChangesWhenImageStorageFailsMixin
from core.preview_admin import PreviewLinksAdminMixin
from core.revisions import VersionHistoryAdmin
from core.writing_checks import reading_checks
from core.writing_room import WritingRoomAdminMixin


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "excerpt", "body", "featured_image", "featured_image_alt", "topics", "meta_description",
            "status", "published_at", "unpublish_at", "email_subscribers", "author", "reviewed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("published_at", "unpublish_at"):
            if name in self.fields:  # not for those who may only view
                self.fields[name].help_text += f" In {practice_time_zone_name()} time."

    def full_clean(self):
        """A browser forgets a chosen file when the form comes back with a problem: say so, beside the field."""
        super().full_clean()
        if self.is_bound and self._errors and self.files.get("featured_image"):
            self.add_error(
                "featured_image",
                "Please choose the image again before saving: browsers forget a chosen file when the form "
                "comes back with something to correct.",
            )


def practice_time_zone_name():
    """“New York” for America/New_York: the practice's time zone as people say it."""
    return settings.TIME_ZONE.rsplit("/", 1)[-1].replace("_", " ")


class VisibilityFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Visibility.choices

    def queryset(self, request, queryset):
        return queryset.with_visibility(self.value()) if self.value() in Visibility.values else queryset


def writers(user, item=None):
    """Whom an article (or an author profile) may belong to: any writer, for editors; otherwise oneself.

    `item` keeps the writer it already belongs to, so editing a colleague's article never changes its author.
    """
    owner = getattr(item, "author_id", None) or getattr(item, "user_id", None) or user.pk
    mine = Q(pk__in=[user.pk, owner])
    if user.has_perm("blog.credit_other_writers"):
        may_write = Q(is_superuser=True)
        for codename in ("add_post", "change_post"):
            may_write |= Q(user_permissions__codename=codename) | Q(groups__permissions__codename=codename)
        # A writer who has left keeps the articles they wrote: saving one must not fail on its author.
        return get_user_model().objects.filter(Q(may_write, is_active=True, is_staff=True) | mine).distinct()
    return get_user_model().objects.filter(mine)


def writer_name(account):
    """The name readers see for an account: its author profile's, else its full name — a login name last."""
    profile = getattr(account, "author_profile", None)
    return (profile.display_name if profile else account.get_full_name()) or account.get_username()


def offer_writers(form, field_name, user, item):
    """The form's writer choice: only whom `user` may credit, each once, by the name readers see."""
    if field_name in form.base_fields:  # not for those who may only view
        field = form.base_fields[field_name]
        field.queryset = writers(user, item).select_related("author_profile")
        field.label_from_instance = writer_name
        field.initial = user.pk


@admin.register(Post)
class PostAdmin(
    WritingRoomAdminMixin,
    PreviewLinksAdminMixin,
    KeepChangesWhenImageStorageFailsMixin,
    RichTextBodyAdminMixin,
    VersionHistoryAdmin,
):
    form = PostAdminForm
    public_address_prefix = "/blog/"
    summary_field = "excerpt"
    # Restoring a version brings back the writing, never a different schedule.
    kept_on_restore = ("status", "published_at", "unpublish_at")
    list_display = ["title", "state", "publish_time", "author_name"]
    list_filter = [VisibilityFilter, "topics"]
    filter_horizontal = ["topics"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["author", "author__author_profile"]
    actions = ["publish_now", "move_to_draft"]
    # The writing first, as wide as the published article; everything else in named groups below it.
    fieldsets = [
        (None, {"fields": ["title", "body"], "classes": ["writing"]}),
        ("Summary", {"fields": ["excerpt"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "unpublish_at", "email_subscribers", "author", "reviewed_on"],
                "description": "Choose “Published” and a time in the future to schedule an article: "
                "it appears on the site at that time by itself. Choose “Draft” to keep working on it privately. "
                "Use “View on site” to see a draft as visitors will, or “Share a preview” below to show it to "
                "someone without an account.",
            },
        ),
        ("Web address and topics", {"fields": ["slug", "topics"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        ("For search engines and shared links", {"fields": ["meta_description"], "classes": ["search-preview"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.author_id == request.user.pk and request.user.get_full_name():  # never a login name as a byline
            AuthorProfile.objects.get_or_create(
                user=request.user, defaults={"display_name": request.user.get_full_name()}
            )
        if obj.status == Post.Status.PUBLISHED:
            when = "Readers see this now" if obj.is_public else "Before readers see it"
            for warning in reading_checks(obj.body, obj.excerpt, obj.meta_description):
                messages.warning(request, f"{when}: {warning}")

    @admin.display(description="State", ordering="status")
    def state(self, post):
        return post.state_label

    @admin.display(description="Publish time", ordering="published_at")
    def publish_time(self, post):
        """“Dec 8, 9:00 AM” in the practice's zone; with the year when it is not this year."""
        if post.published_at is None:
            return "—"
        local = timezone.localtime(post.published_at)
        pattern = "M j, g:i A" if local.year == timezone.localdate().year else "M j, Y, g:i A"
        return date_format(local, pattern)

    @admin.display(description="Author", ordering="author__author_profile__display_name")
    def author_name(self, post):
        return post.author_name

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        offer_writers(form, "author", request.user, obj)
        if "author" in form.base_fields:
            form.base_fields["author"].help_text = (
                f"Your account and your author profile are one person: what you write is signed "
                f"“{writer_name(request.user)}”, with your author box."
            )
        return form

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for post in queryset.drafts() | queryset.scheduled() | queryset.ended():
            post.status = Post.Status.PUBLISHED
            post.published_at = timezone.now()
            if post.unpublish_at and post.unpublish_at <= post.published_at:
                post.unpublish_at = None
            post.save()
            count += 1
        self.message_user(request, f"{count} article(s) published now.", messages.SUCCESS)

    @admin.action(description="Move back to draft", permissions=["change"])
    def move_to_draft(self, request, queryset):
        count = 0
        for post in queryset.published() | queryset.scheduled():
            post.status = Post.Status.DRAFT
            post.save()
            count += 1
        self.message_user(
            request, f"{count} article(s) moved back to draft; visitors no longer see them.", messages.SUCCESS
        )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, topic):
        return topic.post_count


@admin.register(AuthorProfile)
class AuthorProfileAdmin(KeepChangesWhenImageStorageFailsMixin, admin.ModelAdmin):
    """Each writer keeps their own profile; editors (who may credit other writers) keep everyone's."""

    list_display = ["display_name", "credentials"]
    fields = ["user", "display_name", "credentials", "bio", "portrait", "portrait_alt"]

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        return profiles if request.user.has_perm("blog.credit_other_writers") else profiles.filter(user=request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        offer_writers(form, "user", request.user, obj)
        return form
