from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone

from blog.editor import RichTextBodyAdminMixin
from blog.image_admin import KeepChangesWhenImageStorageFailsMixin
from blog.models import Post, Topic


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "excerpt", "body", "featured_image", "featured_image_alt", "topics", "meta_description",
            "status", "published_at", "author",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_at"].help_text += f" Times are in the practice’s time zone ({settings.TIME_ZONE})."


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Post.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        if self.value() == "published":
            return queryset.published()
        return queryset


@admin.register(Post)
class PostAdmin(KeepChangesWhenImageStorageFailsMixin, RichTextBodyAdminMixin, admin.ModelAdmin):
    form = PostAdminForm
    image_field = "featured_image"
    list_display = ["title", "state", "published_at", "updated_at"]
    list_filter = [StateFilter, "topics"]
    filter_horizontal = ["topics"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["author"]
    actions = ["publish_now", "move_to_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "body", "topics"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        ("For search engines and shared links", {"fields": ["meta_description"], "classes": ["collapse"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "author"],
                "description": "Choose “Published” and a time in the future to schedule an article: "
                "it appears on the site at that time by itself. Choose “Draft” to keep working on it privately. "
                "Use “View on site” to preview a draft as visitors will see it.",
            },
        ),
    ]

    @admin.display(description="State", ordering="status")
    def state(self, post):
        return post.state_label

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        not_public = queryset.filter(~Q(status=Post.Status.PUBLISHED) | Q(published_at__gt=timezone.now()))
        count = 0
        for post in not_public:
            post.status = Post.Status.PUBLISHED
            post.published_at = timezone.now()
            post.save()
            count += 1
        self.message_user(request, f"{count} article(s) published now.", messages.SUCCESS)

    @admin.action(description="Move back to draft", permissions=["change"])
    def move_to_draft(self, request, queryset):
        count = 0
        for post in queryset.exclude(status=Post.Status.DRAFT):
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
