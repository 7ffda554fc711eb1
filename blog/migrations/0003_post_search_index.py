"""GIN index on the stored search vector, on PostgreSQL only.

SQLite (the local default) has no full-text index type; search there falls
back to a case-insensitive match, so this migration does nothing on it.
"""

from django.db import migrations

INDEX = "blog_post_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON blog_post USING gin (search_vector)")
    schema_editor.execute(
        "UPDATE blog_post SET search_vector ="
        " setweight(to_tsvector('english', coalesce(title, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(excerpt, '')), 'B')"
        " || setweight(to_tsvector('english', coalesce(body, '')), 'C')"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("blog", "0002_topics_meta_description_search_vector")]

    operations = [migrations.RunPython(create_index, drop_index)]
