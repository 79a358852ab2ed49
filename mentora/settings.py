"""One settings module for every environment; differences are environment values.

SQLite is the default so that a fresh checkout runs with no configuration at all;
set DATABASE_URL (postgres://...) for any real deployment.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from mentora.env import (
    ConfigurationError,
    env_bool,
    env_header,
    env_int,
    env_list,
    env_str,
    local_secret_key,
)

# Django's generic classes (ModelAdmin[Person], ...) accept type arguments at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MENTORA_VAR_DIR", str(BASE_DIR / "var")))

# Production is the default; DEBUG=true is asked for (`mentora runserver` asks for it).
DEBUG = env_bool("DEBUG", False)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOOPBACK_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# A site that answers only to this machine's loopback names (the default, and `make demo`) runs
# over plain HTTP and keeps a random secret key of its own in var/secret_key; once ALLOWED_HOSTS
# names a real host it needs SECRET_KEY (the same on every app server), with DEBUG on or off,
# and HTTPS (HTTPS_ONLY below).
LOCAL_ONLY = set(ALLOWED_HOSTS) <= set(LOOPBACK_HOSTS)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not LOCAL_ONLY:
        raise ConfigurationError(
            "SECRET_KEY must be set when ALLOWED_HOSTS names a host other than this machine "
            f"({', '.join(ALLOWED_HOSTS)})"
        )
    SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mentora.core",
    "mentora.people",
    "mentora.programs",
    "mentora.matching",
    "mentora.mentorships",
    "mentora.feedback",
    "mentora.portfolio",
    "mentora.surveys",
    "mentora.evaluation",
    "mentora.engagement",
    "mentora.qualitative",
    "mentora.api",
    "ninja",
    "django_q",
    "axes",
    "mentora.jobs",
    "mentora.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentora.audit.record.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mentora.people.sessions.SessionLimitsMiddleware",
    # Dates and times in the signed-in person's own time zone (mentora/people/zones.py).
    "mentora.people.zones.ViewerTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mentora.core.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: turns a throttled sign-in into the sign-in page with a message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentora.urls"
WSGI_APPLICATION = "mentora.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentora.core.context_processors.navigation",
                "mentora.engagement.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mentora.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request reuses it, so a database restart costs
        # no failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": a transaction takes
    # the write lock when it begins (IMMEDIATE), so two never deadlock upgrading a read lock, and
    # waits up to SQLITE_TIMEOUT seconds for it (mentora.core.middleware answers 503 after that).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
    }

# Accounts (docs/security.md, "Accounts"). Passwords: 12 characters or more, not one of the
# 20,000 common ones, not like the account's name or email, not all digits; stored with argon2
# (older hashes are upgraded at the next sign-in).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one address, that username is refused from that address until LOGIN_COOLOFF_MINUTES
# have passed since the last failure (rolling: a failure during the pause restarts it). Never
# for good, and never for the same username from another address, so nobody can lock another
# person out; a success clears the count. The address is REMOTE_ADDR, or the header the
# reverse proxy sets when CLIENT_IP_HEADER names it (e.g. "X-Real-IP"; the proxy must overwrite
# whatever the client sent).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "mentora.people.throttle.refused"
AXES_CLIENT_IP_CALLABLE = "mentora.people.throttle.client_address"
AXES_VERBOSE = False
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
# signing in whatever happens (mentora.people.sessions); deactivating an account or ending a
# program role ends its sessions at once.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)

LANGUAGE_CODE = "en-us"
FORMAT_MODULE_PATH = ["mentora.formats"]  # "16 Jan 2026" wherever a template gives no format
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

# `mentora serve` runs collectstatic into STATIC_ROOT: hashed names and gzip copies that
# WhiteNoise serves with a year-long cache lifetime. Tests swap in the plain storage (conftest).
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mentora <mentora@localhost>")

# The address people follow from an invitation or a survey link.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Small-cell suppression thresholds, read only through mentora.core.thresholds: inside the
# institution, and for publication.
SUPPRESS_BELOW_INTERNAL = env_int("SUPPRESS_BELOW_INTERNAL", 5)
SUPPRESS_BELOW_PUBLICATION = env_int("SUPPRESS_BELOW_PUBLICATION", 11)

# Rows per page of the lists that grow with the data (participants, pairs, invitations...),
# read through mentora.core.pagination.
PAGE_SIZE = env_int("PAGE_SIZE", 50)

# The job queue (django-q2, `mentora worker`): tasks wait in the database (the ORM broker), so
# SQLite and PostgreSQL need nothing else; with REDIS_URL they wait in Redis. A task may run
# JOBS_TIMEOUT seconds; one whose worker died is delivered again JOBS_RETRY seconds after it was
# taken (longer than the timeout, so a live task is never delivered twice), and after
# JOBS_MAX_ATTEMPTS its job is marked failed. JOBS_SYNC runs tasks in the web process instead:
# the default under pytest and for a site that answers only on this machine (the demo).
JOBS_TIMEOUT = env_int("JOBS_TIMEOUT", 1800)
JOBS_RETRY = env_int("JOBS_RETRY", JOBS_TIMEOUT + 120)
if JOBS_RETRY <= JOBS_TIMEOUT:
    raise ConfigurationError("JOBS_RETRY must be longer than JOBS_TIMEOUT")
Q_CLUSTER: dict[str, object] = {
    "name": "mentora",
    "orm": "default",
    "workers": env_int("JOBS_WORKERS", 2),
    "timeout": JOBS_TIMEOUT,
    "retry": JOBS_RETRY,
    "max_attempts": env_int("JOBS_MAX_ATTEMPTS", 3),
    "ack_failures": True,
    "catch_up": False,
    "poll": 1,
    "save_limit": env_int("JOBS_SAVE_LIMIT", 1000),
    "label": "Job queue",
    "sync": env_bool(
        "JOBS_SYNC",
        "pytest" in sys.modules
        or set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]", "testserver"},
    ),
}
if env_str("REDIS_URL"):
    del Q_CLUSTER["orm"]
    Q_CLUSTER["redis"] = env_str("REDIS_URL")

# A REDCap or Qualtrics upload of more data rows than this is imported by a job (its page shows
# the progress); smaller ones are imported during the request.
SURVEY_IMPORT_QUEUE_ROWS = env_int("SURVEY_IMPORT_QUEUE_ROWS", 2000)
# Uploads: a file larger than UPLOAD_MAX_MB is refused by its size before anything reads it
# (mentora.core.forms.UploadField); a file above FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a
# temporary file rather than held in memory, and a request whose fields other than files pass
# DATA_UPLOAD_MAX_MEMORY_SIZE is answered 400.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A cohort of more people enrolled than this gets its report (page and downloads) from a job,
# kept until the cohort's records change; smaller ones are computed during the request.
REPORT_TASK_ABOVE = env_int("REPORT_TASK_ABOVE", 500)
# While the records change, the last stored report is served and a newer one is asked for at
# most once per this many minutes.
REPORT_REFRESH_MINUTES = env_int("REPORT_REFRESH_MINUTES", 10)
# A cohort of more people enrolled than this gets its survey exports from a job (the report's
# downloads follow REPORT_TASK_ABOVE): the file is written into EXPORTS_DIR, private storage
# outside STATIC_ROOT and MEDIA_ROOT, downloaded by the job's owner only, and deleted after
# EXPORTS_KEEP_HOURS. Finished jobs (and django-q2's task rows) are deleted after JOBS_KEEP_DAYS.
EXPORT_TASK_ABOVE = env_int("EXPORT_TASK_ABOVE", 500)
# (Under pytest, a folder of the system's temporary directory, never the checkout's var/.)
EXPORTS_DIR = Path(env_str("EXPORTS_DIR", str(
    Path(tempfile.gettempdir()) / "mentora-test-exports" if "pytest" in sys.modules
    else VAR_DIR / "exports")))
EXPORTS_KEEP_HOURS = env_int("EXPORTS_KEEP_HOURS", 24)
JOBS_KEEP_DAYS = env_int("JOBS_KEEP_DAYS", 30)
# The uploaded files of a survey import previewed and never imported are deleted this long after
# the upload (mentora.surveys.import_preview.expire_previews, hourly).
PREVIEWS_KEEP_DAYS = env_int("PREVIEWS_KEEP_DAYS", 7)
# Notifications are deleted once this old, settled (read or never in the app, their email sent
# or not wanted) and past coming back (mentora.engagement.retention, daily). A kind may be kept
# longer here, e.g. {"drift": 730}; never shorter than its kind's floor.
NOTIFICATIONS_KEEP_DAYS = env_int("NOTIFICATIONS_KEEP_DAYS", 365)
NOTIFICATIONS_KEEP_DAYS_BY_KIND: dict[str, int] = {}

# Deployment posture (docs/security.md). HTTPS_ONLY is the one switch for HTTPS: the redirect,
# secure cookies and HSTS. It is on whenever ALLOWED_HOSTS names a host that is not this
# machine, so `make demo` still works over http://127.0.0.1; HTTPS_ONLY=true or false says
# otherwise.
HTTPS_ONLY = env_bool("HTTPS_ONLY", not LOCAL_ONLY)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
# Preloading is a promise to the browsers' built-in list, slow to take back (and submitted for a
# whole domain, not a site): only when asked for with SECURE_HSTS_PRELOAD=true.
SECURE_HSTS_PRELOAD = HTTPS_ONLY and env_bool("SECURE_HSTS_PRELOAD", False)
# The header by which the reverse proxy says a request came over HTTPS, trusted only when named
# (PROXY_SSL_HEADER="X-Forwarded-Proto: https"): the proxy must overwrite whatever the client
# sent, and only the proxy may reach the app server (docs/deploy.md). Never from a client else.
SECURE_PROXY_SSL_HEADER = env_header("PROXY_SSL_HEADER")
# Load balancers probe /health/ on the app server itself, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# `check --deploy` is clean with the defaults `mentora serve` uses: a site that only this machine
# can reach runs over plain HTTP on purpose, and preload is declined unless asked for. A real
# host with HTTPS_ONLY=false still gets the HTTPS warnings.
SILENCED_SYSTEM_CHECKS: list[str] = []
if LOCAL_ONLY and not HTTPS_ONLY:
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (django-csp): everything from this site, nothing inline (scripts live
# in static files), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Error reports (the debug page with DEBUG on, mailed or logged reports) never show what a
# request uploaded: mentora/core/debug.py.
DEFAULT_EXCEPTION_REPORTER = "mentora.core.debug.UploadSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "mentora.core.debug.UploadSafeExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
