"""The report workflow: requested → rendering (Celery) → concept → approved → published.

Until it is published a report can be requested again: the new request replaces the concept (or
the approved, unpublished report). A published report never changes; a correction is a new version
that supersedes it, and both stay listed. At most one report per arrangement and period is open
(requested, rendering or concept) — a constraint in the database, so two simultaneous requests
make one report.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from participants.models import Organisation
from reporting.constants import OPEN_REPORT_STATUSES, ReportStatus
from reporting.models import FundingArrangement, Report, report_storage
from reporting.selectors import report_periods, stories_for_report
from voorveld.models import User
from voorveld.roles import MANAGEMENT

logger = logging.getLogger(__name__)

# The daily job makes a concept for every period that ended at most this many days ago.
DUE_WITHIN_DAYS = 14


def _render_queue(report_id: int) -> None:
    from reporting.tasks import report_render  # the task module imports this one

    report_render.delay(report_id)


def _for_period(*, arrangement: FundingArrangement, start: dt.date, end: dt.date) -> dict[str, object]:
    return {"arrangement": arrangement, "period_start": start, "period_end": end}


def _report_replace(report: Report) -> None:
    """Set a not yet published report aside for a new request; its PDF goes once this commits.
    Its figures go too: they may hold a story whose consent was withdrawn."""
    pdf_name = report.pdf.name or ""
    report.status = ReportStatus.REPLACED
    report.pdf = ""
    report.snapshot = None
    report.snapshot_sha256 = ""
    report.save(update_fields=["status", "pdf", "snapshot", "snapshot_sha256", "updated_at"])
    if pdf_name:
        transaction.on_commit(functools.partial(report_storage.delete, pdf_name), robust=True)


def _report_open(
    *,
    arrangement: FundingArrangement,
    period_start: dt.date,
    period_end: dt.date,
    period_label: str,
    requested_by: User | None,
    correction_of: Report | None,
) -> Report:
    period = _for_period(arrangement=arrangement, start=period_start, end=period_end)
    existing = Report.objects.select_for_update().filter(**period, status__in=OPEN_REPORT_STATUSES).first()
    if existing is not None and existing.status in (ReportStatus.REQUESTED, ReportStatus.RENDERING):
        if existing.status == ReportStatus.REQUESTED:  # queue again: the task ignores a duplicate
            transaction.on_commit(functools.partial(_render_queue, existing.pk), robust=True)
        return existing
    settled = (
        Report.objects.select_for_update()
        .filter(**period, status__in=[ReportStatus.APPROVED, ReportStatus.PUBLISHED])
        .order_by("-version")
        .first()
    )
    replaced: Report | None = existing
    if existing is not None:  # a concept: the new request takes its place
        version, supersedes = existing.version, existing.supersedes
    elif settled is not None and settled.status == ReportStatus.APPROVED:
        replaced = settled  # approved, never published: still replaceable
        version, supersedes = settled.version, settled.supersedes
    elif settled is not None and correction_of is None:
        raise ValidationError(
            _("This period already has a published report. Make a correction instead."), code="published"
        )
    elif settled is not None and correction_of is not None:
        version, supersedes = settled.version + 1, correction_of
    else:
        version, supersedes = 1, None
    if replaced is not None:
        _report_replace(replaced)

    report = Report(
        **period, period_label=period_label, version=version, supersedes=supersedes,
        status=ReportStatus.REQUESTED, progress=0, requested_by=requested_by,
    )
    report.full_clean(validate_constraints=False)  # the database decides the race below
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        winner = Report.objects.filter(**period, status__in=OPEN_REPORT_STATUSES).first()
        if winner is None:
            raise
        return winner
    transaction.on_commit(functools.partial(_render_queue, report.pk), robust=True)
    return report


@transaction.atomic
def report_request(
    *,
    arrangement: FundingArrangement,
    period_start: dt.date,
    period_end: dt.date,
    period_label: str,
    requested_by: User | None,
) -> Report:
    """Ask for the report of one period; Celery makes it once this transaction commits.

    Returns the report being made when there already is one (two simultaneous requests make one
    report). A concept — or an approved report not yet published — is replaced by the new request,
    which keeps its version. A published period needs ``report_correct`` instead.
    """
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period lies before its start.")})
    if period_start < arrangement.starts_on or period_end > arrangement.ends_on:
        raise ValidationError(_("The period lies outside the arrangement."), code="outside")
    return _report_open(
        arrangement=arrangement, period_start=period_start, period_end=period_end,
        period_label=period_label, requested_by=requested_by, correction_of=None,
    )


@transaction.atomic
def report_retry(*, report: Report, requested_by: User | None) -> Report:
    """Try a failed report again (the same row goes back to requested)."""
    if report.status != ReportStatus.FAILED:
        raise ValidationError(_("Only a failed report can be tried again."), code="not_failed")
    try:
        with transaction.atomic():
            retried = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
                status=ReportStatus.REQUESTED, progress=0, failure_reason="", requested_by=requested_by,
                updated_at=timezone.now(),
            )
    except IntegrityError:  # someone requested this period anew meanwhile: that one is being made
        period = _for_period(arrangement=report.arrangement, start=report.period_start, end=report.period_end)
        return Report.objects.get(**period, status__in=OPEN_REPORT_STATUSES)
    if retried:
        transaction.on_commit(functools.partial(_render_queue, report.pk), robust=True)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_correct(*, report: Report, requested_by: User | None) -> Report:
    """A correction of a published report: a new version that supersedes it once published."""
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError(_("Only a published report can be corrected."), code="not_published")
    return _report_open(
        arrangement=report.arrangement, period_start=report.period_start, period_end=report.period_end,
        period_label=report.period_label, requested_by=requested_by, correction_of=report,
    )


def _require_management(user: User) -> None:
    if user.role not in MANAGEMENT:
        raise PermissionDenied(_("Only a coordinator approves and publishes reports."))


def _stories_still_consented(report: Report) -> None:
    """Refuse a report holding a story whose consent was withdrawn after it was made."""
    stories = (report.snapshot or {}).get("stories", [])
    if not stories:
        return
    consented = set(
        stories_for_report(
            arrangement=report.arrangement, start=report.period_start, end=report.period_end
        ).values_list("title", "text")
    )
    if any((story["title"], story["text"]) not in consented for story in stories):
        raise ValidationError(
            _("A story in this report no longer has consent. Request the report again."),
            code="story_consent_withdrawn",
        )


@transaction.atomic
def report_approve(*, report: Report, user: User) -> Report:
    """A coordinator approves a concept."""
    _require_management(user)
    _stories_still_consented(report)
    now = timezone.now()
    approved = Report.objects.filter(pk=report.pk, status=ReportStatus.CONCEPT).update(
        status=ReportStatus.APPROVED, approved_by=user, approved_at=now, updated_at=now
    )
    if not approved:
        raise ValidationError(_("Only a concept can be approved."), code="not_concept")
    report.refresh_from_db()
    return report


def _officer_mail(report: Report) -> list[tuple[str, str, None, list[str]]]:
    officers = User.objects.filter(
        officer_assignment__funder_id=report.arrangement.funder_id, is_active=True
    ).exclude(email="").order_by("pk")
    organisation = Organisation.objects.first()
    with translation.override("nl"):
        subject = _("New report: %(arrangement)s, %(period)s") % {
            "arrangement": report.arrangement.name, "period": report.period_label,
        }
        correction = (
            _("This is version %(version)s; it corrects an earlier version.") % {"version": report.version}
            if report.supersedes_id else ""
        )
        messages = []
        for officer in officers:
            body = _(
                "Dear %(name)s,\n\nThe report %(arrangement)s for %(period)s (%(start)s to %(end)s) has "
                "been published. %(correction)s\n\nLog in to Voorveld to download the PDF and the "
                "figures.\n\nKind regards,\n%(organisation)s"
            ) % {
                "name": officer.get_full_name() or officer.username,
                "arrangement": report.arrangement.name,
                "period": report.period_label,
                "start": formats.date_format(report.period_start, "j F Y"),
                "end": formats.date_format(report.period_end, "j F Y"),
                "correction": correction,
                "organisation": organisation.name if organisation else "Voorveld",
            }
            messages.append((subject, body, None, [officer.email]))
    return messages


def _officers_notify(report_id: int) -> None:
    report = Report.objects.select_related("arrangement").get(pk=report_id)
    send_mass_mail(_officer_mail(report), fail_silently=False)


@transaction.atomic
def report_publish(*, report: Report, user: User) -> Report:
    """Publish an approved report: the funder's officers can see it and get an e-mail."""
    _require_management(user)
    _stories_still_consented(report)
    now = timezone.now()
    published = Report.objects.filter(pk=report.pk, status=ReportStatus.APPROVED).update(
        status=ReportStatus.PUBLISHED, published_at=now, updated_at=now
    )
    if not published:
        raise ValidationError(_("Only an approved report can be published."), code="not_approved")
    transaction.on_commit(functools.partial(_officers_notify, report.pk), robust=True)
    report.refresh_from_db()
    return report


def reports_request_due(*, today: dt.date, within_days: int = DUE_WITHIN_DAYS) -> list[Report]:
    """Ask for a concept of every period that ended in the last ``within_days`` days and has no
    report yet (the daily beat job). Returns the reports it asked for."""
    requested: list[Report] = []
    earliest_end = today - dt.timedelta(days=within_days)
    arrangements = FundingArrangement.objects.filter(
        ends_on__gte=earliest_end, starts_on__lt=today
    ).prefetch_related("periods")
    for arrangement in arrangements.order_by("pk"):
        for period in report_periods(arrangement=arrangement):
            if not earliest_end <= period.end < today:
                continue
            exists = Report.objects.filter(
                arrangement=arrangement, period_start=period.start, period_end=period.end
            ).exclude(status=ReportStatus.REPLACED)
            if exists.exists():
                continue
            try:
                requested.append(report_request(
                    arrangement=arrangement, period_start=period.start, period_end=period.end,
                    period_label=period.label, requested_by=None,
                ))
            except ValidationError:
                logger.warning("No concept for %s %s", arrangement, period.label, exc_info=True)
    return requested
