"""`make loadtest`: the site under heavy, mixed load while the therapist keeps publishing.

Seeds the benchmark database (as `make bench` does), starts gunicorn with
production settings, and runs wrk with 64 connections for 60 s over home, the
blog list, posts, search and the feed, while a thread publishes, edits and
schedules posts through the ORM. Passes when there was no 5xx answer, no socket
error, and every post saved during the run is there afterwards and served.

Environment: LOADTEST_SECONDS (60), LOADTEST_CONNECTIONS (64), BENCH_POSTS
(1000), DATABASE_URL (PostgreSQL when set), CACHE_URL (default: Redis on
127.0.0.1:6379/14 when reachable, as in production; otherwise local memory).
"""

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PORT, ROOT, build_site, settings_env, start_gunicorn  # noqa: E402
from deploy.local_services import local_redis_url  # noqa: E402

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
WRITE_EVERY_SECONDS = 0.5


def wrk_script(paths):
    quoted = ", ".join(f'"{path}"' for path in paths)
    return f"""
local paths = {{{quoted}}}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


class Publisher(threading.Thread):
    """Publishes a post, edits another's title and schedules one 2 s ahead, every half second."""

    def __init__(self, author):
        super().__init__(daemon=True)
        self.author = author
        self.saved = []
        self.errors = []
        self.stop = threading.Event()

    def run(self):
        from django.db import connection

        from blog.models import Post

        number = 0
        try:
            while not self.stop.wait(WRITE_EVERY_SECONDS):
                number += 1
                try:
                    now = datetime.now(UTC)
                    for slug, published_at in (
                        (f"loadtest-now-{number}", now),
                        (f"loadtest-soon-{number}", now + timedelta(seconds=2)),
                    ):
                        Post.objects.create(
                            title=f"Written under load {slug}",
                            slug=slug,
                            body="<p>Written while the site was busy.</p>",
                            status=Post.Status.PUBLISHED,
                            published_at=published_at,
                            author=self.author,
                        )
                        self.saved.append(slug)
                    edited = Post.objects.order_by("?").first()
                    edited.title = f"Edited under load {number}"
                    edited.save()
                except Exception as error:  # reported, never hidden
                    self.errors.append(repr(error))
        finally:
            connection.close()


def main():
    os.environ.setdefault("CACHE_URL", local_redis_url(14))
    middle, topic = build_site(page_cache_seconds=60)
    from django.db import connection

    from blog.models import Post

    author = middle.author
    slugs = list(Post.objects.published().values_list("slug", flat=True)[:20])
    paths = ["/", "/blog/", "/blog/?page=2", "/blog/search/?q=sleep", "/blog/feed/", topic.get_absolute_url()]
    paths += [f"/blog/{slug}/" for slug in slugs]
    connection.close()

    server = start_gunicorn({**settings_env(page_cache_seconds=60), "CACHE_URL": os.environ["CACHE_URL"]})
    publisher = Publisher(author)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(wrk_script(paths))
            script.flush()
            publisher.start()
            started = time.monotonic()
            output = subprocess.run(
                [
                    "wrk",
                    "--latency",
                    "-t2",
                    f"-c{CONNECTIONS}",
                    f"-d{SECONDS}s",
                    "-s",
                    script.name,
                    f"http://127.0.0.1:{PORT}",
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
            publisher.stop.set()
            publisher.join()
            elapsed = time.monotonic() - started
        time.sleep(2.5)  # the last scheduled post becomes due
        missing = [slug for slug in publisher.saved if not Post.objects.filter(slug=slug).exists()]
        unserved = []
        for slug in publisher.saved:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/blog/{slug}/", timeout=10).read()
            except urllib.error.HTTPError as error:
                unserved.append(f"{slug}: {error.code}")
    finally:
        server.terminate()
        server.wait(timeout=30)

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_success = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failures = {
        "socket errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "non-2xx/3xx answers": int(non_success[1]) if non_success else 0,
        "posts missing from the database": len(missing),
        "posts not served": len(unserved),
        "publisher errors": len(publisher.errors),
    }
    print(output)
    print(
        f"Database {connection.vendor}, cache {os.environ['CACHE_URL'] or 'local memory'}, "
        f"{CONNECTIONS} connections for {elapsed:.0f} s."
    )
    print(f"Posts saved during the run: {len(publisher.saved)} (plus {len(publisher.saved) // 2} title edits).")
    for name, count in failures.items():
        print(f"  {name}: {count}")
    for problem in (missing + unserved + publisher.errors)[:20]:
        print(f"    {problem}")
    if any(failures.values()):
        raise SystemExit("Load test FAILED.")
    print("Load test passed: no 5xx, no socket errors, every post saved during the run is there and served.")


if __name__ == "__main__":
    main()
