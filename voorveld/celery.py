"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorveld.settings.dev")

app = Celery("voorveld")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs: object) -> None:
    """Workers and beat log through settings.LOGGING, never through Celery's own handlers: their
    format would print exception messages, which may quote personal data (voorveld/log_privacy.py)."""
    from django.conf import settings

    from voorveld.log_privacy import is_configured

    if not is_configured():
        logging.config.dictConfig(settings.LOGGING)
