"""Insights count views, referring sites, searches and requests after an article on the site's own server —
cached pages included — and keep nothing about a person (docs/insights.md)."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ConsultationRequest
from insights import counting
from insights.models import MonthlyPageViews, PageViews, RequestsAfterArticle, SearchTerm
from insights.retention import forget_old_search_terms, roll_up_old_days, roll_up_old_requests

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile Safari/604.1"
A_VISITOR = {"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "203.0.113.77"}
FULL_REFERRER = "https://www.google.com/search?q=therapist+brooklyn+anxiety"


@pytest.fixture(autouse=True)
def nothing_pending():
    counting.flush()
    counting._pending.clear()
    yield
    counting._pending.clear()


@pytest.fixture
def article(post_factory, profile):
    return post_factory(title="Anxiety is not the enemy", slug="anxiety-is-not-the-enemy")


def visit(client, url, **headers):
    return client.get(url, **A_VISITOR, **headers)


def views_of(path, source=None):
    counting.flush()
    rows = PageViews.objects.filter(path=path, **({"source": source} if source else {}))
    return sum(row.views for row in rows)


def test_a_view_served_from_the_page_cache_is_counted(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    visit(client, url)
    for _ in range(5):
        with django_assert_num_queries(0):  # from the cache, and counting writes nothing meanwhile
            assert visit(client, url).status_code == 200
    assert views_of(url) == 6


def test_a_view_rendered_without_the_page_cache_is_counted(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        visit(client, article.get_absolute_url())
    assert views_of(article.get_absolute_url()) == 3


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_DNT": "1"},
        {"HTTP_SEC_GPC": "1"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 11) Chrome/120.0 Mobile Safari/537.36 Chrome-Lighthouse"},
        {"HTTP_USER_AGENT": ""},
    ],
    ids=["do-not-track", "global-privacy-control", "googlebot", "headless-browser", "lighthouse", "no-browser"],
)
def test_who_asks_not_to_be_counted_and_robots_are_not(client, article, headers):
    client.get(article.get_absolute_url(), **{**A_VISITOR, **headers})
    assert views_of(article.get_absolute_url()) == 0


def test_signed_in_staff_previews_errors_feeds_and_head_requests_are_not_counted(editor_client, client, article, draft):
    editor_client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    editor_client.get(draft.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.head(article.get_absolute_url(), **A_VISITOR)
    visit(client, "/blog/no-such-article/")
    visit(client, reverse("blog:feed"))
    visit(client, reverse("sitemap"))
    counting.flush()
    assert not PageViews.objects.exists()


def test_the_referring_site_is_kept_by_its_name_alone(client, article):
    url = article.get_absolute_url()
    visit(client, url, HTTP_REFERER=FULL_REFERRER)
    visit(client, url, HTTP_REFERER="https://www.psychologytoday.com/us/therapists/dana-whitfield")
    visit(client, url, HTTP_REFERER="http://testserver/blog/")
    visit(client, url)
    visit(client, url + "?ref=email")
    counting.flush()
    assert dict(PageViews.objects.values_list("source", "views")) == {
        "google.com": 1, "psychologytoday.com": 1, "this site": 1, "direct": 1, "email": 1,
    }


def test_the_email_mark_does_not_make_a_page_of_its_own(client, article, django_assert_num_queries):
    visit(client, article.get_absolute_url())
    with django_assert_num_queries(0):
        response = visit(client, article.get_absolute_url() + "?ref=email")
    assert f'rel="canonical" href="http://testserver{article.get_absolute_url()}"' in response.content.decode()
    assert "ref=email" not in response.content.decode()


def test_no_public_page_sets_a_cookie(client, article):
    for url in ("/", "/blog/", article.get_absolute_url(), "/blog/search/?q=anxiety", "/services/"):
        response = visit(client, url, HTTP_REFERER=FULL_REFERRER)
        assert response.status_code == 200, url
        assert not response.cookies, url


def test_a_database_dump_after_visits_holds_no_address_browser_or_full_referrer(client, article):
    for url in ("/", article.get_absolute_url(), "/blog/search/?q=panic+attacks"):
        visit(client, url, HTTP_REFERER=FULL_REFERRER)
    counting.flush()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "google.com" in dump.getvalue() and "panic attacks" in dump.getvalue()
    for trace in ("203.0.113.77", "iPhone", "Safari", FULL_REFERRER, "therapist+brooklyn"):
        assert trace not in dump.getvalue()


def test_searches_are_counted_by_their_words_without_addresses_or_numbers(client, profile):
    visit(client, "/blog/search/?q=  Panic ATTACKS  ")
    visit(client, "/blog/search/?q=call me 555 0147 or jo@example.com about panic attacks")
    counting.flush()
    assert list(SearchTerm.objects.values_list("term", "searches").order_by("term")) == [
        ("call me or about panic attacks", 1),
        ("panic attacks", 1),
    ]


def test_a_search_term_shows_once_five_searches_used_it(client, admin_client, profile):
    page = reverse("insights")
    for _ in range(4):
        visit(client, "/blog/search/?q=sleep")
    assert "<td>sleep</td>" not in admin_client.get(page).content.decode()
    visit(client, "/blog/search/?q=Sleep")
    assert "<td>sleep</td><td>5</td>" in admin_client.get(page).content.decode()


def test_search_terms_are_kept_90_days(profile):
    today = timezone.localdate()
    SearchTerm.objects.create(week=today - timedelta(91), term="old", searches=9)
    SearchTerm.objects.create(week=today - timedelta(80), term="recent", searches=9)
    assert forget_old_search_terms() == 1
    assert list(SearchTerm.objects.values_list("term", flat=True)) == ["recent"]


def test_a_request_after_reading_an_article_credits_the_article_and_not_the_request(client, article, contact_form):
    form = visit(client, reverse("contact:form"), HTTP_REFERER=f"http://testserver{article.get_absolute_url()}")
    hidden = f'<input type="hidden" name="read_before" value="{article.get_absolute_url()}">'
    assert hidden in form.content.decode()
    sent = client.post(
        reverse("contact:form"), {**contact_form(), "read_before": article.get_absolute_url()}, **A_VISITOR
    )
    assert sent.status_code == 302
    counting.flush()
    assert list(RequestsAfterArticle.objects.values_list("path", "requests")) == [(article.get_absolute_url(), 1)]
    stored = ConsultationRequest.objects.get()
    values = [str(getattr(stored, field.attname)) for field in ConsultationRequest._meta.concrete_fields]
    assert not any(article.slug in value for value in values)


def test_a_request_credits_nothing_that_is_not_a_public_article(client, article, draft, contact_form):
    for claimed in ("/services/", draft.get_absolute_url(), "https://elsewhere.example/blog/x/", "/blog/no-such/"):
        client.post(reverse("contact:form"), {**contact_form(), "read_before": claimed}, **A_VISITOR)
    counting.flush()
    assert not RequestsAfterArticle.objects.exists()
    assert visit(client, reverse("contact:form"), HTTP_REFERER="https://elsewhere.example/blog/x/").status_code == 200


def test_old_days_are_rolled_into_their_months_once(profile):
    today = timezone.localdate()
    old_day = date(today.year - 2, today.month, 3)
    PageViews.objects.create(day=old_day, path="/", source="direct", views=4)
    PageViews.objects.create(day=old_day + timedelta(1), path="/", source="direct", views=3)
    PageViews.objects.create(day=today, path="/", source="direct", views=2)
    assert roll_up_old_days() == 2
    assert roll_up_old_days() == 0
    assert list(MonthlyPageViews.objects.values_list("month", "views")) == [(old_day.replace(day=1), 7)]
    assert list(PageViews.objects.values_list("day", "views")) == [(today, 2)]


def test_the_insights_page_shows_the_counts_up_to_the_moment(client, admin_client, article):
    visit(client, article.get_absolute_url(), HTTP_REFERER=FULL_REFERRER)
    visit(client, article.get_absolute_url() + "?ref=email")
    page = admin_client.get(reverse("insights")).content.decode()  # nothing written yet: the page writes it
    assert "<strong>2 page views</strong>" in page
    row = f'<a href="{article.get_absolute_url()}">Anxiety is not the enemy</a></td><td>2</td><td>1</td><td>0</td>'
    assert row in page
    assert "<td>google.com</td><td>1</td>" in page
    report = page.split('id="content-main"')[1]
    assert report.count('<figure class="insights-chart">') == 2 and "<script" not in report
    assert "What is counted, and what is not" in page


def test_the_months_chart_adds_rolled_up_months(admin_client, profile):
    with time_machine.travel(date(2026, 6, 15)):
        MonthlyPageViews.objects.create(month=date(2025, 9, 1), path="/", source="direct", views=40)
        PageViews.objects.create(day=date(2026, 6, 2), path="/", source="direct", views=5)
        page = admin_client.get(reverse("insights")).content.decode()
    assert '<th scope="row">Sep 2025</th><td>40</td>' in page
    assert '<th scope="row">Jun 2026</th><td>5</td>' in page


def test_only_who_may_see_insights_sees_them(client, staff, admin_client):
    assert client.get(reverse("insights")).status_code == 302  # to the sign-in page
    _, colleague = staff("change_post")
    assert colleague.get(reverse("insights")).status_code == 403
    desk = admin_client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("insights")}">0 page views in the last 7 days</a>' in desk


def test_who_asks_not_to_be_counted_credits_no_article_with_a_request(client, article, contact_form):
    came_from = f"http://testserver{article.get_absolute_url()}"
    form = visit(client, reverse("contact:form"), HTTP_REFERER=came_from, HTTP_SEC_GPC="1")
    assert 'name="read_before"' not in form.content.decode()
    request = {**contact_form(), "read_before": article.get_absolute_url()}
    sent = client.post(reverse("contact:form"), request, HTTP_DNT="1", **A_VISITOR)
    assert sent.status_code == 302
    counting.flush()
    assert not RequestsAfterArticle.objects.exists()


@pytest.mark.parametrize(
    "referrer",
    ["http://203.0.113.5/", "http://intranet/", "http://email/", "http://direct/", "https://x_y.example/",
     "http://[2001:db8::1]/", "https://" + "a" * 70 + ".example/"],
)
def test_a_referrer_that_is_no_sites_name_counts_as_other_sites(client, article, referrer):
    visit(client, article.get_absolute_url(), HTTP_REFERER=referrer)
    counting.flush()
    assert list(PageViews.objects.values_list("source", flat=True)) == ["other sites"]


def test_a_flood_of_made_up_referrers_adds_a_bounded_number_of_sites(client, article, monkeypatch):
    monkeypatch.setattr("insights.rules.SITES_A_DAY", 2)
    monkeypatch.setattr("insights.rules._sites_seen", {"day": None, "names": set()})
    for number in range(5):
        visit(client, article.get_absolute_url(), HTTP_REFERER=f"https://spam{number}.example/")
    counting.flush()
    assert dict(PageViews.objects.values_list("source", "views")) == {
        "spam0.example": 1, "spam1.example": 1, "other sites": 3,
    }


def test_a_search_is_counted_once_however_many_pages_of_results_are_read(client, post_factory, profile):
    for number in range(12):
        post_factory(title=f"On sleep {number}", slug=f"sleep-{number}")
    visit(client, "/blog/search/?q=sleep")
    visit(client, "/blog/search/?q=sleep&page=2")
    counting.flush()
    assert list(SearchTerm.objects.values_list("term", "searches")) == [("sleep", 1)]


def test_requests_show_once_their_day_is_over(client, admin_client, article, contact_form):
    client.post(reverse("contact:form"), {**contact_form(), "read_before": article.get_absolute_url()}, **A_VISITOR)
    counting.flush()
    today = admin_client.get(reverse("insights")).content.decode()
    assert "<strong>0 consultation requests</strong>" in today, "the inbox would say who read what"
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow = admin_client.get(reverse("insights")).content.decode()
    assert "<strong>1 consultation request</strong>" in tomorrow


def test_old_requests_are_kept_by_month(profile):
    today = timezone.localdate()
    old = date(today.year - 2, today.month, 10)
    RequestsAfterArticle.objects.create(day=old, path="/blog/a/", requests=1)
    RequestsAfterArticle.objects.create(day=old + timedelta(2), path="/blog/a/", requests=2)
    RequestsAfterArticle.objects.create(day=today, path="/blog/a/", requests=1)
    assert roll_up_old_requests() == 1
    assert roll_up_old_requests() == 0
    assert sorted(RequestsAfterArticle.objects.values_list("day", "requests")) == [(old.replace(day=1), 3), (today, 1)]


def test_a_count_that_fails_never_costs_the_visitor_their_request(client, article, contact_form, monkeypatch):
    def broken(*args):
        raise RuntimeError("the counter is broken")

    monkeypatch.setattr("insights.counting.add", broken)
    assert visit(client, article.get_absolute_url()).status_code == 200
    request = {**contact_form(), "read_before": article.get_absolute_url()}
    assert client.post(reverse("contact:form"), request, **A_VISITOR).status_code == 302
    assert ConsultationRequest.objects.count() == 1


def test_counts_that_cannot_be_written_are_dropped_after_three_tries(article, monkeypatch):
    counting.add(PageViews, timezone.localdate(), "/", "direct")
    monkeypatch.setattr("insights.counting._add_to_row", lambda *args: 1 / 0)
    counting.flush()
    counting.flush()
    assert counting._pending, "kept for the next try"
    counting.flush()
    assert not counting._pending
