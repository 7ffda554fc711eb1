"""`make audit`: Lighthouse (mobile) on the main public pages of a production-configured site.

Starts the site with production settings on a throwaway SQLite database with
demo content, serves it with gunicorn on 127.0.0.1, runs Lighthouse (installed
by the Makefile into .audit/) with Debian's Chromium, prints the four category
scores per page, writes the JSON reports to test-output/lighthouse/, and exits
non-zero when a page scores below the targets.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-output" / "lighthouse"
PORT = int(os.environ.get("AUDIT_PORT", "8765"))
PAGES = {
    "home": "/",
    "blog": "/blog/",
    "post": "/blog/attachment-styles-gently-explained/",
    "services": "/services/",
    "contact": "/contact/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def run(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the site did not start at {url}")


def audit(name, url, attempts=3):
    """Scores of one page. Lighthouse sometimes fails to record a trace (NO_NAVSTART): try again."""
    report = REPORTS / f"{name}.json"
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            [
                str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
        if result.returncode == 0:
            break
        if attempt == attempts:
            raise SystemExit(f"Lighthouse failed {attempts} times on {url}")
    categories = json.loads(report.read_text())["categories"]
    return {key: round(categories[key]["score"] * 100) for key in TARGETS}


def main():
    REPORTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="practice-audit-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "audit-only-not-secret",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{PORT}",
        "DJANGO_SERVE_MEDIA": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    run("migrate", "--noinput", env=env)
    run("load_demo_content", env=env)
    run("collectstatic", "--noinput", env=env)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "practice_site.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_until_up(f"{base}/")
        scores = {name: audit(name, base + path) for name, path in PAGES.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\n{'page':<10}" + "".join(f"{key:>16}" for key in TARGETS))
    for name, page_scores in scores.items():
        print(f"{name:<10}" + "".join(f"{page_scores[key]:>16}" for key in TARGETS))
    misses = [
        f"{name}: {key} {score} < {TARGETS[key]}"
        for name, page_scores in scores.items()
        for key, score in page_scores.items()
        if score < TARGETS[key]
    ]
    print(f"\nReports: {REPORTS}")
    if misses:
        print("Below target:\n  " + "\n  ".join(misses))
        raise SystemExit(1)
    print("All pages meet the targets.")


if __name__ == "__main__":
    main()
