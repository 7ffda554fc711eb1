"""Search over public posts: full text on PostgreSQL, a plain match elsewhere; any input is safe."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Post
from blog.views import SEARCH_MAX_LENGTH

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("blog:search")
HOSTILE_QUERIES = [
    "'", '"', "''", "%", "_", "%_%", "\\", "--", "; DROP TABLE blog_post; --", "' OR 1=1 --",
    "<script>alert(1)</script>", "&&&", "|", "!", "!!", "()", ")(", ":*", "a & | b", "\x00", "ümlaut café",
    "日本語のテキスト", "😀", "-", "+", "*", "OR", "AND NOT", "a" * 500, "\u202e", "\t\n", "\"unclosed",
]


def test_search_finds_by_title_excerpt_and_body(client, post_factory):
    post_factory(title="Understanding attachment", slug="by-title")
    post_factory(title="Second", slug="by-excerpt", excerpt="A note on attachment in couples.")
    post_factory(title="Third", slug="by-body", body="<p>Early attachment shapes us.</p>")
    post_factory(title="Unrelated", slug="unrelated", body="<p>Sleep hygiene.</p>")
    page = client.get(SEARCH_URL, {"q": "attachment"}).content.decode()
    for slug in ("by-title", "by-excerpt", "by-body"):
        assert f"/blog/{slug}/" in page
    assert "/blog/unrelated/" not in page
    assert "3 articles found" in page


def test_search_is_case_insensitive(client, post_factory):
    post_factory(title="Grief has no timetable", slug="grief")
    assert "/blog/grief/" in client.get(SEARCH_URL, {"q": "GRIEF"}).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking and stemming need PostgreSQL full-text search")
def test_postgresql_ranks_a_title_match_above_a_body_match_and_stems_words(client, post_factory):
    post_factory(title="A day at the office", slug="body-match", body="<p>Some thoughts on boundaries.</p>")
    post_factory(title="Boundaries without guilt", slug="title-match", body="<p>Saying no.</p>")
    response = client.get(SEARCH_URL, {"q": "boundary"})
    page = response.content.decode()
    assert page.index("/blog/title-match/") < page.index("/blog/body-match/")


def test_the_search_backend_matches_the_database(client, post_factory):
    """CI's PostgreSQL run must exercise full-text search, not the fallback."""
    post_factory(title="Boundaries", slug="boundaries")
    with CaptureQueriesContext(connection) as queries:
        client.get(SEARCH_URL, {"q": "boundaries"})
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert "websearch_to_tsquery" in sql
        assert "search_vector" in sql
    else:
        assert "blog_post_search MATCH" in sql, "SQLite's FTS5 index, not a scan of every article"
        assert "LIKE" not in sql


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index (blog.search)")
def test_on_sqlite_words_are_found_by_their_stem_start_and_letters_never_by_markup(client, post_factory):
    post_factory(title="Sleeping well", slug="sleeping", body="<p>On <strong>rest</strong>.</p>")
    post_factory(title="Café conversations", slug="cafe", body="<p>Talking.</p>")
    post_factory(title="Grief", slug="grief", body="<p>Loss.</p>")
    found = lambda query: client.get(SEARCH_URL, {"q": query}).content.decode()  # noqa: E731
    assert "/blog/sleeping/" in found("sleep") and "/blog/sleeping/" in found("slee")
    assert "/blog/cafe/" in found("cafe")
    assert "/blog/sleeping/" not in found("strong"), "a tag's name is not a word of the article"
    assert "/blog/grief/" not in found("sleep grief"), "every word must be found"
    edited = Post.objects.get(slug="grief")
    edited.body = "<p>Loss and sleep.</p>"
    edited.save()
    assert "/blog/grief/" in found("sleep grief"), "a save updates the index"
    edited.delete()
    assert "/blog/grief/" not in found("loss")


def test_empty_or_blank_query_shows_the_form_not_an_error(client, post_factory):
    post_factory()
    for query in ("", "   ", "\t"):
        response = client.get(SEARCH_URL, {"q": query})
        assert response.status_code == 200
        assert 'id="search-q"' in response.content.decode()
        assert "found for" not in response.content.decode()
    assert client.get(SEARCH_URL).status_code == 200


def test_long_queries_are_cut(client):
    response = client.get(SEARCH_URL, {"q": "x" * 1000})
    assert response.status_code == 200
    assert response.context["query"] == "x" * SEARCH_MAX_LENGTH


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_input_answers_200(client, post_factory, query):
    post_factory(title="Harbour", body="<p>100% of _this_ text</p>")
    assert client.get(SEARCH_URL, {"q": query}).status_code == 200


def test_the_header_has_a_search_box_on_every_page(client):
    page = client.get("/").content.decode()
    assert 'role="search"' in page and f'action="{SEARCH_URL}"' in page


def test_a_second_page_of_results_keeps_the_words(client, post_factory):
    for number in range(12):
        post_factory(title=f"On sleep {number}", slug=f"sleep-{number}")
    first = client.get(SEARCH_URL, {"q": "sleep"}).content.decode()
    assert "12 articles found" in first
    assert 'href="?q=sleep&amp;page=2" rel="next"' in first
    second = client.get(SEARCH_URL, {"q": "sleep", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and 'href="?q=sleep&amp;page=1" rel="prev"' in second


def test_a_common_word_lists_the_first_matches_and_asks_for_another_word(client, post_factory, monkeypatch):
    """Counting every match of a common word took longer than the rest of the page: matches are counted up
    to SEARCH_RESULTS_SHOWN."""
    monkeypatch.setattr("blog.views.SEARCH_RESULTS_SHOWN", 20)
    for number in range(25):
        post_factory(title=f"Sleep, part {number}", slug=f"sleep-{number}")
    post_factory(title="Sleep and dreams", slug="dreams")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(SEARCH_URL, {"q": "sleep"}).content.decode()
    assert "More than 20 articles found for “sleep”: the first 20 are listed. Add a word to find fewer." in page
    assert "Page 1 of 2" in page
    assert any("LIMIT 21" in query["sql"] for query in queries.captured_queries)
    assert client.get(SEARCH_URL, {"q": "sleep", "page": 3}).status_code == 404
    assert "1 article found" in client.get(SEARCH_URL, {"q": "sleep dreams"}).content.decode()
