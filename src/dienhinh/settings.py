"""Dienhinh settings: one module, configured by environment variables only.

With no variables set the project runs in the embedded mode: SQLite (WAL) and media under
``var/``, email printed to the console, the database task queue. Production is the same code
with DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL-style SMTP variables set.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dienhinh.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("DIENHINH_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The demo mode loads the demo province and lets its users log in with the demo password.
DEMO_MODE = env_bool("DIENHINH_DEMO", False)
DEMO_PASSWORD = env_str("DIENHINH_DEMO_PASSWORD", "dienhinh-demo")


def _embedded_secret_key() -> str:
    """In the embedded mode, a random key made once and kept in var/ (never in the code)."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        # Write then rename, so a process starting at the same moment never reads half a key.
        partial = key_file.with_name(f"secret_key.{os.getpid()}")
        partial.write_text(get_random_secret_key(), encoding="utf-8")
        partial.chmod(0o600)
        partial.replace(key_file)
    return key_file.read_text(encoding="utf-8").strip()


# Setting SECRET_KEY is what marks a production deployment: it turns on secure cookies, HSTS
# and the HTTPS redirect unless SECURE_COOKIES says otherwise.
PRODUCTION = bool(env_str("SECRET_KEY"))
SECRET_KEY = env_str("SECRET_KEY") or _embedded_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before accounts, whose admin replaces the TOTP device admin django-otp registers.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "dienhinh.core",
    "dienhinh.accounts",
    "dienhinh.orgs",
    "dienhinh.plans",
    "dienhinh.nominations",
    "dienhinh.publishing",
    "dienhinh.activities",
    "dienhinh.reports",
    "dienhinh.scoring",
    "dienhinh.documents",
    "dienhinh.workspace",
    "dienhinh.portal",
    "dienhinh.api",
    "dienhinh.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rules.apps.AutodiscoverRulesConfig",
    "treebeard",
    "ninja",
    "django_tasks_db",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database that cannot be reached answers 503 with Retry-After (core/unavailable.py).
    "dienhinh.core.unavailable.DatabaseUnavailableMiddleware",
    "dienhinh.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached portal page to a reader without a session, before the session, language,
    # CSRF and authentication middleware run (their headers are kept with the page).
    "dienhinh.portal.caching.EarlyPageMiddleware",
    "dienhinh.core.middleware.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dienhinh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: sends people whose roles need a second factor to set it up, and
    # keeps the "last seen" of each session (both read only the session on most requests).
    "dienhinh.accounts.middleware.AccountSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Refuses what no view could answer safely (NUL in the address, bodies over the route's
    # limit) before anything reads the body; after the headers' middleware, so that its
    # answers carry them.
    "dienhinh.core.limits.RequestLimitsMiddleware",
    # Exports and downloads of personal data go to the audit log (after the view has answered).
    "dienhinh.accounts.middleware.PersonalDataAccessMiddleware",
]

ROOT_URLCONF = "dienhinh.urls"
WSGI_APPLICATION = "dienhinh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dienhinh.workspace.context_processors.menu",
            ],
            # {% csrf_token %} also writes the one-time form token (core.once).
            "builtins": ["dienhinh.core.templatetags.once"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            # A kept connection is checked before each request reuses it: after the server
            # restarted, the next request connects again instead of failing (core/unavailable).
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "dienhinh.sqlite3",
            # One connection per worker kept open, as for PostgreSQL: a new one per request
            # starts with an empty page cache and re-runs the PRAGMAs.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server and the task worker read while the other writes;
                # IMMEDIATE transactions stop "database is locked" on upgrade from read to write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
# The compiled queries of core.prepared are prepared on the PostgreSQL server once per
# connection. Off for a pooler that hands each transaction another server connection
# (PgBouncer's transaction mode before 1.21): the statement would not be there.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (Index.include) serve the monitoring board on PostgreSQL; SQLite makes
# the same index without the included columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # invitations use the same tokens: three days to accept
# Login attempts allowed in LOGIN_THROTTLE_WINDOW seconds for one account from one client
# address, and from one client address whatever the account. Never per account alone: a
# stranger must not be able to lock the owner out (accounts/throttle.py).
LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS = env_int("LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS", 5)
LOGIN_THROTTLE_PER_ADDRESS = env_int("LOGIN_THROTTLE_PER_ADDRESS", 20)
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)
# The link emailed to an account's owner when its logins are locked, to unlock them.
UNLOCK_LINK_MAX_AGE = 24 * 3600
# Password reset emails per target email and per client address in the window.
PASSWORD_RESET_PER_EMAIL = env_int("PASSWORD_RESET_PER_EMAIL", 3)
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 10)
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 3600)
# Invitations (and resent invitations) per invited email and per client address in the window.
INVITE_PER_EMAIL = env_int("INVITE_PER_EMAIL", 3)
INVITE_PER_ADDRESS = env_int("INVITE_PER_ADDRESS", 60)
INVITE_WINDOW = env_int("INVITE_WINDOW", 3600)
# An invitation of an existing account to a new role can be accepted for this long.
INVITATION_MAX_AGE = 7 * 24 * 3600
# API tokens: those a password login hands out expire after API_LOGIN_TOKEN_DAYS and a person
# keeps at most API_LOGIN_TOKEN_CAP of them (the oldest is revoked); a named token made on the
# profile page or through /tokens lives for the days chosen, at most API_TOKEN_MAX_DAYS.
API_LOGIN_TOKEN_DAYS = env_int("API_LOGIN_TOKEN_DAYS", 90)
API_LOGIN_TOKEN_CAP = env_int("API_LOGIN_TOKEN_CAP", 10)
API_TOKEN_MAX_DAYS = 365
# Two-factor authentication (TOTP, django-otp): the issuer name authenticator apps show, and
# how long the code may be entered after the password.
OTP_TOTP_ISSUER = "Dienhinh"
LOGIN_CODE_TIMEOUT = 5 * 60
# The demo accounts (demo/data.py) are exempt from two-factor authentication in demo mode only.
DEMO_ACCOUNT_DOMAIN = "demo.dienhinh.vn"
# A session's "last seen" time (on the profile page) is written at most this often.
SESSION_SEEN_INTERVAL = 5 * 60
# Security events, personal data accesses and exports are kept this long in the audit log
# (two years, Law 91/2025); manage.py purge_security_log deletes older ones (cron, daily).
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 730)
# Days a sent email stays in the outbox (core.mail.purge_sent, daily on the worker and by
# manage.py purge_sent_emails); pending and failed ones are never purged.
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90)
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries to trust.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dienhinh.formats"]
LANGUAGE_COOKIE_NAME = "dienhinh_language"

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files go through permission-checking views
STORAGES = {
    # FileSystemStorage that removes a part written when the disk is full (core/storage.py).
    "default": {"BACKEND": "dienhinh.core.storage.LocalStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Larger uploads are received into temporary files here rather than the system's folder,
# so that the ones a killed process leaves are found and removed (nominations.orphans).
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "upload-tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(exist_ok=True)
# Age after which an upload's file with no row, a pending upload's row with no file and a
# temporary upload file are orphans of a killed process (nominations.orphans).
UPLOAD_ORPHAN_HOURS = env_int("UPLOAD_ORPHAN_HOURS", 6)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
IMPORT_MAX_BYTES = 10 * 1024 * 1024
# Requests refused from their headers before anything reads the body (core/limits.py): the
# longest address, and the largest upload (multipart) a route accepts, by view name, else
# UPLOAD_REQUEST_MAX_BYTES (a dossier form with several photos and documents). Other bodies
# may be DATA_UPLOAD_MAX_MEMORY_SIZE. gunicorn.conf.py limits the request line a bit above.
MAX_URL_LENGTH = 4096
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_BYTES", 100 * 1024 * 1024)
REQUEST_BODY_LIMITS = {"unit_import:upload": IMPORT_MAX_BYTES + 64 * 1024}

# --- Email --------------------------------------------------------------------------------
# Django 6.1 mailers. With EMAIL_HOST set, mail goes out by SMTP; otherwise to the console
# (or the backend named by EMAIL_BACKEND, e.g. the file backend with EMAIL_FILE_PATH).
EMAIL_HOST_NAME = env_str("EMAIL_HOST", "")
if EMAIL_HOST_NAME:
    _email_port = env_int("EMAIL_PORT", 587)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST_NAME,
                "port": _email_port,
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", _email_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", _email_port == 465),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    _email_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    _email_options = {}
    if env_str("EMAIL_FILE_PATH"):
        _email_options["file_path"] = env_str("EMAIL_FILE_PATH")
    MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dienhinh <no-reply@dienhinh.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Unit imports of more rows than this run on the worker with a progress bar (core.jobs).
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 500)

# --- Cache ----------------------------------------------------------------------------------
# The embedded default is a cache every process of the machine shares: files under
# var/cache (a page published through one gunicorn worker must not stay stale in another).
# Files rather than the database cache: SQLite has one writer at a time, and cache writes
# would queue behind the application's own. Production sets CACHE_BACKEND/CACHE_LOCATION
# (e.g. django.core.cache.backends.redis.RedisCache and redis://host:6379/0).
CACHE_BACKEND = env_str("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": env_str(
            "CACHE_LOCATION",
            str(VAR_DIR / "cache") if CACHE_BACKEND.endswith("FileBasedCache") else "dienhinh",
        ),
        # MAX_ENTRIES culls the file and local-memory caches; Redis evicts by its own
        # maxmemory policy, and its client would take the option for a connection argument.
        "OPTIONS": {}
        if "Redis" in CACHE_BACKEND
        else {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
    }
}
# The code's version, if the deployment knows it (a git commit): values cached by other code
# are not read (core.release; by default a digest of the package's files).
DIENHINH_RELEASE = env_str("DIENHINH_RELEASE", "")
# How long the portal keeps a rendered page (any public change makes them all stale at
# once: portal.caching); 0 renders every page each time.
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 3600)
# The readings of story pages wait outside the database until the worker's flush counts
# them (publishing.readings): with a Redis cache in Redis counters (publishing.reading_redis,
# the cache's first server unless READINGS_REDIS_URL says otherwise), otherwise in one
# append-only file per server process here (publishing.reading_log; one machine, as the
# file cache).
READINGS_LOG_DIR = VAR_DIR / "readings"
READINGS_REDIS_URL = env_str(
    "READINGS_REDIS_URL",
    re.split(r"[;,]", CACHES["default"]["LOCATION"])[0] if "Redis" in CACHE_BACKEND else "",
)
READINGS_REDIS_PREFIX = env_str("READINGS_REDIS_PREFIX", "dienhinh:readings:")

# --- Security -------------------------------------------------------------------------------
# Served over HTTPS (SITE_URL says so) or configured as production: secure cookies and HSTS.
SECURE_MODE = env_bool(
    "SECURE_COOKIES", (PRODUCTION or SITE_URL.startswith("https://")) and not DEBUG
)
SESSION_COOKIE_SECURE = SECURE_MODE
CSRF_COOKIE_SECURE = SECURE_MODE
LANGUAGE_COOKIE_SECURE = SECURE_MODE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_MODE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_MODE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_MODE
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_MODE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "dienhinh.core.errors.csrf_failure"

from django.utils.csp import CSP  # noqa: E402  (kept next to the policy it builds)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Browser features, each allowed for the listed origins only ("self"); none allows every
# other one. The dossier form's "take a photo" is a file input with capture="environment":
# the browser hands it to the phone's camera application, which no policy governs (the
# camera feature gates getUserMedia, used nowhere yet); camera stays allowed for the site
# itself so an in-page capture keeps working, never for a framed or framing page.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
API_PAGE_MAX = 200

# --- Official documents (documents app) ---------------------------------------------------
# LibreOffice turns DOCX into PDF; its converted files are cached by content hash here.
DOCUMENTS_SOFFICE = env_str("DIENHINH_SOFFICE", "soffice")
DOCUMENTS_CACHE_DIR = Path(env_str("DIENHINH_DOCUMENTS_CACHE_DIR", str(VAR_DIR / "documents")))
# A conversion running longer than this is killed (a stuck converter must not hold the lock).
DOCUMENTS_PDF_TIMEOUT = env_int("DIENHINH_DOCUMENTS_PDF_TIMEOUT", 90)
# A page waits this long for a PDF before handing the conversion to a background job.
DOCUMENTS_PDF_WAIT = env_int("DIENHINH_DOCUMENTS_PDF_WAIT", 5)
# Long exports (and PDFs handed to the worker) are removed this many hours after they end.
DOCUMENTS_EXPORT_HOURS = env_int("DIENHINH_DOCUMENTS_EXPORT_HOURS", 24)
# Cached PDFs unused for this many days are removed, and the oldest beyond the size cap
# (documents.pdf.clean_pdf_cache: after conversions, and `manage.py clean_documents`).
DOCUMENTS_PDF_CACHE_DAYS = env_int("DIENHINH_DOCUMENTS_PDF_CACHE_DAYS", 30)
DOCUMENTS_PDF_CACHE_MB = env_int("DIENHINH_DOCUMENTS_PDF_CACHE_MB", 500)

# --- Outgoing email (core/mail.py) ----------------------------------------------------------
# A failed email is tried again after EMAIL_RETRY_BASE_SECONDS, doubled each time up to
# EMAIL_RETRY_MAX_SECONDS, and marked failed (retryable by an administrator) after
# EMAIL_MAX_ATTEMPTS attempts.
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 60)
EMAIL_RETRY_MAX_SECONDS = env_int("EMAIL_RETRY_MAX_SECONDS", 3600)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 10)

# A task worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; a task left "running" by
# a worker silent for WORKER_LOST_AFTER_SECONDS (or whose process on this machine is gone)
# is run again if it is safe to rerun, else marked failed (core.worker).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_LOST_AFTER_SECONDS = env_int("WORKER_LOST_AFTER_SECONDS", 120)
