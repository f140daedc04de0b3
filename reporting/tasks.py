"""Celery tasks of the reporting app: thin wrappers around services, given ids, never objects."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reporting.services.rendering import report_render_run
from reporting.services.reports import DUE_WITHIN_DAYS, reports_request_due


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=5,
    retry_jitter=True,
    soft_time_limit=150,
    time_limit=180,
)
def report_render(self: Any, report_id: int) -> str:
    """Make one report (snapshot and PDF). Idempotent: a report already made or being made is left
    alone, so a redelivered message (acks_late) does no harm. A database hiccup is retried up to
    three times; after the last try, or on any other error, the report is marked failed."""
    last_try = self.request.retries >= self.max_retries
    return report_render_run(report_id=report_id, retry_transient=not last_try)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def reports_create_due(within_days: int = DUE_WITHIN_DAYS) -> list[int]:
    """Daily (Celery beat): a concept for every arrangement whose period just ended."""
    reports = reports_request_due(today=timezone.localdate(), within_days=within_days)
    return [report.pk for report in reports]
