"""An article, with everything it needs but its images, stays small enough for a slow phone connection."""

import gzip
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from blog.demo_posts import DEMO_POSTS
from blog.models import Topic

pytestmark = pytest.mark.django_db

POST_PAGE_BUDGET_GZIPPED = 30 * 1024


def test_the_longest_article_with_its_css_and_js_is_under_30_kb_gzipped(post_factory):
    topic = Topic.objects.create(name="Anxiety", slug="anxiety")
    longest = max(DEMO_POSTS, key=lambda post: len(post["body"]))
    for number in range(8):
        post_factory(ago=timedelta(days=number + 2)).topics.add(topic)
    article = post_factory(title=longest["title"], body=longest["body"], excerpt=longest.get("excerpt", ""))
    article.topics.add(topic)

    html = Client().get(article.get_absolute_url()).content
    assets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"|<script src="/static/([^"]+)"', html)
    paths = [(stylesheet or script).decode() for stylesheet, script in assets]
    assert sorted(paths) == ["css/site.css", "css/tokens.css", "js/site.js"], paths
    asset_bytes = [Path(finders.find(path)).read_bytes() for path in paths]

    total = sum(len(gzip.compress(content)) for content in [html, *asset_bytes])
    assert total <= POST_PAGE_BUDGET_GZIPPED, f"{total} bytes gzipped"
