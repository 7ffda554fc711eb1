"""Write docs/performance.md from the benchmark results, so a benchmark run never edits the README.

Each `make bench` run leaves bench/results/<database>-<posts>.json; `make bench-proxy` leaves
bench/proxy-results.json. The page is rebuilt from all of them, with the hand-written analysis in
bench/performance-notes.md after the figures.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PROXY_RESULTS = ROOT / "bench" / "proxy-results.json"
NOTES = ROOT / "bench" / "performance-notes.md"
DOCUMENT = ROOT / "docs" / "performance.md"
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
COMPARED_PAGES = ("post", "list", "home", "search", "sitemap index", "sitemap posts")


def pages_table(results):
    lines = [
        "| page | queries | bytes | gzip | cache on req/s | × floor | p99 ms "
        "| cache off req/s | × floor | p99 ms | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    on, off = results["runs"]["on"], results["runs"]["off"]
    if "floor" in on:
        lines.append(
            f"| *floor* | 0 | | | {on['floor']['requests_per_second']:,} | 1 | {on['floor']['p99_ms']} "
            f"| {off['floor']['requests_per_second']:,} | 1 | {off['floor']['p99_ms']} | |"
        )
    for name, facts in results["facts"].items():
        page_on, page_off = on["pages"][name], off["pages"][name]
        lines.append(
            f"| {name} | {facts['queries']} | {facts['bytes']:,} | {facts['gzip_bytes']:,} "
            f"| {page_on['requests_per_second']:,} | {page_on.get('of_floor', '–')} | {page_on['p99_ms']} "
            f"| {page_off['requests_per_second']:,} | {page_off.get('of_floor', '–')} | {page_off['p99_ms']} "
            f"| {page_on['errors'] + page_off['errors']} |"
        )
    return "\n".join(lines)


def run_section(results):
    database = DATABASES.get(results["database"], results["database"])
    rss = max(results["runs"]["on"]["worker_peak_rss_mb"] + results["runs"]["off"]["worker_peak_rss_mb"])
    missed = "; ".join(results.get("missed_targets", [])) or "none"
    return "\n".join(
        [
            f"### {database}, {results['posts']:,} posts",
            "",
            f"Measured {results['date'][:10]} on {results['machine']}; gunicorn with "
            f"{results['gunicorn']['workers']} {results['gunicorn']['worker_class']} workers, wrk with "
            f"{results['wrk']['connections']} connections for {results['wrk']['seconds']} s per page. Queries: "
            "with every cache cold and page caching off; bytes: HTML raw and gzipped; × floor: the share of "
            "a constant answer through the same middleware, measured in the same run.",
            "",
            pages_table(results),
            "",
            f"Worker peak memory: {rss} MB at most. Targets missed: {missed}.",
        ]
    )


def growth_section(all_results):
    rows = []
    for database, label in DATABASES.items():
        by_posts = {r["posts"]: r for r in all_results if r["database"] == database}
        if 1000 not in by_posts or 10000 not in by_posts:
            continue
        small, large = by_posts[1000], by_posts[10000]
        for page in COMPARED_PAGES:
            for mode in ("on", "off"):
                # As a share of each run's floor where measured: runs on a busier machine compare fairly.
                measure = "of_floor" if "of_floor" in large["runs"][mode]["pages"][page] else "requests_per_second"
                before = small["runs"][mode]["pages"][page].get(measure)
                after = large["runs"][mode]["pages"][page][measure]
                if before is None:
                    continue
                change = round((after - before) / before * 100) if before else 0
                rows.append(f"| {label} | {page} (cache {mode}) | {before:,} | {after:,} | {change:+d} % |")
    if not rows:
        return ""
    return "\n".join(
        [
            "### From 1,000 to 10,000 posts",
            "",
            "Each page as a share of its run's floor (requests per second for runs made before the floor "
            "was measured); the goal is a change within 15 %.",
            "",
            "| database | page | 1,000 posts | 10,000 posts | change |",
            "|---|---|--:|--:|--:|",
            *rows,
        ]
    )


def proxy_section():
    if not PROXY_RESULTS.exists():
        return ""
    results = json.loads(PROXY_RESULTS.read_text())
    rows = [
        f"| {connections} | {run['proxy']['requests_per_second']:,} | {run['proxy']['p99_ms']} "
        f"| {run['static']['requests_per_second']:,} | {run['static']['p99_ms']} | {run['ratio']} |"
        for connections, run in results["runs"].items()
    ]
    return "\n".join(
        [
            "### Through nginx",
            "",
            f"Measured {results['date'][:10]} with `make bench-proxy` (`deploy/nginx.conf`, Redis, TLS): the "
            "article through the proxy, against the same article saved as a file and served by the same nginx.",
            "",
            "| connections | through nginx req/s | p99 ms | static file req/s | p99 ms | ratio |",
            "|--:|--:|--:|--:|--:|--:|",
            *rows,
            "",
            f"A post due in 2 s appeared through the proxy {results['scheduled_post_seconds_late']} s after its time.",
        ]
    )


def write_document():
    all_results = sorted(
        (json.loads(path.read_text()) for path in RESULTS_DIR.glob("*.json")),
        key=lambda r: (list(DATABASES).index(r["database"]) if r["database"] in DATABASES else 9, r["posts"]),
    )
    sections = [run_section(results) for results in all_results]
    sections += [growth_section(all_results), proxy_section()]
    document = "\n\n".join(
        [
            "# Performance",
            "<!-- Written by `make bench` and `make bench-proxy` (bench/report.py): edit "
            "bench/performance-notes.md instead. -->",
            "How fast each public page answers under gunicorn with production settings, with the page cache on "
            "and off. `make bench` builds a separate database with the demo content and `BENCH_POSTS` (1,000) "
            "generated articles — on SQLite, or on PostgreSQL beside `DATABASE_URL`'s — measures every public "
            "page with `wrk`, saves `bench/results/<database>-<posts>.json` and a profile of the uncached "
            "article (`bench/profile-post.txt`), and rewrites this page from every saved result. Tests assert "
            "behaviour and query counts; speed is measured here.",
            "## Figures",
            *[section for section in sections if section],
            NOTES.read_text().strip(),
        ]
    )
    DOCUMENT.write_text(document + "\n")
    return DOCUMENT


if __name__ == "__main__":
    print(f"Written {write_document().relative_to(ROOT)}")
