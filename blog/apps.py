from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        """Tell the site-wide parts (core) about posts: they import no app of ours."""
        from django.db.models.signals import post_delete

        from blog import search
        from blog.desk import writing_note
        from blog.models import AuthorProfile, Post, Topic
        from blog.views import PostDetailView
        from core import backup, desk, page_cache, previews, redirects, richtext

        page_cache.track_content_changes(Post, Topic, AuthorProfile, relations=[Post.topics.through])
        post_delete.connect(
            lambda instance, **kwargs: search.is_used() and search.unindex(instance.pk),
            sender=Post,
            weak=False,
            dispatch_uid="blog-search-unindex",
        )
        page_cache.register_next_change(Post.objects.next_change_time)
        redirects.track_address_changes(Post)
        richtext.register_rich_text(Post)
        previews.register_preview(Post, PostDetailView)
        desk.place("Writing", Post, Topic, AuthorProfile)
        desk.add_note(writing_note)
        backup.register_backup(Topic, AuthorProfile, Post, after_restore=Post.objects.refresh_search_vectors)
