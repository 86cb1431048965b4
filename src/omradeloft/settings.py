"""Settings, every one read once from the environment with a default that runs locally.

Environment variables:
    DEBUG            bool, default false; `make run` and the tests set it true (a laptop)
    SECRET_KEY       required when DEBUG is false (at least 50 characters)
    ALLOWED_HOSTS    comma-separated, required when DEBUG is false
    DATABASE_URL     default: SQLite in var/; postgres://user:password@host/db for PostgreSQL
    PORT             port for `make run`, default 8000
    LANGUAGE_CODE    default nb (Norwegian bokmål)
    TIME_ZONE        default Europe/Oslo
    EMAIL_URL        "console" (default with DEBUG) or "smtp://host:port" (default
                     smtp://localhost:25 without DEBUG)
    DEFAULT_FROM_EMAIL
    SECURE_SSL_REDIRECT  bool, default true when DEBUG is false
    ATTACHMENT_MAX_BYTES largest accepted document, default 10 MiB
    LOGIN_FAILURE_LIMIT  failed logins per account, and per address, before a pause; default 10
    LOGIN_COOLOFF_MINUTES  the pause, default 15 minutes
    TRUSTED_PROXIES  comma-separated addresses of the reverse proxy in front; only requests
                     from them may set X-Forwarded-Proto and X-Forwarded-For. Default none
    TASKS_BACKEND    background tasks; default a thread in the web process
    EVALUATION_HEARTBEAT_TIMEOUT  seconds without a heartbeat after which a running
                     evaluation run counts as interrupted, default 300
    UPLOAD_MAX_ARCHIVE_MEMBERS     files in an uploaded XLSX/ZIP, default 1000
    UPLOAD_MAX_UNPACKED_BYTES      an XLSX/ZIP's files together, unpacked, default 1 GiB
    UPLOAD_MAX_MEMBER_BYTES        one file in it that is read whole, unpacked, default 32 MiB
    UPLOAD_MAX_COMPRESSION_RATIO   unpacked/packed size, default 100
    IMPORT_MAX_ROWS      rows of one statistics file on the command line, default 2,000,000
    IMPORT_WEB_MAX_ROWS  rows of one uploaded statistics file, default 250,000
    IMPORT_WEB_SECONDS   time to read an uploaded statistics file, default 20
    IMPORT_PLAUSIBILITY_FACTOR  times above/below an area's stored values that is a warning, 10
    STAGED_UPLOAD_MAX_AGE_HOURS  checked uploads not imported are deleted after, default 24
    STATISTICS_FETCH_TIMEOUT  seconds `fetch-statistics` waits for a statistics bank, default 60
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OMRADELOFT_VAR_DIR", PROJECT_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false/1/0/yes/no."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected a whole number of at least {minimum}."
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
PORT = env_int("PORT", 8000)

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off, so SECRET_KEY must be set to a random value of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBUG is off, so ALLOWED_HOSTS must list the host names this site answers to."
        )

INSTALLED_APPS = [
    "omradeloft.core",
    "omradeloft.accounts",
    "omradeloft.areas",
    "omradeloft.indicators",
    "omradeloft.targeting",
    "omradeloft.programmes",
    "omradeloft.measures",
    "omradeloft.evaluation",
    "omradeloft.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "omradeloft.core.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "omradeloft.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "omradeloft.core.middleware.AuditActorMiddleware",
    "omradeloft.core.middleware.BadParameterMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omradeloft.urls"
WSGI_APPLICATION = "omradeloft.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'omradeloft.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging lets pages read while an import writes; a larger page cache keeps
    # the observation indexes in memory during bulk imports.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "nb")
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE={LANGUAGE_CODE!r} is not one of nb, en.")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "omradeloft.core.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Background work started from the web (evaluation runs): TASKS_BACKEND names the backend,
# default a daemon thread per task in the web process; a real worker's backend in production,
# or django.tasks.backends.immediate.ImmediateBackend to run each task at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "omradeloft.core.tasks.ThreadBackend"),
    }
}
# A running evaluation run writes a heartbeat as it progresses; one silent this long stopped
# without finishing (its server was stopped) and is marked failed, interrupted. Generous:
# the longest step between two beats takes seconds, even with 600 comparison areas.
EVALUATION_HEARTBEAT_TIMEOUT = env_int("EVALUATION_HEARTBEAT_TIMEOUT", 300)
if EVALUATION_HEARTBEAT_TIMEOUT <= 0:
    raise ImproperlyConfigured(
        f"EVALUATION_HEARTBEAT_TIMEOUT={os.environ['EVALUATION_HEARTBEAT_TIMEOUT']!r} must be "
        "a positive number of seconds."
    )
MEDIA_ROOT = VAR_DIR / "media"
# Documents attached to measures and meetings; larger files belong in an archive system.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Uploaded ZIP archives (XLSX workbooks, Office documents) are judged by their directory
# before anything is unpacked. A 2,000,000-row long-format sheet unpacks to about 0.5 GB of
# XML at a ratio near 11; a decompression bomb packs at 400-1000. Parts a reader holds in
# memory whole (shared strings, styles) cost several times their size once parsed.
UPLOAD_MAX_ARCHIVE_MEMBERS = env_int("UPLOAD_MAX_ARCHIVE_MEMBERS", 1000, minimum=1)
UPLOAD_MAX_UNPACKED_BYTES = env_int("UPLOAD_MAX_UNPACKED_BYTES", 1024**3, minimum=1)
UPLOAD_MAX_MEMBER_BYTES = env_int("UPLOAD_MAX_MEMBER_BYTES", 32 * 1024**2, minimum=1)
UPLOAD_MAX_COMPRESSION_RATIO = env_int("UPLOAD_MAX_COMPRESSION_RATIO", 100, minimum=1)
# Statistics files: the command line takes a national file (every basic statistical unit,
# ~14,000, times many indicators); a web request reads an XLSX at ~50 µs a row, so 250,000
# rows take ~12 s, inside a time budget that stays below common proxy and worker timeouts
# (30-60 s). Larger files go through `omradeloft import-observations`.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2_000_000, minimum=1)
IMPORT_WEB_MAX_ROWS = env_int("IMPORT_WEB_MAX_ROWS", 250_000, minimum=1)
IMPORT_WEB_SECONDS = env_int("IMPORT_WEB_SECONDS", 20, minimum=1)
# An imported value this many times above or below the median of the area's stored values
# of the indicator is a warning to be accepted before it is written.
IMPORT_PLAUSIBILITY_FACTOR = env_int("IMPORT_PLAUSIBILITY_FACTOR", 10, minimum=2)
# An upload checked on the web but neither imported nor discarded is deleted after this.
STAGED_UPLOAD_MAX_AGE_HOURS = env_int("STAGED_UPLOAD_MAX_AGE_HOURS", 24, minimum=1)
# SSB answers a large table query in tens of seconds; a dead connection should not hang cron.
STATISTICS_FETCH_TIMEOUT = env_int("STATISTICS_FETCH_TIMEOUT", 60, minimum=1)

# Django's own default outside a laptop: SMTP to a mail server on this host.
EMAIL_URL = os.environ.get("EMAIL_URL", "console" if DEBUG else "smtp://localhost:25")
if EMAIL_URL == "console":
    MAILERS: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
elif EMAIL_URL.startswith("smtp://"):
    _host, _colon, _port = EMAIL_URL.removeprefix("smtp://").partition(":")
    if not _host or (_port and not _port.isdigit()):
        raise ImproperlyConfigured(f"EMAIL_URL={EMAIL_URL!r}: expected smtp://host[:port].")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": _host, "port": int(_port or 25)},
        }
    }
else:
    raise ImproperlyConfigured(
        f"EMAIL_URL={EMAIL_URL!r}: expected 'console' or 'smtp://host:port'."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "omradeloft@localhost")

# Password guessing: django-axes counts failed logins per username (known or not, so the
# answer never tells whether an account exists) and per address, and refuses every login from
# either for the cool-off; each attempt during it starts it again.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "omradeloft.accounts.lockout.locked_out"
AXES_VERBOSE = False
# The client's address: the connection's, or the one the trusted proxy forwarded.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXIES else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_ORDER = "right-most"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
