"""Django settings, driven by REGIONFORUM_* environment variables (see docs/configuration.md)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from regionforum import config
from regionforum.config import (
    ConfigError,
    data_dir,
    database_config,
    env_bool,
    env_int,
    env_list,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("REGIONFORUM_DEBUG", False)
SECRET_KEY = os.environ.get("REGIONFORUM_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105
    elif config.allow_ephemeral_secret_key:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ConfigError(
            "REGIONFORUM_SECRET_KEY is not set; set it, or set REGIONFORUM_DEBUG=1 for development"
        )

ALLOWED_HOSTS = env_list(
    "REGIONFORUM_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("REGIONFORUM_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "regionforum.web.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tasks_db",
    "ninja",
    "axes",
    "regionforum.accounts",
    "regionforum.gazetteer",
    "regionforum.registry",
    "regionforum.analytics",
    "regionforum.forums",
    "regionforum.strategy",
    "regionforum.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself, compressed and cached, when no proxy serves them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "regionforum.registry.audit.AuditSourceMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regionforum.urls"
WSGI_APPLICATION = "regionforum.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        os.environ.get("REGIONFORUM_DATABASE_URL"),
        DATA_DIR / "regionforum.sqlite3",
        conn_max_age=env_int("REGIONFORUM_DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed figures and page fragments (analytics.cache): in each process's memory, or in Redis
# shared by every process and server when REGIONFORUM_CACHE_URL is set.
CACHE_URL = os.environ.get("REGIONFORUM_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigError(
        "REGIONFORUM_CACHE_URL must be a Redis URL (redis://HOST:PORT/DB, rediss://… or "
        f"unix://PATH); got {CACHE_URL!r}"
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that does not answer within a second costs a computation, not the page.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out user name before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "regionforum.accounts.rules.RoleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Password guessing: after this many failed logins for one user name from one address, that
# pair is locked out for the cool-off period (answered 429); a success resets the count.
AXES_FAILURE_LIMIT = env_int("REGIONFORUM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REGIONFORUM_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "regionforum.web.views.login_locked_out"
# Behind the reverse proxy, the client's address is the last one it adds to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("REGIONFORUM_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:dashboard"

LANGUAGE_CODE = os.environ.get("REGIONFORUM_LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("be", _("Belarusian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django ships no Belarusian formats; ours follow CLDR's (day first, 1 234,5).
FORMAT_MODULE_PATH = ["regionforum.formats"]
TIME_ZONE = os.environ.get("REGIONFORUM_TIME_ZONE", "Europe/Minsk")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("REGIONFORUM_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes gzip and Brotli copies beside each file, for WhiteNoise and nginx.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "REGIONFORUM_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Served over HTTPS (directly or behind a proxy that terminates TLS): plain HTTP is redirected,
# browsers are told to keep to HTTPS (HSTS), and cookies travel over HTTPS only.
HTTPS = env_bool("REGIONFORUM_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("REGIONFORUM_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REGIONFORUM_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("REGIONFORUM_HSTS_PRELOAD", True)
if env_int("REGIONFORUM_PROXY_COUNT", 0):
    # The proxy says whether the client's request came over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("REGIONFORUM_SECURE_COOKIES", HTTPS or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Only our own static scripts and stylesheets run: no inline script or style, no other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The largest upload: the request body for forms, and each uploaded file (checked by
# registry.imports.uploads, since Django's limit leaves files out).
UPLOAD_MAX_BYTES = env_int("REGIONFORUM_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# Stored uploads are deleted this many days after upload by `regionforum imports purge`.
UPLOAD_RETENTION_DAYS = env_int("REGIONFORUM_UPLOAD_RETENTION_DAYS", 30, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIONFORUM_LOG_LEVEL", "WARNING")},
}
