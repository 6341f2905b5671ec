"""Kith's one settings module.

Every value that differs between a laptop and production comes from the environment, with a
safe development default. Production is switched on by the environment (``DJANGO_HTTPS=1``,
``DJANGO_SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``), never by another settings file.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_float(name: str, *, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from exc


def env_list(name: str, *, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest sets PYTEST_VERSION while it runs: tests speak plain HTTP and read unhashed static files.
TESTING = "PYTEST_VERSION" in os.environ

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# HTTPS mode is production: secure cookies, HSTS, redirect to https and a required secret key.
# Off by default so that a laptop works over http://127.0.0.1; `manage.py check --deploy`
# fails a production environment that forgets it.
HTTPS = env_bool("DJANGO_HTTPS", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if HTTPS:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_HTTPS is on.")
    SECRET_KEY = "django-insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default="127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "simple_history",
    "taggit",
    "csp",
    # ISO 3166-1 country codes and names (helplines by the reader's country).
    "django_countries",
    "topics",
    "articles",
    "comments",
    "transfer",
    # Background work (reply notifications); the database backend's tables are always
    # installed, so that switching KITH_TASKS_BACKEND needs no other change.
    "django_tasks",
    "django_tasks.backends.database",
    "kith",  # deployment checks (kith/checks.py)
    # The read-only JSON API under /api/v1/ (django-ninja serves its docs from static files).
    "ninja",
    "api",
]

MIDDLEWARE = [
    # The API's per-client rate limit, before the page cache so that cached answers count too
    # (api/middleware.py; any other path passes with one string comparison).
    "api.middleware.ApiRateLimitMiddleware",
    # Anonymous readers are answered from the page cache here, before anything else runs; the
    # stored page carries the headers the middleware below added when it was built.
    "kith.page_cache.middleware.PageCacheMiddleware",
    # The database cannot be reached: 503 with Retry-After instead of a 500 (kith/outage.py).
    "kith.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kith.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # ETag on every page, 304 for a conditional request (a cached page: the page cache does it).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the language cookie (the switcher, kith/language.py), else the
    # browser's Accept-Language; no prefix in addresses. The page cache keys pages by it too.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records which signed-in user saved each version of an article.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A 404 at an article's old address answers 301 to its new one (see ArticleAdmin).
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]

# bench/pages.py serves bench.urls (Kith plus a bare "hello" view to compare with); nothing else
# should set this.
ROOT_URLCONF = os.environ.get("KITH_ROOT_URLCONF", "kith.urls")
WSGI_APPLICATION = "kith.wsgi.application"
SITE_ID = 1

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
                "kith.context_processors.site",
            ],
        },
    },
]

# --- Storage ---------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL is selected with DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions make a writer wait
    # for the lock instead of failing with "database is locked" under several workers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: Kith's queries are short, and PostgreSQL compiles any query whose *estimated*
    # cost is high — e.g. comments page 1 000 of a busy article (LIMIT 50 OFFSET 49 950) spent
    # 290 ms compiling to run for 12 ms (bench/scale.py, EXPLAIN ANALYZE in the merge note).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A server that does not answer costs a request this many seconds at most, then a 503.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int(
        "KITH_DATABASE_CONNECT_TIMEOUT_SECONDS", default=3
    )

# While the database cannot be reached, pages that need it answer 503 with this Retry-After.
KITH_OUTAGE_RETRY_AFTER_SECONDS = env_int("KITH_OUTAGE_RETRY_AFTER_SECONDS", default=30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6.0's behaviour now: a URL typed without a scheme is taken as https://, not http://.
FORMS_URLFIELD_ASSUME_HTTPS = True

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that treats an unreachable Redis as an empty cache, with
            # short timeouts and a circuit breaker (kith/resilient_cache.py): Redis down or
            # frozen costs a miss, never a failed or slow request.
            "BACKEND": "kith.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "kith"),
            "OPTIONS": {
                # Seconds one connect or one read may take (no retries).
                "timeout_seconds": env_float("KITH_REDIS_TIMEOUT_SECONDS", default=0.5),
                # After a failure, Redis is not tried again for this long (per process).
                "retry_after": env_float("KITH_REDIS_RETRY_AFTER_SECONDS", default=5.0),
            },
        }
    }
else:
    # One process's memory: pages and their generation numbers share it, so it holds more
    # than Django's default of 300 entries.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Passwords, sessions, language -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # PBKDF2's million rounds cost about half a second per password, and the tests make and
    # check several hundred: a quarter of the suite's time. Tests hash with MD5; everywhere
    # else (production, `make run`, the benches) keeps Django's default hashers.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
# The interface languages, each named in itself (the switcher shows these names). Any English
# variant (en-US, en-AU ...) and any Spanish one (es-MX, es-AR ...) falls back to these two.
LANGUAGES = [("en-gb", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates written out in full ("3 December 2026", "3 de diciembre de 2026"): kith/formats/.
FORMAT_MODULE_PATH = ["kith.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kith" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names let a CDN cache the stylesheet for a year; tests and DEBUG
        # read the source files directly so that no collectstatic step is needed.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests make a new request handler for each test client, and WhiteNoise reads every file in
# STATIC_ROOT each time one starts unless it looks files up per request: after a `make run`
# (which collects a thousand files) that scan cost about 0.1 s a test.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# --- Uploaded images ---------------------------------------------------------------------------
# Editors upload article images in the admin (articles/images.py); they are the only images a
# page may show (CSP img-src 'self'). Production keeps MEDIA_ROOT outside the code checkout
# (DJANGO_MEDIA_ROOT) and nginx serves it at /media/ (deploy/nginx/kith-proxy.conf); elsewhere
# Django serves it itself (KITH_SERVE_MEDIA, on unless DJANGO_HTTPS=1). MEDIA_URL is a path on
# this site, never another host: the sanitiser keeps only <img> addresses under it.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", "").strip() or BASE_DIR / "media")
KITH_SERVE_MEDIA = env_bool("KITH_SERVE_MEDIA", default=not HTTPS)
KITH_IMAGE_MAX_BYTES = env_int("KITH_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
# Read from the file's header before anything is decoded: larger images are refused, so a small
# file that decodes to gigabytes ("decompression bomb") never is.
KITH_IMAGE_MAX_SIDE = env_int("KITH_IMAGE_MAX_SIDE", default=6000)
KITH_IMAGE_MAX_PIXELS = env_int("KITH_IMAGE_MAX_PIXELS", default=25_000_000)
# Stored images are scaled down to this many pixels on their longer side (readers' data plans).
KITH_IMAGE_STORED_SIDE = env_int("KITH_IMAGE_STORED_SIDE", default=2000)

# --- Security ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    # Only behind a proxy that sets this header itself; otherwise a client could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy is the second wall behind sanitising: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Only images served by Kith itself: uploads under MEDIA_URL and static files. (The API's
        # Swagger UI page adds data: for its own icons; see api/urls.py.)
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# --- Admin login throttling (django-axes) ---------------------------------------------------
# BEGIN axes. Five wrong passwords lock sign-in for 30 minutes (HTTP 429 and
# templates/axes/lockout.html), counted three ways: for one username from one address, for one
# username from any address (guesses spread over many addresses), and from one address for any
# username (one address trying many usernames). A right password resets the counts. The price
# of the per-username count: anyone who knows a username can pause its sign-in for 30 minutes;
# the lockout page reads the same whether the username exists or not.
# The cache handler keeps only a counter per key, under a SHA-256 key of username and/or
# address, which expires with the cool-off: no address is written to the database and no login
# history is kept. Production uses Redis (shared by every gunicorn worker); a laptop's per-process
# local-memory cache is good enough for one runserver, so axes.W001 is silenced only there.
from datetime import timedelta  # noqa: E402

INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # axes wants to be the last one
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_ENABLE_ADMIN = False  # the cache handler leaves axes' database tables empty
AXES_DISABLE_ACCESS_LOG = True  # no record of successful logins either
AXES_VERBOSE = False  # no start-up banner; lockouts are still logged (without addresses)


def _axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What axes writes to the log: the username and path, never the client's address."""
    return f"username={username!r} path={path_info!r}"


AXES_CLIENT_STR_CALLABLE = _axes_client_str
if not REDIS_URL and not HTTPS:
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]
if TESTING:
    # Django's test client logs in without a request, which AxesStandaloneBackend refuses;
    # tests/test_security.py switches both back on to test the lockout itself.
    AXES_ENABLED = False
    AUTHENTICATION_BACKENDS = AUTHENTICATION_BACKENDS[1:]
# END axes.

# --- E-mail and logging ------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Kith <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs the path of every 4xx answer: a deletion link's token is blanked first.
    "filters": {"redact_secrets": {"()": "kith.log_redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # The access log of runserver carries client addresses; Kith logs none (privacy).
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# The site's address as readers reach it, for links in e-mails sent outside a request
# (reply notifications). Production sets the https:// address: RFC 8058 one-click unsubscribe
# needs an https URL.
# In production the default is https:// and the first allowed host, so one variable fewer.
_DEFAULT_SITE_URL = (
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
    if HTTPS and ALLOWED_HOSTS
    else "http://127.0.0.1:8000"
)
KITH_SITE_URL = os.environ.get("KITH_SITE_URL", _DEFAULT_SITE_URL).rstrip("/")

# --- Background tasks (django-tasks, the backport of Django's tasks framework) ----------------
# "immediate" runs a task at once in the process that enqueues it (make run, tests);
# "database" stores it for the worker: `python manage.py db_worker` (see the README).
KITH_TASKS_BACKEND = os.environ.get("KITH_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks.backends.database.DatabaseBackend",
        }.get(KITH_TASKS_BACKEND, KITH_TASKS_BACKEND)
    }
}

# Keywords such as “Ängste” get an ASCII slug (/tags/angste/) that the URL pattern accepts.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# --- Kith ----------------------------------------------------------------------------------
KITH_SITE_NAME = os.environ.get("KITH_SITE_NAME", "Kith")
KITH_SITE_TAGLINE = gettext_noop(
    "Plain-language mental health information, reviewed by clinicians."
)
KITH_DISCLAIMER = os.environ.get(
    "KITH_DISCLAIMER",
    gettext_noop(
        "The information on this site is for general education. It does not provide medical "
        "advice, diagnosis or treatment and does not replace help from a qualified "
        "professional. If you are worried about your mental health, talk to your doctor or a "
        "therapist."
    ),
)

# === Reader comments (comments app) ==========================================================
# Every value can be set from the environment; the defaults suit a small community site.
# Hold every comment until a moderator has read it (pre-moderation). With it off, a comment with
# no hold reason is approved when its commenter already has an approved comment.
KITH_COMMENTS_PREMODERATION = env_bool("KITH_COMMENTS_PREMODERATION", default=True)
# Close comments this many days after an article is published; 0 keeps them open.
KITH_COMMENTS_CLOSE_AFTER_DAYS = env_int("KITH_COMMENTS_CLOSE_AFTER_DAYS", default=0)
KITH_COMMENTS_PER_PAGE = env_int("KITH_COMMENTS_PER_PAGE", default=50)
# The signed timestamp on the form: faster than this is a bot, older means a stale page.
KITH_COMMENTS_MIN_FORM_SECONDS = env_int("KITH_COMMENTS_MIN_FORM_SECONDS", default=3)
KITH_COMMENTS_MAX_FORM_AGE_SECONDS = env_int("KITH_COMMENTS_MAX_FORM_AGE_SECONDS", default=7200)
# Flood: two comments from one commenter within this many seconds answer 429.
KITH_COMMENTS_FLOOD_SECONDS = env_int("KITH_COMMENTS_FLOOD_SECONDS", default=15)
# The same text on the same article within this many seconds is a duplicate.
KITH_COMMENTS_DUPLICATE_SECONDS = env_int("KITH_COMMENTS_DUPLICATE_SECONDS", default=86_400)
# At most this many comments per commenter per window (kept in the cache, Redis in production).
KITH_COMMENTS_RATE_LIMIT = env_int("KITH_COMMENTS_RATE_LIMIT", default=5)
KITH_COMMENTS_RATE_WINDOW_SECONDS = env_int("KITH_COMMENTS_RATE_WINDOW_SECONDS", default=3600)
# A comment that may speak of suicide or self-harm is kept for the urgent queue even when the
# flood, duplicate or rate limit refuses it, at most this many times per commenter per hour (so
# that risky words cannot be used to get past the limits); 0 keeps none.
KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR = env_int("KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR", default=3)
# The risk model (comments/risk_model.py) decides which comments reach the urgent queue, weighing
# the rules' findings with the words; what the rules flag and the model does not find urgent is
# held as "mentions suicide or self-harm" (never published without a moderator). Off: the rules
# alone decide, as before session 6. On the blind held-out sets the model finds more (e.g. 84 ->
# 98 of 100 on the fourth, where the rules alone raise 6 false alarms and the model 2); its
# cross-validated figures are in comments/risk_model.json.
KITH_COMMENTS_RISK_MODEL = env_bool("KITH_COMMENTS_RISK_MODEL", default=True)
# A comment with this many links or more is held.
KITH_COMMENTS_LINK_LIMIT = env_int("KITH_COMMENTS_LINK_LIMIT", default=2)
# This many reader reports send an approved comment back to the queue (a risk report: one).
KITH_COMMENTS_REPORT_THRESHOLD = env_int("KITH_COMMENTS_REPORT_THRESHOLD", default=3)
KITH_COMMENTS_REPORT_RATE_LIMIT = env_int("KITH_COMMENTS_REPORT_RATE_LIMIT", default=10)
# purge_comment_data: e-mails and address hashes older than this are removed ...
KITH_COMMENTS_PERSONAL_DATA_RETENTION_DAYS = env_int(
    "KITH_COMMENTS_PERSONAL_DATA_RETENTION_DAYS", default=90
)
# ... and rejected and spam comments older than this are deleted.
KITH_COMMENTS_REJECTED_RETENTION_DAYS = env_int("KITH_COMMENTS_REJECTED_RETENTION_DAYS", default=30)
# Only behind reverse proxies that set X-Forwarded-For: how many of them. 0 trusts REMOTE_ADDR
# alone, because a client can write any X-Forwarded-For it likes.
KITH_COMMENTS_TRUSTED_PROXY_COUNT = env_int("KITH_COMMENTS_TRUSTED_PROXY_COUNT", default=0)
# Reply notifications: at most one e-mail per conversation per this many seconds (later replies
# wait and are folded into the next e-mail) ...
KITH_COMMENTS_NOTIFY_INTERVAL_SECONDS = env_int(
    "KITH_COMMENTS_NOTIFY_INTERVAL_SECONDS", default=3600
)
# ... a confirmation link works this many days, an unsubscribe link this many ...
KITH_COMMENTS_CONFIRM_LINK_DAYS = env_int("KITH_COMMENTS_CONFIRM_LINK_DAYS", default=7)
KITH_COMMENTS_UNSUBSCRIBE_LINK_DAYS = env_int("KITH_COMMENTS_UNSUBSCRIBE_LINK_DAYS", default=60)
# ... and a failed e-mail is tried this many times in all, waiting longer after each failure.
KITH_COMMENTS_NOTIFY_MAX_ATTEMPTS = env_int("KITH_COMMENTS_NOTIFY_MAX_ATTEMPTS", default=5)
# === End of reader comments ==================================================================

# === Page cache (kith/page_cache/) ===========================================================
# Anonymous readers get whole pages from the cache, invalidated exactly when content changes.
# Off (e.g. to measure the pages themselves), pages are rendered every time with the same headers.
KITH_PAGE_CACHE = env_bool("KITH_PAGE_CACHE", default=True)
# How long the server keeps a page at most. The comment form's signed timestamp ages with the
# cached page, so this stays far below KITH_COMMENTS_MAX_FORM_AGE_SECONDS.
KITH_PAGE_CACHE_SECONDS = env_int("KITH_PAGE_CACHE_SECONDS", default=600)
# What a CDN or browser may keep: a short max-age, then stale-while-revalidate.
KITH_PAGE_MAX_AGE = env_int("KITH_PAGE_MAX_AGE", default=60)
KITH_PAGE_STALE_WHILE_REVALIDATE = env_int("KITH_PAGE_STALE_WHILE_REVALIDATE", default=300)
# === End of page cache =======================================================================

# === Read-only JSON API (api/) ===============================================================
# Origins whose scripts may read the API, comma-separated; "*" (the default) lets any site do so:
# the API is anonymous and shows only what every reader may see, and never allows credentials.
KITH_API_CORS_ORIGINS = env_list("KITH_API_CORS_ORIGINS", default="*")
# Requests per client (a keyed hash of its address) per window, counted in the shared cache.
KITH_API_RATE_LIMIT = env_int("KITH_API_RATE_LIMIT", default=120)
KITH_API_RATE_WINDOW_SECONDS = env_int("KITH_API_RATE_WINDOW_SECONDS", default=60)
# === End of API ==============================================================================

# Editorial standards: the reading grade editors aim for (NHS reading age 9–11 ≈ grade 8), and
# how long a clinical review holds before the next one is due (3 years by default).
KITH_READING_GRADE_TARGET = env_int("KITH_READING_GRADE_TARGET", default=8)
KITH_REVIEW_CYCLE_DAYS = env_int("KITH_REVIEW_CYCLE_DAYS", default=3 * 365)
