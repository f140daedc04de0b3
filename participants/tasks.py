"""Celery tasks of the participants app: thin wrappers around services, scheduled by Celery beat
(CELERY_BEAT_SCHEDULE in voorveld/settings/base.py). Several jobs live here; add, never rewrite."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from participants.services.access_log import access_log_purge
from participants.services.privacy import retention_anonymise_due as _retention_anonymise_due


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def retention_anonymise_due() -> list[str]:
    """Daily: anonymise everyone past the retention period who is not on legal hold. Idempotent
    (an anonymised record is never picked again); returns the pseudonyms it anonymised."""
    erased = _retention_anonymise_due(today=timezone.localdate())
    return [str(record.pseudonym) for record in erased]


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def access_log_purge_expired() -> int:
    """Daily: delete access-log rows older than settings.ACCESS_LOG_RETENTION_DAYS (the database's
    trigger refuses younger ones). Idempotent; returns how many rows it deleted."""
    return access_log_purge()
