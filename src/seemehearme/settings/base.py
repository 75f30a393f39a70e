"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent  # src/seemehearme
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("SMH_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Demo mode marks every page as the synthetic demo area and enables `smh demo-code`.
SMH_DEMO_MODE = env_bool("SMH_DEMO_MODE", False)
# Requests per token for the agency API (per worker process; see docs/adr/0008).
SMH_API_RATE_LIMIT = os.environ.get("SMH_API_RATE_LIMIT", "60/min")
SMH_PARTNERSHIP_NAME = os.environ.get("SMH_PARTNERSHIP_NAME", "See Me, Hear Me")
# Where users can get the source of the version running here (AGPL section 13); shown in the
# footer when set.
SMH_SOURCE_URL = os.environ.get("SMH_SOURCE_URL", "")
# The national return (docs/national-return.md): counts from 1 to SMH_RETURN_SUPPRESS_BELOW - 1
# are hidden; a key shared with the national instance signs returns (HMAC) instead of a plain
# SHA-256 digest; SMH_NATIONAL_INSTANCE=1 makes this the instance that imports areas' returns.
SMH_RETURN_SUPPRESS_BELOW = int(os.environ.get("SMH_RETURN_SUPPRESS_BELOW", "5"))
SMH_RETURN_SIGNING_KEY = os.environ.get("SMH_RETURN_SIGNING_KEY", "")
SMH_NATIONAL_INSTANCE = env_bool("SMH_NATIONAL_INSTANCE", False)
# Subject access: replace staff names in a release with "[member of staff]"
# (docs/data-protection.md).
SMH_SAR_REDACT_STAFF_NAMES = env_bool("SMH_SAR_REDACT_STAFF_NAMES", False)
# Where the public pages' quick-exit button goes: an everyday site that says nothing about why
# the visitor left (docs/public-pages.md).
SMH_QUICK_EXIT_URL = os.environ.get("SMH_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
# Report a concern (docs/report-a-concern.md): reports allowed per address (count/min, /hour or
# /day), the quickest and slowest a person fills the form in, and the header a trusted proxy
# puts the client's address in (empty: the connection's own address).
SMH_REPORT_RATE_LIMIT = os.environ.get("SMH_REPORT_RATE_LIMIT", "5/hour")
SMH_REPORT_MIN_SECONDS = float(os.environ.get("SMH_REPORT_MIN_SECONDS", "3"))
SMH_REPORT_MAX_HOURS = float(os.environ.get("SMH_REPORT_MAX_HOURS", "4"))
SMH_CLIENT_ADDRESS_HEADER = os.environ.get("SMH_CLIENT_ADDRESS_HEADER", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "simple_history",
    "seemehearme.areas",
    "seemehearme.sharing",
    "seemehearme.people",
    "seemehearme.audit",
    "seemehearme.cases",
    "seemehearme.plans",
    "seemehearme.meetings",
    "seemehearme.screening",
    "seemehearme.identity",
    "seemehearme.feeds",
    "seemehearme.earlywarning",
    "seemehearme.intelligence",
    "seemehearme.assurance",
    "seemehearme.workforce",
    "seemehearme.board",
    "seemehearme.api",
    "seemehearme.notifications",
    "seemehearme.participation",
    "seemehearme.questionnaires",
    "seemehearme.returns",
    "seemehearme.dataprotection",
    "seemehearme.public",
    "seemehearme.concerns",
    "seemehearme.accounts",
    "seemehearme.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The public pages' language, from the visitor's choice or their browser (docs/public-pages.md).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "seemehearme.web.middleware.NoStoreWhenSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "seemehearme.accounts.middleware.RequireVerifiedStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "seemehearme.urls"
# Widgets render with the project's templates (the GOV.UK date input lives there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "seemehearme.wsgi.application"

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
                "seemehearme.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects the database; the default is a SQLite file in WAL mode under ./var/.
DEFAULT_SQLITE_PATH = VAR_DIR / "seemehearme.sqlite3"


def database_from_env(default_sqlite: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers and a writer work at once; IMMEDIATE avoids lock upgrades failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": database_from_env(DEFAULT_SQLITE_PATH)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_env() -> dict[str, str]:
    """Redis when REDIS_URL names one, so that every worker process shares one count (the
    agency API's rate limits); otherwise each process keeps its own in memory."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "smh",
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {"default": cache_from_env()}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "areas.StaffUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Lockout after repeated failures (django-axes): per user name, so an attacker cannot lock out
# a whole office sharing one address.
AXES_FAILURE_LIMIT = int(os.environ.get("SMH_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SMH_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Cleared only when both sign-in steps succeed (seemehearme.accounts.services.sign_in_complete);
# clearing on the password alone would let a known password buy endless guesses at the code.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "seemehearme.accounts.views.locked_out"
# axes.W006 asks for lockout by address as well; locking by user name is deliberate (ADR 3).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_VERBOSE = False  # axes would otherwise log user names to stdout

# Idle timeout: the session expires after this many minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("SMH_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = SMH_PARTNERSHIP_NAME

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is django-csp's marker for "this response's nonce"; the string "'nonce'" is not.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
# Production collects static files to a folder; elsewhere they are served from the source folders.
STATIC_ROOT: Path | None = None
WHITENOISE_USE_FINDERS = True

# --- Email: never to stdout, where it would put names and addresses in logs ------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@seemehearme.invalid")
# The address users sign in at: the links in notification emails start with it.
SMH_SITE_URL = os.environ.get("SMH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

LANGUAGE_CODE = "en-gb"


def languages_from_env(value: str) -> list[tuple[str, str]]:
    """``SMH_LANGUAGES``, for example "en-gb,cy,pl": the languages the public pages offer, each
    named in its own language; English (the default) always comes first."""
    from django.conf.locale import LANG_INFO

    codes = [LANGUAGE_CODE] + [
        code.strip().lower() for code in value.split(",") if code.strip().lower() != LANGUAGE_CODE
    ]
    named = []
    for code in dict.fromkeys(code for code in codes if code):
        info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0], {})
        named.append((code, str(info.get("name_local", code))))
    return named


LANGUAGES = languages_from_env(os.environ.get("SMH_LANGUAGES", LANGUAGE_CODE))
# Translations of the public pages: locale/<language>/LC_MESSAGES/django.po (docs/public-pages.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# "2 December 2026" and "14:05" wherever a date or time is shown (see seemehearme/formats).
FORMAT_MODULE_PATH = ["seemehearme.formats"]

# Logs go to stderr and carry no personal data: never log request bodies or user-entered text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("SMH_LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "ERROR"}},
}
