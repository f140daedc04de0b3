"""Local development: defaults that make `make run` work out of the box. Never use in production."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-change-me")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
