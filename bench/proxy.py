"""`make bench-proxy`: the article page through nginx (deploy/nginx.conf), against nginx serving it as a file.

Seeds the benchmark database, starts gunicorn (production settings, 2 sync
workers) and nginx on 127.0.0.1 with the project's configuration (TLS with a
throwaway certificate), then measures with wrk at 8 and 64 connections: the
article through the proxy, and the same article's HTML saved as a static file
served by the same nginx — the physical limit on this machine. Prints both,
their ratio, and how late a post due in 2 s appears through the proxy.
Writes bench/proxy-results.json.

Environment: BENCH_POSTS (1000), BENCH_SECONDS (10), DATABASE_URL, CACHE_URL
(default: Redis on 127.0.0.1:6379/12 when reachable).
"""

import json
import os
import ssl
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_document  # noqa: E402
from bench.run import (  # noqa: E402
    BENCH_DIR,
    PORT,
    ROOT,
    build_site,
    machine,
    settings_env,
    start_gunicorn,
    wrk,
)
from deploy.local_nginx import LocalNginx  # noqa: E402
from deploy.local_services import local_redis_url  # noqa: E402

RESULTS = BENCH_DIR / "proxy-results.json"
CONNECTIONS = (8, 64)
TARGET_RATIO = 0.5
UNVERIFIED = ssl._create_unverified_context()


def fetch(url):
    with urllib.request.urlopen(url, context=UNVERIFIED, timeout=10) as response:
        return response.read().decode()


def main():
    os.environ.setdefault("CACHE_URL", local_redis_url(12))
    middle, _ = build_site(page_cache_seconds=60)
    from blog.models import Post

    environment = {
        **settings_env(page_cache_seconds=60),
        "CACHE_URL": os.environ["CACHE_URL"],
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
    }
    server = start_gunicorn(environment)
    static_root = ROOT / "staticfiles"
    try:
        with LocalNginx(
            BENCH_DIR / "nginx-run",
            upstream=f"127.0.0.1:{PORT}",
            static_root=static_root,
            media_root=BENCH_DIR / "media",
        ) as nginx:
            article = f"{nginx.url}{middle.get_absolute_url()}"
            copy = static_root / "bench-article.html"
            copy.write_text(fetch(article))
            results = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), "runs": {}}
            for connections in CONNECTIONS:
                through_proxy = wrk(article, connections=connections)
                static_file = wrk(f"{nginx.url}/static/bench-article.html", connections=connections)
                ratio = through_proxy["requests_per_second"] / static_file["requests_per_second"]
                results["runs"][connections] = {"proxy": through_proxy, "static": static_file, "ratio": round(ratio, 2)}
                print(f"{connections} connections: proxy {through_proxy}, static file {static_file}, ratio {ratio:.2f}")

            due = datetime.now(UTC) + timedelta(seconds=2)
            fetch(f"{nginx.url}/blog/")
            Post.objects.create(
                title="Due through the proxy",
                slug="due-through-the-proxy",
                body="<p>On time.</p>",
                status=Post.Status.PUBLISHED,
                published_at=due,
                author=middle.author,
            )
            while "Due through the proxy" not in fetch(f"{nginx.url}/blog/"):
                if datetime.now(UTC) > due + timedelta(seconds=5):
                    break
                time.sleep(0.05)
            results["scheduled_post_seconds_late"] = round((datetime.now(UTC) - due).total_seconds(), 2)
            copy.unlink()
    finally:
        server.terminate()
        server.wait(timeout=30)

    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{results['machine']}; cache {os.environ['CACHE_URL'] or 'local memory'}")
    print("| connections | through nginx req/s | p99 ms | static file req/s | p99 ms | ratio |")
    print("|--:|--:|--:|--:|--:|--:|")
    for connections, run in results["runs"].items():
        print(
            f"| {connections} | {run['proxy']['requests_per_second']:,} | {run['proxy']['p99_ms']} "
            f"| {run['static']['requests_per_second']:,} | {run['static']['p99_ms']} | {run['ratio']} |"
        )
    late = results["scheduled_post_seconds_late"]
    print(f"A post due in 2 s appeared through the proxy {late} s after its time.")
    missed = [
        f"ratio {run['ratio']} < {TARGET_RATIO} at {c}"
        for c, run in results["runs"].items()
        if run["ratio"] < TARGET_RATIO
    ]
    if late > 1:
        missed.append(f"scheduled post {late} s late")
    print("Missed targets: " + ("; ".join(missed) or "none"))
    print(f"Written to {RESULTS.relative_to(ROOT)} and {write_document().relative_to(ROOT)}")


if __name__ == "__main__":
    main()
