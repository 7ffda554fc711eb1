"""On SQLite, search reads an FTS5 index of each article's words (blog.search), filled here for the articles
there are; PostgreSQL keeps its own full-text search and needs nothing."""

from django.db import migrations
from django.utils.html import strip_tags

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS blog_post_search USING fts5(title, excerpt, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)


def create_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    Post = apps.get_model("blog", "Post")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE)
        rows = [
            (pk, title, excerpt, " ".join(strip_tags(body).split()))
            for pk, title, excerpt, body in Post.objects.values_list("pk", "title", "excerpt", "body").iterator()
        ]
        cursor.executemany(
            "INSERT INTO blog_post_search (rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)", rows
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS blog_post_search")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0017_post_is_called_article"),
    ]

    operations = [migrations.RunPython(create_and_fill, drop)]
