"""Whatever a visitor (or a bot) sends to a public address, the answer is never a server error.

Property-based: hypothesis generates the input. The test client re-raises any
exception a view lets through, so a crash fails the test with its traceback.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import Topic

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ANY_TEXT = st.text(max_size=300)
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=200)
PUBLIC_LISTS = [
    reverse("blog:post_list"),
    reverse("blog:search"),
    reverse("blog:topic_detail", args=["sleep"]),
    reverse("blog:feed"),
    reverse("blog:feed_atom"),
    reverse("sitemap"),
]


@pytest.fixture
def site(post_factory):
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    for number in range(12):
        post_factory(ago=timedelta(hours=number + 1)).topics.add(topic)


def assert_handled(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(query=ANY_TEXT, page=ANY_TEXT)
def test_search_and_page_numbers(site, query, page):
    assert_handled(Client().get(reverse("blog:search"), {"q": query, "page": page}))


@FUZZ
@given(url=st.sampled_from(PUBLIC_LISTS), parameters=st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=4))
def test_lists_feeds_and_sitemap_with_any_query_string(site, url, parameters):
    assert_handled(Client().get(url, parameters))


@FUZZ
@given(slug=st.text(min_size=1, max_size=200), prefix=st.sampled_from(["/", "/blog/", "/blog/topic/", "/services/"]))
def test_any_address_under_the_public_sections(site, slug, prefix):
    assert_handled(Client().get(prefix + quote(slug, safe="") + "/"))


@FUZZ
@given(host=HEADER_TEXT)
def test_any_host_header(site, host):
    assert_handled(Client().get("/", HTTP_HOST=host))


@FUZZ
@given(etag=HEADER_TEXT, since=HEADER_TEXT, url=st.sampled_from(["/", reverse("blog:post_list"), reverse("blog:feed")]))
def test_any_conditional_request_headers(site, etag, since, url):
    assert_handled(Client().get(url, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=since))


CONTACT_FIELDS = ["name", "email", "phone", "preferred_contact", "message", "acknowledgement", "website", "started"]


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={field: ANY_TEXT for field in CONTACT_FIELDS}))
def test_any_contact_form_submission(db, data):
    response = Client(REMOTE_ADDR="198.51.100.20").post(reverse("contact:form"), data)
    assert response.status_code in (200, 302, 400, 429)
