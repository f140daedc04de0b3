"""Making one report: claim it, compute the snapshot, render the PDF, store both.

Called by the Celery task ``reporting.tasks.report_render`` and, synchronously, by the demo seed.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participants.models import Organisation
from reporting.constants import ReportStatus
from reporting.models import Report, report_storage
from reporting.pdf import logo_data_uri, report_pdf_render
from reporting.services.snapshot import Snapshot, snapshot_build, snapshot_sha256

logger = logging.getLogger(__name__)

# A report still "rendering" after this long lost its worker (killed, redeployed): it may be claimed
# again. Longer than the task's hard time limit.
STALE_RENDERING_AFTER = dt.timedelta(minutes=10)


def _report_update(
    report_id: int, *, status: str = ReportStatus.RENDERING, new_status: str | None = None, **values: object
) -> int:
    """Change the report only while it is in ``status``; returns how many rows changed (0 or 1).
    A conditional UPDATE, so a report someone else changed meanwhile is never overwritten."""
    if new_status is not None:
        values["status"] = new_status
    return Report.objects.filter(pk=report_id, status=status).update(updated_at=timezone.now(), **values)


def _report_release(report_id: int) -> None:
    """Give the work back (rendering → requested) so a retry can claim it."""
    try:
        _report_update(report_id, new_status=ReportStatus.REQUESTED, progress=0)
    except OperationalError:
        logger.warning("Report %s could not be released; it is claimable again after %s.",
                       report_id, STALE_RENDERING_AFTER)


def report_claim(*, report_id: int) -> bool:
    """Take the work: requested → rendering, in one conditional UPDATE, so two workers never make
    the same report. A rendering report whose worker vanished long ago may be taken over."""
    now = timezone.now()
    claimable = Q(status=ReportStatus.REQUESTED) | Q(
        status=ReportStatus.RENDERING, updated_at__lt=now - STALE_RENDERING_AFTER
    )
    return bool(
        Report.objects.filter(claimable, pk=report_id).update(
            status=ReportStatus.RENDERING, progress=5, failure_reason="", updated_at=now
        )
    )


def report_snapshot_compute(*, report: Report) -> Snapshot:
    """The snapshot of a report's figures, read in one consistent view of the database."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # Every query of the figures sees the same moment, even while people check in.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return snapshot_build(
            arrangement=report.arrangement, period_label=report.period_label,
            start=report.period_start, end=report.period_end,
        )


def _organisation_branding() -> tuple[str, str | None]:
    organisation = Organisation.objects.first()
    if organisation is None:
        return "", None
    logo = None
    if organisation.logo:
        try:
            with organisation.logo.open("rb") as file:
                logo = logo_data_uri(file.read())
        except OSError:
            logger.warning("The organisation logo could not be read; the report is made without it.")
    return organisation.name, logo


def report_render_run(*, report_id: int, retry_transient: bool = False) -> str:
    """Make report ``report_id`` if it is waiting; returns its status afterwards.

    Idempotent: a report that is already being made by someone else, or made (concept, approved,
    published), is left alone. On a database hiccup (OperationalError) the claim is released and
    the error raised when ``retry_transient`` (the task retries); any other error marks the report
    failed with the reason.
    """
    if not report_claim(report_id=report_id):
        return Report.objects.filter(pk=report_id).values_list("status", flat=True).first() or "missing"
    stored_name = ""
    try:
        report = Report.objects.select_related("arrangement__funder").get(pk=report_id)
        _report_update(report_id, progress=10)
        snapshot = report_snapshot_compute(report=report)
        _report_update(report_id, progress=60)
        organisation_name, logo = _organisation_branding()
        pdf = report_pdf_render(snapshot=snapshot, organisation_name=organisation_name, logo=logo)
        _report_update(report_id, progress=90)
        filename = slugify(f"rapportage {report.arrangement.name} {report.period_label} v{report.version}")
        report.pdf.save(f"{filename}.pdf", ContentFile(pdf), save=False)
        stored_name = report.pdf.name or ""
        finished = _report_update(
            report_id, status=ReportStatus.RENDERING, progress=100, snapshot=snapshot,
            snapshot_sha256=snapshot_sha256(snapshot), pdf=stored_name, failure_reason="",
            new_status=ReportStatus.CONCEPT,
        )
        if not finished:  # taken away meanwhile (e.g. a stale claim taken over): keep no orphan file
            report_storage.delete(stored_name)
    except OperationalError:
        if stored_name:
            report_storage.delete(stored_name)
        if retry_transient:
            _report_release(report_id)
            raise
        _report_failed(report_id, _failure_reason(None))
    except Exception as error:
        logger.exception("Report %s could not be made", report_id)
        if stored_name:
            report_storage.delete(stored_name)
        _report_failed(report_id, _failure_reason(error))
    return Report.objects.filter(pk=report_id).values_list("status", flat=True).first() or "missing"


def _failure_reason(error: Exception | None) -> str:
    """The reason the coordinator reads (in Dutch); never the error's text, which may quote data."""
    with translation.override("nl"):
        if error is None:
            return _("The database could not be reached. Try again later.")
        if isinstance(error, SoftTimeLimitExceeded):
            return _("Making the report took too long. Try again; if it fails again, tell the administrator.")
        return _("The report could not be made (%(error)s). Try again; if it fails again, tell the "
                 "administrator.") % {"error": type(error).__name__}


def _report_failed(report_id: int, reason: str) -> None:
    _report_update(report_id, new_status=ReportStatus.FAILED, failure_reason=reason)
