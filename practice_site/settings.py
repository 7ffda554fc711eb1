"""Settings for the practice site, read from the environment (twelve-factor).

Every variable, its default and its meaning are listed in README.md and in
DESIGN.md's configuration table. Defaults are safe for a laptop; production
must set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS. On a laptop, `make run`
writes a git-ignored `.env` beside manage.py (debug on, a secret key of its own)
so that manage.py commands in another shell need nothing exported.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def read_local_settings(path):
    """Put the variables of a local settings file into the environment, under those already set.

    KEY=VALUE lines; blank lines and lines starting with # are skipped, and matching quotes around a
    value are removed. Production has no such file: its environment alone configures it, and a site
    without its variables still refuses to start. pytest (which sets PYTEST_VERSION, inherited by
    the processes a test starts) never reads it: a developer's .env must not change what tests test.
    """
    if "PYTEST_VERSION" in os.environ or not path.is_file():
        return
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = (part.strip() for part in line.partition("="))
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=VALUE, got {line!r}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key, value)


read_local_settings(BASE_DIR / ".env")


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development, set DJANGO_DEBUG=1 (make run does)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

# The site's public address, for absolute links made outside a request (emails): never the
# Host header a visitor sent, which a loose ALLOWED_HOSTS would let an attacker choose.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off: the site's public address, "
            "e.g. https://practice.example (emails link to it)."
        )
    # Where `make run` serves (`PORT=8731 make run` exports it to the server and the worker alike).
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '').strip() or '8000'}"
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be an http(s) address such as https://practice.example (got {SITE_URL!r})."
    )

INSTALLED_APPS = [
    "practice_site.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "reversion",
    "ckeditor",
    "django_tasks",
    "django_tasks_db",
    "core",
    "blog",
    "pages",
    "contact",
    "subscriptions",
    "importing",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can refuse a request (a forged Host is refused inside the page cache),
    # so that every answer, cached or refused, carries the policies.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the page cache, so that a page served from it is counted too (insights.middleware).
    "insights.middleware.CountViewsMiddleware",
    "core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.MovedPathRedirectMiddleware",
]

ROOT_URLCONF = "practice_site.urls"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
WSGI_APPLICATION = "practice_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "pages.context_processors.practice",
                "subscriptions.context_processors.subscribe_form",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """`redis://…`/`rediss://…` for a shared Redis; empty or `locmem://` for this process's memory."""
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            # Give up quickly on an unreachable Redis: the site then works uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if url in ("", "locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    raise ImproperlyConfigured(f"CACHE_URL must start with redis://, rediss:// or be locmem:// (got {url!r}).")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", ""))}
# How long anonymous visitors' pages are cached, here and by browsers and
# proxies (never past the next scheduled post; see core.page_cache). 0 turns
# page caching off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "60"))
# How long a proxy in front (deploy/nginx.conf) may keep a page: it cannot be told about edits.
PROXY_CACHE_SECONDS = int(os.environ.get("DJANGO_PROXY_CACHE_SECONDS", "1"))

# Work done outside a request (retention, emails at a post's publication time) goes through Django's
# tasks API, stored in the database and run by `manage.py db_worker` (docs/deploying.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Dates follow LANGUAGE_CODE, written out in full (practice_site/formats); templates use |date with no format.
FORMAT_MODULE_PATH = ["practice_site.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's finders, leaving out CKEditor's sample, test and demo pages (core.static_files).
STATICFILES_FINDERS = [
    "core.static_files.FileSystemFinder",
    "core.static_files.AppDirectoriesFinder",
]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Serve uploads from Django itself: on for development; in production a web
# server or object storage should serve them (docs/deploying.md).
SERVE_MEDIA = env_flag("DJANGO_SERVE_MEDIA", DEBUG)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# `make bench` only: a view answering the same few bytes through every middleware — the floor each
# page's speed is measured against in the same run (bench/run.py). Never on in production.
BENCH_FLOOR = env_flag("DJANGO_BENCH_FLOOR", False)


def object_storage(bucket, endpoint_url="", custom_domain="", region=""):
    """django-storages' S3 storage for `bucket`, and the public address its files are served from.

    Works with AWS S3, MinIO, Cloudflare R2 and other S3-compatible services
    (docs/deploying.md, "Media on object storage"). Files are public and never overwritten.
    """
    endpoint = urlsplit(endpoint_url)
    domain = custom_domain or (f"{endpoint.netloc}/{bucket}" if endpoint_url else f"{bucket}.s3.amazonaws.com")
    protocol = "https:" if custom_domain or not endpoint_url else f"{endpoint.scheme}:"
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": domain,
            "url_protocol": protocol,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    return storage, f"{protocol}//{domain}/"


MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE, MEDIA_URL = object_storage(
        AWS_STORAGE_BUCKET_NAME,
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL", ""),
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN", ""),
        region=os.environ.get("AWS_S3_REGION_NAME", ""),
    )
    SERVE_MEDIA = False
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Images may come from wherever media are served (this site, or the bucket's address).
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if urlsplit(MEDIA_URL).netloc else SELF

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# After signing in with a `next=` address that was refused (another site), staff land in the admin.
LOGIN_REDIRECT_URL = f"/{ADMIN_URL}"

SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Behind a TLS proxy that sets X-Forwarded-Proto (docs/deploying.md); never trust it otherwise.
if env_flag("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front append to X-Forwarded-For: the visitor's address is
# read that many entries from the right (rate limits, sign-in throttling).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# The directive alone changes nothing: a domain joins browsers' preload list only when its owner submits it.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_flag("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"

# Content Security Policy (django-csp). Visitors' pages may load nothing but
# this site's own files, and no inline script or style. The admin gets what
# CKEditor 4 needs (core.middleware.ContentSecurityPolicyMiddleware): its
# toolbar runs inline event handlers and inline styles, pasted images are data:
# URLs, and its upload dialog answers with a one-line script in a frame of this
# same site. Still only this site's own files, no plugins, no other framing site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": list(dict.fromkeys([SELF, MEDIA_ORIGIN])),
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": list(dict.fromkeys([SELF, MEDIA_ORIGIN, "data:", "blob:"])),
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}

# Notifications of new consultation requests. Without EMAIL_HOST they are
# printed to the console (fine on a laptop; set it in production).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "website@localhost")
# New articles to subscribers: an email claimed by a worker that stopped before sending it is sent by
# the next run after this many seconds (subscriptions.delivery).
SUBSCRIPTION_CLAIM_TIMEOUT = int(os.environ.get("DJANGO_SUBSCRIPTION_CLAIM_TIMEOUT", "600"))

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Practice",
        "toolbar_Practice": [
            ["Format"],
            ["Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "HorizontalRule"],
            ["RemoveFormat"],
            ["Undo", "Redo"],
        ],
        "format_tags": "p;h2;h3;h4",
        # What the editor keeps (allowedContent) is written from the server's allow-list by
        # core.editor.EditorWidget, so nothing the therapist sees in the editor disappears on save.
        # No inline styles: images get width/height attributes instead.
        "disallowedContent": "*{*}",
        # An article body, never a whole HTML document with its own <head>.
        "fullPage": False,
        "removePlugins": "exportpdf,docprops",
        # Images pasted or dropped into the text upload at once, through the same view as the dialog's
        # (core.editor.EditorWidget sets both addresses). No file browser: uploads are not for browsing.
        "height": 560,
        "width": "100%",
        # Only CKEditor 4 LTS (4.23 and later, a paid build) reads it; see DJANGO_CKEDITOR_BUILD_DIR.
        "licenseKey": os.environ.get("DJANGO_CKEDITOR_LICENSE_KEY", ""),
    },
}

# CKEditor 4.22.1, which django-ckeditor bundles, is the last open-source CKEditor 4: past its end of
# life, with later security fixes only in the paid LTS build. An operator who has that build names its
# folder (the one holding ckeditor.js); its files are then served in place of the bundled ones, through
# the same finders (core.static_files), so `collectstatic` and WhiteNoise need nothing else.
CKEDITOR_BUILD_DIR = os.environ.get("DJANGO_CKEDITOR_BUILD_DIR", "")
if CKEDITOR_BUILD_DIR:
    STATICFILES_DIRS.insert(0, ("ckeditor/ckeditor", CKEDITOR_BUILD_DIR))
# `check --deploy` warns when the editor served is older than this (core.editor): set it to the LTS
# build's version once installed, and an editor that slips back (a folder lost in a move) is reported.
CKEDITOR_MINIMUM_VERSION = os.environ.get("DJANGO_CKEDITOR_MINIMUM_VERSION", "4.22.1")

# django-ckeditor warns that CKEditor 4 is unsupported upstream. The risk is
# contained: only signed-in staff ever load the editor, every body is cleaned
# server-side with an allow-list on save (core.richtext), and the toolbar has
# no plugin that embeds external content. See docs/security.md.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
