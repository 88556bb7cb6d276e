"""Settings for the recruiting portal.

One module, driven by environment variables. Defaults are safe for production (DEBUG off,
secure cookies, no local password login); development values live in `.env.example` and
are set by `./run`.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "on"}
_FALSE = {"0", "false", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; reject anything that is not clearly true or false."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use one of 1/0, true/false, on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The example manifests mark every value an operator must supply with this word; a
# deployment that still carries one must not start.
PLACEHOLDER = "replace-me"


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the file named by NAME_FILE (container secrets); refuse placeholders."""
    path = os.environ.get(f"{name}_FILE")
    value = Path(path).read_text().strip() if path else os.environ.get(name, default)
    if value and PLACEHOLDER in value.lower():
        raise ImproperlyConfigured(f"{name} still holds the placeholder {PLACEHOLDER!r}: set the real value")
    return value


DEBUG = env_bool("DEBUG", False)
for _name, _value in os.environ.items():
    if PLACEHOLDER in _value.lower():
        raise ImproperlyConfigured(f"{_name} still holds the placeholder {PLACEHOLDER!r}: set the real value")
# The test suite runs with development-safe defaults; pytest is imported before settings.
TESTING = env_bool("RECRUITING_TESTING", "pytest" in sys.modules)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "recruiting.core",
    "recruiting.accounts",
    "recruiting.audit",
    "recruiting.notifications",
    "recruiting.postings",
    "recruiting.pipelines",
    "recruiting.interviews",
    "recruiting.careers",
    "recruiting.privacy",
    "recruiting.offers",
    "recruiting.reports",
    "recruiting.api",
    "ninja",  # only for its vendored Swagger UI assets (static files)
]

MIDDLEWARE = [
    "recruiting.core.middleware.RequestIdMiddleware",
    "recruiting.core.metrics.MetricsMiddleware",
    # Probes arrive with Host: <pod IP>; answer them before anything checks the host.
    "recruiting.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "recruiting.accounts.middleware.WaitingForAccessMiddleware",
    # Last: who may see a view is decided first, then its input is judged.
    "recruiting.core.inputs.InputCheckMiddleware",
]

ROOT_URLCONF = "recruiting.urls"
WSGI_APPLICATION = "recruiting.wsgi.application"
ASGI_APPLICATION = "recruiting.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recruiting.core.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL only. `./run` points DATABASE_URL at an embedded server when none
# is configured; the test suite decides in one fixture (tests/conftest.py).
DATABASE_URL = env_secret("DATABASE_URL") or (
    "postgres://postgres@127.0.0.1:5432/recruiting" if (DEBUG or TESTING) else None
)
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL is required when DEBUG is off")
# Connections (docs/adr/0008-production-topology.md): the threaded development server
# starts a thread per request, so persistent connections pile up there; DEBUG closes each
# one after its request. In production each gunicorn thread and Celery process keeps one
# for DB_CONN_MAX_AGE seconds, or DB_POOL_MAX_SIZE turns on Django's psycopg pool (one
# pool per process, shared by its threads).
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60))
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
if DB_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(env_int("DB_POOL_MIN_SIZE", 1), DB_POOL_MAX_SIZE),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
    }
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("The portal runs on PostgreSQL only")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# --- Sign-in (django-allauth) -------------------------------------------------------
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", DEBUG)
ALLOWED_EMAIL_DOMAINS = [d.lower() for d in env_list("ALLOWED_EMAIL_DOMAINS")]
SSO_DEFAULT_ROLE = os.environ.get("SSO_DEFAULT_ROLE", "")

ACCOUNT_ADAPTER = "recruiting.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "recruiting.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# Wrong passwords are throttled by recruiting/accounts/throttle.py per (address, account)
# with a doubling cool-down, and per address across accounts: allauth's login_failed
# limit (which refused the owner from everywhere) is off. allauth's other limits stay,
# counted by our client address (AccountAdapter.get_client_ip, TRUSTED_PROXIES); "login"
# is only a flood guard on sign-in POSTs, high enough for an office behind one address.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": "120/m/ip"}
LOGIN_FREE_FAILURES = max(env_int("LOGIN_FREE_FAILURES", 5), 1)  # per address and account ...
LOGIN_FIRST_DELAY_SECONDS = max(env_int("LOGIN_FIRST_DELAY_SECONDS", 30), 1)  # ... then wait, doubling
LOGIN_MAX_DELAY_SECONDS = max(env_int("LOGIN_MAX_DELAY_SECONDS", 900), LOGIN_FIRST_DELAY_SECONDS)
LOGIN_IP_FAILURES_PER_HOUR = max(env_int("LOGIN_IP_FAILURES_PER_HOUR", 100), 1)  # per address, all accounts
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False


def _sso_providers() -> dict:
    providers: dict = {}
    if os.environ.get("OIDC_CLIENT_ID"):
        providers["openid_connect"] = {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": os.environ.get("OIDC_PROVIDER_ID", "oidc"),
                    "name": os.environ.get("OIDC_NAME", "Single sign-on"),
                    "client_id": os.environ["OIDC_CLIENT_ID"],
                    "secret": env_secret("OIDC_CLIENT_SECRET", ""),
                    "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
                }
            ],
        }
    if os.environ.get("GOOGLE_CLIENT_ID"):
        google: dict = {
            "APPS": [{"client_id": os.environ["GOOGLE_CLIENT_ID"], "secret": env_secret("GOOGLE_CLIENT_SECRET", "")}],
            "SCOPE": ["profile", "email"],
            "OAUTH_PKCE_ENABLED": True,
        }
        if os.environ.get("GOOGLE_WORKSPACE_DOMAIN"):
            google["AUTH_PARAMS"] = {"hd": os.environ["GOOGLE_WORKSPACE_DOMAIN"]}
        providers["google"] = google
    if os.environ.get("MICROSOFT_CLIENT_ID"):
        providers["microsoft"] = {
            "APPS": [
                {
                    "client_id": os.environ["MICROSOFT_CLIENT_ID"],
                    "secret": env_secret("MICROSOFT_CLIENT_SECRET", ""),
                    "settings": {"tenant": os.environ.get("MICROSOFT_TENANT", "organizations")},
                }
            ]
        }
    return providers


SOCIALACCOUNT_PROVIDERS = _sso_providers()


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


SSO_ORIGINS = sorted(
    ({_origin(os.environ["OIDC_SERVER_URL"])} if os.environ.get("OIDC_SERVER_URL") else set())
    | ({"https://accounts.google.com"} if "google" in SOCIALACCOUNT_PROVIDERS else set())
    | ({"https://login.microsoftonline.com"} if "microsoft" in SOCIALACCOUNT_PROVIDERS else set())
)

# --- Security -----------------------------------------------------------------------
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None


def _networks(name: str) -> list[str]:
    import ipaddress

    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an IP network such as 10.0.0.0/8") from None
    return networks


# The load balancers / ingress in front of the portal. Only a request whose peer is in
# one of these networks has its X-Forwarded-For read (from the right), for rate limits
# and sign-in throttling (recruiting/core/clientip.py). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = _networks("TRUSTED_PROXIES")

# HTTPS: redirect when configured (behind a TLS-terminating proxy set BEHIND_PROXY too).
# HSTS goes out on HTTPS responses only, for a year unless DEBUG or SECURE_HSTS_SECONDS
# say otherwise. /healthz and /readyz are answered before this (HealthCheckMiddleware).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading is a promise made for a whole registrable domain (example.com), not by one
# internal application on a subdomain: it stays off unless asked for, and `check --deploy`
# is not told otherwise.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # Sign-in forms post to us and are redirected to the identity provider: allow
    # exactly the configured providers' origins.
    "form-action": [CSP.SELF, *SSO_ORIGINS],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-in"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True
HOLIDAY_COUNTRY = os.environ.get("HOLIDAY_COUNTRY", "IN")
HOLIDAY_SUBDIVISION = os.environ.get("HOLIDAY_SUBDIVISION", "TN") or None

# Offers whose total CTC (a year, in rupees) is above this need approvals even within the band.
OFFER_CTC_APPROVAL_THRESHOLD = Decimal(os.environ.get("OFFER_CTC_APPROVAL_THRESHOLD", "5000000"))

# --- Static files and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# CVs live outside static files and are only served through an authorised view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# CVs on S3-compatible storage (django-storages) when S3_BUCKET is set: what several
# replicas and workers share in production. Credentials come from S3_ACCESS_KEY_ID /
# S3_SECRET_ACCESS_KEY (or *_FILE), else from boto3's own chain (instance or pod role).
# Objects stay private (no ACL is sent: the bucket's policy rules) and are only ever
# streamed through the authorised CV view.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": os.environ.get("S3_PREFIX", "").strip("/"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": env_secret("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,  # "path" for MinIO and the like
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
CV_MAX_BYTES = env_int("CV_MAX_MB", 10) * 1024 * 1024
APPLY_RATE_LIMIT = env_int("APPLY_RATE_LIMIT", 5)  # apply attempts per IP and posting ...
APPLY_RATE_WINDOW_SECONDS = env_int("APPLY_RATE_WINDOW_SECONDS", 600)  # ... per this window
OFFER_LINK_POST_LIMIT = max(env_int("OFFER_LINK_POST_LIMIT", 10), 1)  # answers/questions per IP and offer ...
OFFER_LINK_POST_WINDOW_SECONDS = max(env_int("OFFER_LINK_POST_WINDOW_SECONDS", 600), 1)  # ... per this window
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Cache (rate limits), e-mail ---------------------------------------------------
REDIS_URL = env_secret("REDIS_URL", "") or ""
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_TRANSPORT = os.environ.get("EMAIL_TRANSPORT", "console" if DEBUG else "smtp")
_email_backend = _EMAIL_BACKENDS.get(EMAIL_TRANSPORT, EMAIL_TRANSPORT)  # or a dotted path
_email_options: dict = {}
if EMAIL_TRANSPORT == "smtp":
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD", "") or "",
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
elif EMAIL_TRANSPORT == "file":  # one file per connection, for inspecting mail locally
    _email_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Recruiting <recruiting@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery --------------------------------------------------------------------------
CELERY_BROKER_URL = env_secret("CELERY_BROKER_URL", "") or ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "recruiting")
# acks_late: a task a dead worker held is handed out again once its visibility timeout
# has passed; the restore sweep runs every interval x throttle seconds. One worker at a
# time sweeps, under a Redis lock that a worker killed mid-sweep leaves held until it
# expires (CELERY_UNACKED_MUTEX_EXPIRE seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_RESTORE_THROTTLE", 10),
    "unacked_mutex_expire": env_int("CELERY_UNACKED_MUTEX_EXPIRE", 300),
}
# Several deployments (or test runs) sharing one Redis database keep apart only with a
# key prefix: kombu's unacknowledged-message index is one key per database otherwise, and
# one deployment's restore sweep would hand out another's messages.
if os.environ.get("CELERY_BROKER_KEYPREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = os.environ["CELERY_BROKER_KEYPREFIX"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Logging: structured JSON with request ids -----------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "recruiting.core.middleware.RequestIdFilter"},
        "client_errors": {"()": "recruiting.core.logfilters.ClientErrorsWithoutTraceback"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json"),
            "filters": ["request_id", "client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Portal ----------------------------------------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "portal-demo-2026")
NOTIFICATION_MAX_RETRIES = env_int("NOTIFICATION_MAX_RETRIES", 6)
# A background job (CSV import, bulk action) whose runner has not reported for this many
# seconds is taken to be lost: a redelivered task takes it over, a person may resume it.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 120)
# A report's background download holds many candidates' data and cannot follow their
# erasure: the beat job deletes it (row and file) this many hours after it was requested.
REPORT_EXPORT_KEEP_HOURS = max(env_int("REPORT_EXPORT_KEEP_HOURS", 72), 1)
# The beat job treats a queued row as lost by the broker, and a row still "sending" (with
# no live sender) as interrupted, after this long.
NOTIFICATION_STALE_SECONDS = max(env_int("NOTIFICATION_STALE_SECONDS", 300), 1)
METRICS_TOKEN = env_secret("METRICS_TOKEN", "")
# Data protection (DPDP Act 2023, GDPR): rejected and withdrawn candidates with nothing
# active are anonymised this many days after their last application ended.
RETENTION_DAYS_REJECTED = env_int("RETENTION_DAYS_REJECTED", 365)

# --- API and webhooks (recruiting/api, docs/adr/0010-api.md) ----------------------------------
API_RATE_LIMIT = max(env_int("API_RATE_LIMIT", 120), 1)  # requests per token (or user) ...
API_RATE_WINDOW_SECONDS = max(env_int("API_RATE_WINDOW_SECONDS", 60), 1)  # ... per this window
# Who the job-board feeds and JSON-LD name as the employer.
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Recruiting portal")
ORGANISATION_CITY = os.environ.get("ORGANISATION_CITY", "Chennai")
ORGANISATION_COUNTRY = os.environ.get("ORGANISATION_COUNTRY", "IN")
# Webhook endpoints must resolve to public addresses unless this allows private,
# loopback and link-local ones (a receiver inside the company network; the tests).
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", False)
WEBHOOK_TIMEOUT_SECONDS = max(env_int("WEBHOOK_TIMEOUT_SECONDS", 10), 1)
WEBHOOK_RETRY_HOURS = max(env_int("WEBHOOK_RETRY_HOURS", 24), 1)
# Seconds between attempts (the last repeats); empty: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h.
WEBHOOK_BACKOFF_SECONDS = [int(item) for item in env_list("WEBHOOK_BACKOFF_SECONDS")]
