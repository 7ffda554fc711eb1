from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        """Tell the site-wide parts (core) about posts: they import no app of ours."""
        from blog.desk import writing_note
        from blog.models import AuthorProfile, Post, Topic
        from blog.views import PostDetailView
        from core import backup, desk, page_cache, previews, redirects, richtext

        page_cache.track_content_changes(Post, Topic, AuthorProfile, relations=[Post.topics.through])
        page_cache.register_next_change(Post.objects.next_change_time)
        redirects.track_address_changes(Post)
        richtext.register_rich_text(Post)
        previews.register_preview(Post, PostDetailView)
        desk.place("Writing", Post, Topic, AuthorProfile)
        desk.add_note(writing_note)
        backup.register_backup(Topic, AuthorProfile, Post, after_restore=Post.objects.refresh_search_vectors)
