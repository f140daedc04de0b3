"""Test settings: the real PostgreSQL and Redis of DATABASE_URL / REDIS_URL, with Celery on its
own Redis database number so a running `make run` worker never takes a test's task."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import REDIS_URL  # noqa: E402

TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "15"))
_redis_base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL.rstrip("/")
CELERY_BROKER_URL = f"{_redis_base}/{TEST_REDIS_DB}"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from the source folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
