"""gunicorn settings for `make serve` (read with `gunicorn -c deploy/gunicorn.conf.py`).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os
import sys
from pathlib import Path

# Where gunicorn listens. Keep it on localhost behind the proxy (deploy/nginx.conf).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 per core plus one (gunicorn's advice). Each uses about 60-80 MB.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request taking longer than this is stuck: the worker is replaced. On restart
# or deploy, workers get this long to finish the requests they are serving.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Access and error logs to stdout/stderr, for systemd's journal or the container runtime.
accesslog = "-"
errorlog = "-"
# Addresses of the proxies allowed to set X-Forwarded-Proto/-For for gunicorn
# itself. Django decides about HTTPS with DJANGO_BEHIND_TLS_PROXY and about the
# visitor's address with DJANGO_TRUSTED_PROXY_COUNT (docs/deploying.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

# Several workers need one shared cache: without it, each keeps its own copy of what must be shared.
if (
    workers > 1
    and not (os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL"))
    and os.environ.get("DJANGO_ALLOW_PER_PROCESS_CACHE", "").strip().lower() not in {"1", "true", "yes", "on"}
):
    sys.exit(
        f"Refusing to start {workers} workers without CACHE_URL. Each worker would keep its own page cache "
        "(an edit, or an article moved back to draft, could show in the other workers for up to a minute), "
        "its own sign-in throttle (five wrong passwords per worker instead of five in all) and its own "
        "contact-form limit. Set CACHE_URL to a shared Redis (redis://127.0.0.1:6379/0), run one worker "
        "with WEB_CONCURRENCY=1, or accept this with DJANGO_ALLOW_PER_PROCESS_CACHE=1."
    )
