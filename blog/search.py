"""Search on SQLite: an FTS5 index of each article's title, excerpt and plain text (PostgreSQL has its own
full-text search: blog.models.SEARCH_VECTOR).

`icontains` read every article's whole text for every search — 10,000 articles, ten times the time. The
index holds the words alone (no HTML: searching "strong" no longer finds bold text), stemmed ("sleeping"
finds "sleep") and without accents; each word the visitor types must start a word of the article.
The article's save writes its row (blog.models.Post.finish_save), a delete removes it; a restore or a
bulk change rebuilds the whole index (`rebuild`).
"""

from django.db import connection

TABLE = "blog_post_search"  # made by migration blog 0018


def is_used():
    return connection.vendor == "sqlite"


def index(post_id, title, excerpt, text):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [post_id])
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)",
            [post_id, title, excerpt, text],
        )


def unindex(post_id):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [post_id])


def rebuild(rows):
    """Index anew from `rows` of (id, title, excerpt, plain text)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.executemany(f"INSERT INTO {TABLE} (rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)", list(rows))


def match_expression(query):
    """The visitor's words as an FTS5 query: each a quoted prefix, all of them required; None for no word.

    Quoting makes every character plain text: nothing typed is read as FTS5 syntax (AND, NEAR, column:).
    """
    words = [word.replace('"', '""') for word in query.split()]
    words = [word for word in words if any(char.isalnum() for char in word)]
    return " ".join(f'"{word}"*' for word in words) or None


def matching_ids(query):
    """SQL (with its parameters) for the ids of the articles matching `query` (listed newest first)."""
    return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match_expression(query)]
