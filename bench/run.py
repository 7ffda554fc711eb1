"""`make bench`: how fast each public page is under gunicorn, with the page cache on and off.

Builds a separate benchmark database (bench/bench.sqlite3, or a `practice_bench`
database beside DATABASE_URL's when that names PostgreSQL) with the demo
content and BENCH_POSTS generated articles, starts gunicorn with production
settings and 2 sync workers on 127.0.0.1, and runs wrk against every public page
type. Prints a table, writes bench/results/<database>-<posts>.json and rewrites docs/performance.md.

Environment: BENCH_POSTS (1000), BENCH_SECONDS (10), BENCH_CONNECTIONS (8),
BENCH_PORT (8765), DATABASE_URL.
"""

import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import pages_table, write_document  # noqa: E402

BENCH_DIR = ROOT / "bench"
PROFILE = BENCH_DIR / "profile-post.txt"

POSTS = int(os.environ.get("BENCH_POSTS", "1000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = 2
BENCH_TOPICS = ["Anxiety", "Sleep", "Relationships", "Grief", "Work", "Self-compassion", "Parenting", "Change"]

# Goals as a share of the floor (a constant answer through the same middleware, measured in the same run):
# what this machine can do at most, so that the figures compare across machines and runs.
TARGETS = {
    "on": {"post": 0.9, "list": 0.9, "home": 0.9},
    "off": {"post": 0.12, "list": 0.10, "home": 0.10, "search": 0.05},
    "worker_rss_mb": 65,
}
FLOOR_PATH = "/bench/floor/"


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/practice_bench"))
    return f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"


def settings_env(page_cache_seconds):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "practice_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{PORT}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": bench_database_url(),
        "MEDIA_ROOT": str(BENCH_DIR / "media"),
        "DJANGO_PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "DJANGO_BENCH_FLOOR": "1",
    }


def recreate_database():
    url = bench_database_url()
    if url.startswith("sqlite"):
        (BENCH_DIR / "bench.sqlite3").unlink(missing_ok=True)
        return
    import psycopg

    server = urlsplit(url)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS practice_bench")
        connection.execute("CREATE DATABASE practice_bench")


def seed():
    """Demo content, then BENCH_POSTS articles cloned from the demo bodies, each with one or two topics."""
    from django.core.management import call_command
    from django.db import connection

    from blog.models import Post, Topic

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    templates = list(Post.objects.published())
    topics = [Topic.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0] for name in BENCH_TOPICS]
    now = datetime.now(UTC)
    copied = ["body", "summary", "reading_time", "featured_image", "featured_image_alt", "featured_image_renditions"]
    posts = Post.objects.bulk_create(
        (
            Post(
                title=f"{template.title} ({number})",
                slug=f"bench-article-{number}",
                status=Post.Status.PUBLISHED,
                published_at=now - timedelta(hours=number + 1),
                author=template.author,
                **{field: getattr(template, field) for field in copied},
            )
            for number, template in ((number, templates[number % len(templates)]) for number in range(POSTS))
        ),
        batch_size=500,
    )
    Post.topics.through.objects.bulk_create(
        (
            Post.topics.through(post=post, topic=topic)
            for number, post in enumerate(posts)
            for topic in {topics[number % len(topics)], topics[number * 7 % len(topics)]}
        ),
        batch_size=1000,
    )
    Post.objects.refresh_search_vectors()  # bulk_create writes no search index
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table in production
    return posts[len(posts) // 2], topics[1]


def build_site(page_cache_seconds):
    """A fresh benchmark database with the demo content and BENCH_POSTS articles, and Django set up on it.

    Returns the article in the middle of the list and a topic, as `seed` does.
    """
    recreate_database()
    os.environ.update(settings_env(page_cache_seconds))
    import django

    django.setup()
    from django.core.cache import cache

    site = seed()
    cache.clear()
    return site


def page_urls(middle_post, topic):
    from django.urls import reverse

    from pages.models import Service

    return {
        "home": reverse("pages:home"),
        "list": reverse("blog:post_list"),
        "post": middle_post.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "search": reverse("blog:search") + "?q=sleep",
        "services": reverse("pages:service_list"),
        "service": Service.objects.published().first().get_absolute_url(),
        "about": "/about/",
        "contact": reverse("contact:form"),
        "feed": reverse("blog:feed"),
        "sitemap index": reverse("sitemap"),
        "sitemap posts": reverse("sitemap_section", args=["posts"]),
    }


def page_facts(urls):
    """Queries with every cache cold and page caching off, and the answer's size raw and gzipped."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    facts = {}
    for name, url in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
        assert response.status_code == 200, (url, response.status_code)
        facts[name] = {
            "queries": len(queries),
            "bytes": len(response.content),
            "gzip_bytes": len(gzip.compress(response.content)),
        }
    return facts


def profile_post_page(url):
    """Where a post page's time goes when it is rendered (page caching off), for the report."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client()
    client.get(url)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [client.get(url) for _ in range(100)])
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(
        r"(blog|pages)/|template/response|sqlite3|psycopg|compiler.py.*execute_sql", 30
    )
    PROFILE.write_text(report.getvalue())


def start_gunicorn(env):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "practice_site.wsgi",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer on /healthz within 30 s")


def worker_peak_rss_mb(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024)
    return [round(peak, 1) for peak in peaks]


# A browser's name: wrk sends none, and a request without one is taken for a robot and not counted by
# insights — every page measured here is counted, as a visitor's would be.
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1.15"


def wrk(url, connections=CONNECTIONS):
    output = subprocess.run(
        ["wrk", "--latency", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{SECONDS}s"]
        + ["-H", f"User-Agent: {BROWSER}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def milliseconds(percentile):
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])),
        "p50_ms": milliseconds(50),
        "p99_ms": milliseconds(99),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0) + (int(non_2xx[1]) if non_2xx else 0),
    }


def measure(urls, page_cache_seconds):
    server = start_gunicorn(settings_env(page_cache_seconds))
    try:
        floor = wrk(f"http://127.0.0.1:{PORT}{FLOOR_PATH}")
        print(f"  cache {'on ' if page_cache_seconds else 'off'} floor     {floor}", flush=True)
        pages = {}
        for name, path in urls.items():
            url = f"http://127.0.0.1:{PORT}{path}"
            urllib.request.urlopen(url).read()
            pages[name] = wrk(url)
            print(f"  cache {'on ' if page_cache_seconds else 'off'} {name:<9} {pages[name]}", flush=True)
        for page in pages.values():
            page["of_floor"] = round(page["requests_per_second"] / floor["requests_per_second"], 3)
        return {"floor": floor, "pages": pages, "worker_peak_rss_mb": worker_peak_rss_mb(server)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def missed_targets(results):
    missed = []
    for mode, run in results["runs"].items():
        for name, page in run["pages"].items():
            if page["errors"]:
                missed.append(f"cache {mode}: {name} had {page['errors']} errors")
        for rss in run["worker_peak_rss_mb"]:
            if rss > TARGETS["worker_rss_mb"]:
                missed.append(f"cache {mode}: a worker peaked at {rss} MB")
    for mode in ("on", "off"):
        pages = results["runs"][mode]["pages"]
        for name, share in TARGETS[mode].items():
            if pages[name]["of_floor"] < share:
                missed.append(f"cache {mode}: {name} {pages[name]['of_floor']}× the floor < {share}×")
    return missed


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown")
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `apt-get install wrk` (make bench does this).")
    BENCH_DIR.joinpath("media").mkdir(exist_ok=True)
    print(f"Seeding {POSTS} articles …", flush=True)
    urls = page_urls(*build_site(page_cache_seconds=0))
    from django.db import connection

    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": connection.vendor,
        "posts": POSTS,
        "wrk": {"connections": CONNECTIONS, "seconds": SECONDS},
        "gunicorn": {"workers": WORKERS, "worker_class": "sync"},
        "urls": urls,
        "facts": page_facts(urls),
        "runs": {},
    }
    profile_post_page(urls["post"])
    connection.close()
    for mode, seconds in (("on", 60), ("off", 0)):
        print(f"Page cache {mode}:", flush=True)
        results["runs"][mode] = measure(urls, seconds)
    results["missed_targets"] = missed_targets(results)
    saved = BENCH_DIR / "results" / f"{results['database']}-{POSTS}.json"
    saved.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"{results['machine']}; {results['database']}, {POSTS} posts; wrk {CONNECTIONS} connections, {SECONDS} s")
    print(pages_table(results))
    print(
        f"Worker peak RSS (MB): cache on {results['runs']['on']['worker_peak_rss_mb']}, "
        f"cache off {results['runs']['off']['worker_peak_rss_mb']}"
    )
    print("Missed targets: " + ("; ".join(results["missed_targets"]) or "none"))
    print(f"Written to {saved.relative_to(ROOT)} and {write_document().relative_to(ROOT)}")


if __name__ == "__main__":
    main()
