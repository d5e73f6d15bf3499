"""Newsdesk settings: every value that differs between machines comes from the environment, read here only.

DATABASE_URL   default: SQLite file in NEWSDESK_DATA_DIR (WAL mode)
REDIS_URL      optional: Redis for the cache
SECRET_KEY     required when DEBUG is off, unless NEWSDESK_DEMO=1 (then generated once and kept in the data dir)
DEBUG          "1" to turn on; off by default
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsdesk.environment import env_bool, env_int, env_list
from newsdesk.serving.outage import REDIS_TIMEOUTS

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def _database(url: str, conn_max_age: int) -> dict:
    try:
        return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:  # an unknown scheme or a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Newsdesk can use: {error}") from error


def _redis_url(name: str, default: str = "") -> str:
    """A Redis URL, checked here: redis-py would only refuse it when the first request reaches the cache."""
    from redis.connection import parse_url

    url = os.environ.get(name, default)
    if url:
        try:
            parse_url(url)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is not a Redis URL (redis://host:6379/0): {error}") from error
    return url


def _ensure_dir(path: Path, setting: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(f"{setting}: cannot create {path} ({error.strerror}).") from error


DATA_DIR = Path(os.environ.get("NEWSDESK_DATA_DIR", PROJECT_DIR / "data"))
DEBUG = env_bool("DEBUG", shared=True)
DEMO = env_bool("NEWSDESK_DEMO")
HTTPS = env_bool("NEWSDESK_HTTPS", default=not (DEBUG or DEMO))


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or set NEWSDESK_DEMO=1).")
    # A demo or development install generates its key once and keeps it, so sessions survive restarts.
    key_file = DATA_DIR / "secret-key.txt"
    if not key_file.exists():
        _ensure_dir(DATA_DIR, "NEWSDESK_DATA_DIR")
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if (DEBUG or DEMO) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsdesk.newsroom.sites.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # search's tsvector field; harmless on SQLite
    "django_prose_editor",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "allauth",
    "allauth.account",
    "newsdesk.accounts",
    "newsdesk.sitesettings",
    "newsdesk.news",
    "newsdesk.newsroom",
    "newsdesk.search",
    "newsdesk.api",
    "newsdesk.readers",
    "newsdesk.demo",
    "newsdesk.serving",
    "newsdesk.wire",
    "newsdesk.pagecache",
]

MIDDLEWARE = [
    # First: it reads the Host before SecurityMiddleware's HTTPS redirect does, so an API client gets JSON for it.
    "newsdesk.api.middleware.BadHostAnswersJson",
    "django.middleware.security.SecurityMiddleware",
    "newsdesk.api.middleware.TokenAnswersArePrivate",
    "newsdesk.api.middleware.PublicReadsAreShared",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsdesk.newsroom.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsdesk.errors.RefuseMisencodedForms",
    "newsdesk.sitesettings.middleware.SiteTimezoneMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

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
                "django.template.context_processors.csp",
                "newsdesk.sitesettings.context_processors.site",
                "newsdesk.news.context_processors.navigation",
            ],
        },
    },
]

# Databases -----------------------------------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "newsdesk.sqlite3"
DATABASES = {
    "default": _database(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", env_int("DATABASE_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, except that it checks for JSON support without waiting for the write lock (sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "newsdesk.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids deadlock-prone lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    if DATABASES["default"]["NAME"] and DATABASES["default"]["NAME"] != ":memory:":
        # The variable the operator set: with no DATABASE_URL the path is NEWSDESK_DATA_DIR's.
        _ensure_dir(
            Path(DATABASES["default"]["NAME"]).parent,
            "DATABASE_URL" if os.environ.get("DATABASE_URL") else "NEWSDESK_DATA_DIR",
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    pg_options := os.environ.get("DATABASE_PG_OPTIONS", "-c jit=off")
):
    # PostgreSQL's JIT compiles any query whose estimate passes jit_above_cost: ~10 ms spent compiling the related
    # stories query (1.6 ms to run) on every uncached article page at 1M stories. Pages run short queries only.
    # Behind PgBouncer, which refuses startup options, set DATABASE_PG_OPTIONS= and `ALTER ROLE ... SET jit = off`.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise a file cache every worker process of the machine shares.
REDIS_URL = _redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that Redis away is a miss, not a 500 on every page (serving/cache.py).
            "BACKEND": "newsdesk.serving.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsdesk"),
            "OPTIONS": dict(REDIS_TIMEOUTS),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# Page cache (newsdesk.pagecache, docs/operations.md "Page cache and CDN"): a WSGI layer in front of Django. Its
# shared tier is a SQLite file under the data dir, or Redis when REDIS_URL is set; PAGECACHE_REDIS_URL overrides.
PAGECACHE_ENABLED = env_bool("PAGECACHE_ENABLED", default=True)
PAGECACHE_DIR = Path(os.environ.get("PAGECACHE_DIR", DATA_DIR / "pagecache"))
PAGECACHE_REDIS_URL = _redis_url("PAGECACHE_REDIS_URL", REDIS_URL)
PAGECACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "newsdesk")
# With Redis, how often a worker reads the shared purge counter (milliseconds): a purge on another machine is seen
# within this long; purges on this machine are seen at once through the generation file.
PAGECACHE_REDIS_CHECK_MS = env_int("PAGECACHE_REDIS_CHECK_MS", 250)
# How stale a worker's view of this machine's purge signal may be on a hit (a purge by the worker itself is seen
# at once). 0 checks on every request.
PAGECACHE_SIGNAL_CHECK_MS = env_int("PAGECACHE_SIGNAL_CHECK_MS", 100)
PAGECACHE_MAX_AGE = env_int("PAGECACHE_MAX_AGE", 300)
PAGECACHE_STALE_WHILE_REVALIDATE = env_int("PAGECACHE_STALE_WHILE_REVALIDATE", 30)
PAGECACHE_LOCAL_MAX_BYTES = env_int("PAGECACHE_LOCAL_MAX_MB", 64) * 1024 * 1024
# The embedded shared tier's file (SQLite) keeps at most this much page HTML; Redis is bounded by page lifetimes and
# its own maxmemory.
PAGECACHE_SHARED_MAX_BYTES = env_int("PAGECACHE_SHARED_MAX_MB", 512) * 1024 * 1024
PAGECACHE_FASTLY_SERVICE_ID = os.environ.get("PAGECACHE_FASTLY_SERVICE_ID", "")
PAGECACHE_FASTLY_API_TOKEN = os.environ.get("PAGECACHE_FASTLY_API_TOKEN", "")
PAGECACHE_FASTLY_API_URL = os.environ.get("PAGECACHE_FASTLY_API_URL", "https://api.fastly.com")
PAGECACHE_CLOUDFLARE_ZONE_ID = os.environ.get("PAGECACHE_CLOUDFLARE_ZONE_ID", "")
PAGECACHE_CLOUDFLARE_API_TOKEN = os.environ.get("PAGECACHE_CLOUDFLARE_API_TOKEN", "")
PAGECACHE_CLOUDFLARE_API_URL = os.environ.get("PAGECACHE_CLOUDFLARE_API_URL", "https://api.cloudflare.com")
PAGECACHE_PURGE_URLS = env_list("PAGECACHE_PURGE_URLS")

AUTH_USER_MODEL = "accounts.User"
# Messages live in the session, not a cookie: an API token's key is shown once as a message and must not travel
# in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# django-axes first: it refuses a sign-in after too many failures before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Five failures for one account from one address lock that pair out for 15 minutes (answered with 429).
# The address is REMOTE_ADDR: a client-supplied X-Forwarded-For never counts, so rotating it changes nothing.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "newsroom/locked_out.html"
# Readers sign in with their email (allauth's "login" field); staff with a username. Both count as the account.
AXES_USERNAME_CALLABLE = "newsdesk.readers.adapter.attempted_account"
# Two-factor sign-in (TOTP) for the newsroom: every staff member may turn it on; these roles must.
NEWSDESK_TWO_FACTOR_ROLES = [
    role.strip() for role in os.environ.get("NEWSDESK_TWO_FACTOR_ROLES", "").split(",") if role.strip()
]
OTP_TOTP_ISSUER = "Newsdesk"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "readers:my-news"

# Reader accounts (django-allauth): email + password, verified email, optional one-time sign-in codes.
ACCOUNT_ADAPTER = "newsdesk.readers.adapter.ReaderAccountAdapter"
ACCOUNT_USER_DISPLAY = "newsdesk.readers.adapter.shown_name"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming in the browser that signed up signs the reader in (allauth does it only in that session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_FORMS = {"signup": "newsdesk.readers.forms.ReaderSignupForm"}
# Unset: "[<site name>] " from the site settings (readers.adapter).
ACCOUNT_EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX")
# Same answer for known and unknown emails (sign-in, sign-up, reset): allauth's default, kept explicit.
ACCOUNT_PREVENT_ENUMERATION = True
# Wrong passwords: django-axes locks an account+address pair after five (429, 15 minutes); allauth adds ten a minute
# per address and twenty per account in 15 minutes from anywhere (higher, so a stranger who knows a reader's email
# cannot keep them out with five guesses; the reader can still sign in by mailed code). Five reset mails an hour per
# address and per email.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,20/15m/key",
    "reset_password": "5/h/ip,5/h/key",
}
# Sign-ups from these email domains are refused (comma-separated, e.g. disposable-mail providers).
NEWSDESK_BLOCKED_EMAIL_DOMAINS = {domain.lower() for domain in env_list("NEWSDESK_BLOCKED_EMAIL_DOMAINS")}

# Mail (Django 6.1 MAILERS): printed to the console unless an SMTP host is configured.
if os.environ.get("EMAIL_HOST"):
    _smtp_port = env_int("EMAIL_PORT", 587)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": _smtp_port,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=_smtp_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=_smtp_port == 465),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsdesk <news@localhost>")

LANGUAGE_CODE = "en"
# Ahead of the apps' own catalogues: our English puts allauth's Title Case ("Sign In") in sentence case.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Baku")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# The embedded install serves uploads itself; behind nginx or a CDN set SERVE_MEDIA=0.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Upload limits: Django's defaults for form data, and a cap on image pixels against decompression bombs.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_BYTES = 10 * 1024 * 1024

# Security ------------------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer's probe speaks plain HTTP to the server behind it.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading is close to irreversible for a domain and its subdomains: the operator opts in
        # (docs/operations.md), so the check's reminder is silenced rather than the choice made for them.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Pages make no external requests at all: everything is served from this origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The one inline <style> the newsroom's body editor (Tiptap, inside django-prose-editor) injects, by hash.
    "style-src": [CSP.SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Background work (publish side effects, going live, image renditions) is stored in the database and run by
# `newsdesk worker`, so nothing is lost when the worker restarts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL[:40]!r}."
    )
# One shape for every line, granian's too under `newsdesk serve`: ISO timestamp, level, logger, message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timestamped": {"()": "newsdesk.serving.logs.Formatter"}},
    "filters": {"client_errors_in_one_line": {"()": "newsdesk.errors.ClientErrorsInOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "timestamped",
            "filters": ["client_errors_in_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # `newsdesk worker` drains the queue every second; the backend's start/stop lines would be noise.
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Newsdesk ------------------------------------------------------------------------------------------------------
NEWSDESK_PAGE_SIZE = 20
# How long a newsroom preview link works.
NEWSDESK_PREVIEW_DAYS = env_int("NEWSDESK_PREVIEW_DAYS", 7)

# Wire desk: partner feeds are fetched only from public addresses. Tests name their local server here
# (e.g. ["127.0.0.1"]); production leaves it empty, and it is deliberately not read from the environment.
WIRE_FETCH_ALLOW: list[str] = []
WIRE_FETCH_MAX_BYTES = 5 * 1024 * 1024
WIRE_FETCH_TIMEOUT = 10.0
WIRE_FETCH_MAX_REDIRECTS = 3
