"""Settings shared by every environment. Every value that differs between deployments comes from
the environment (see .env.example); dev.py and test.py only supply defaults."""

from __future__ import annotations

from copy import deepcopy
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from voorveld.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Behind the TLS-terminating proxy of docker-compose: trust its X-Forwarded-Proto header only
# when TRUSTED_PROXY_COUNT says a proxy is there.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

INSTALLED_APPS = [
    # The admin site of voorveld/admin_site.py: only for users who passed two-factor verification.
    "voorveld.admin_apps.VoorveldAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "voorveld",
    "participants",
    "intake",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "voorveld.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "voorveld.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After HtmxMiddleware (they answer htmx requests with HX-Redirect instead of a redirect).
    "voorveld.middleware.HtmxLoginRedirectMiddleware",
    "voorveld.middleware.TwoFactorMiddleware",
    # Logs a DENIED access-log row when a participant record URL answers 403 or 404.
    "participants.access.AccessDeniedLogMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "voorveld.urls"
WSGI_APPLICATION = "voorveld.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voorveld.context_processors.navigation",
                "voorveld.context_processors.session_timeout",
                "participants.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
}
# The access log (NEN 7513) is written through a second connection to the same database, in
# autocommit: a row is committed at once, even when the request's own transaction rolls back.
# participants.db_router sends every query on AccessLogEntry there. Not a TEST MIRROR: in tests it
# gets the same test database as "default" but stays a separate connection (see tests/conftest.py).
DATABASES["access_log"] = {**deepcopy(DATABASES["default"]), "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False}
DATABASE_ROUTERS = ["participants.db_router.AccessLogRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "voorveld.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out username/address pair before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded logo and rendered reports live in private storage; nothing is served from MEDIA_ROOT
# directly, every file goes through a view that checks who asks.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # A concept report for every arrangement whose reporting period just ended.
    "reports-create-due": {
        "task": "reporting.tasks.reports_create_due", "schedule": crontab(hour=6, minute=15),
    },
    # Anonymise participants past the retention period (RETENTION_MONTHS), except those on legal hold.
    "participants-retention-anonymise": {
        "task": "participants.tasks.retention_anonymise_due", "schedule": crontab(hour=3, minute=40),
    },
    # Delete access-log rows older than ACCESS_LOG_RETENTION_DAYS (the database refuses younger ones).
    "participants-access-log-purge": {
        "task": "participants.tasks.access_log_purge_expired", "schedule": crontab(hour=3, minute=50),
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "voorveld@localhost")

# Login protection (django-axes). A whole workshop shares one public address, so a lockout holds
# for the pair of username and address: a colleague at the same address can still log in, and so
# can the same person from another address. The address comes from voorveld.client_ip, which trusts
# X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says (a forged header changes nothing).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "voorveld.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "voorveld.account_views.locked_out"
# Failed attempts are kept (username, address, time) until a successful login or the cool-off;
# the log of every successful login is not needed.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor authentication (django-otp, TOTP plus recovery codes): mandatory for the roles of
# voorveld.two_factor.MANDATORY_ROLES, optional for the others.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Voorveld")

# A session ends after SESSION_IDLE_MINUTES without a request: voorveld.middleware.SessionIdleMiddleware
# renews it on requests (writing it at most once a minute). The page warns SESSION_WARNING_MINUTES
# before and offers to stay logged in.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
SESSION_WARNING_MINUTES = min(env_int("SESSION_WARNING_MINUTES", 5), max(SESSION_IDLE_MINUTES - 1, 1))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie: htmx sends the token from hx-headers on <body> (base.html).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The language switcher's cookie, like the others.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- HTTPS and security headers (see PRIVACY.md and `manage.py check --deploy`) ---------------------
# Plain http is answered with a redirect to https, except /healthz: docker's health check and a
# load balancer ask it over http on the container itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Strict-Transport-Security on every https answer: browsers then refuse plain http for a year.
# Preload stays off: it commits the whole domain (usually the organisation's) to the browsers'
# built-in lists, a decision for the organisation, not for this app; hence W021 is silenced.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only this site's own files. No inline scripts, no inline
# styles, no eval: JavaScript lives in static/js/, styles in static/css/, and base.html tells htmx
# not to inject its indicator <style>. Bootstrap's CSS draws icons from data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# How far back a coach may log a forgotten visit.
VISIT_BACKDATE_DAYS = env_int("VISIT_BACKDATE_DAYS", 14)
# After how many weeks without a visit someone appears on the coordinator's "niet gezien" list.
NOT_SEEN_WEEKS = env_int("NOT_SEEN_WEEKS", 6)
# A participant not seen (no visit, no nazorg contact) for this many months is anonymised by the
# daily retention job, unless a coordinator put the record on legal hold.
RETENTION_MONTHS = env_int("RETENTION_MONTHS", 24)
# Access-log rows (who opened which record) are kept this long, then deleted by the daily purge
# job; a database trigger refuses to change any row or to delete a younger one (migration 0009).
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 5 * 365 + 1)
# Demo mode prints demo accounts; never enable it on a deployment with real people.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Logs never hold what people typed (voorveld/log_privacy.py): exceptions are written without their
# messages, error reports without POST/GET values or local variables, and SQL with its parameters
# (django.db.backends at DEBUG) is never logged, whatever LOG_LEVEL says. Celery workers and beat use
# this same configuration (voorveld/celery.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "redacted": {
            "()": "voorveld.log_privacy.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
    },
    "filters": {"celery_values": {"()": "voorveld.log_privacy.CeleryValuesFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "redacted", "filters": ["celery_values"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO; only its warnings are worth reading.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
DEFAULT_EXCEPTION_REPORTER = "voorveld.log_privacy.NoValuesExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "voorveld.log_privacy.NoValuesExceptionReporterFilter"
