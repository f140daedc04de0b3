"""Reads behind the reporting pages: the coordinator's settings lists and workflow, and the
officer's dashboard (built from published snapshots only, never from live data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from participants.constants import ConsentPurpose
from participants.models import Consent
from reporting.constants import OPEN_REPORT_STATUSES, ReportStatus
from reporting.models import Funder, FundingArrangement, Report, Story
from reporting.selectors.officers import arrangements_for_officer, reports_for_officer
from reporting.selectors.periods import Period, report_periods
from voorveld.constants import Role
from voorveld.models import User

# --- Coordinator's settings -----------------------------------------------------------------


def funder_list() -> QuerySet[Funder]:
    return (
        Funder.objects.select_related("municipality")
        .annotate(
            arrangement_count=Count("arrangements", distinct=True),
            officer_count=Count("officers", filter=Q(officers__user__is_active=True), distinct=True),
        )
        .order_by("name")
    )


def officer_list(*, funder: Funder | None = None) -> QuerySet[User]:
    """Officer accounts (active and inactive), with the funder each is tied to."""
    officers = User.objects.filter(role=Role.OFFICER).select_related("officer_assignment__funder")
    if funder is not None:
        officers = officers.filter(officer_assignment__funder=funder)
    return officers.order_by("officer_assignment__funder__name", "first_name", "last_name", "username")


def arrangement_list() -> QuerySet[FundingArrangement]:
    return (
        FundingArrangement.objects.select_related("funder")
        .annotate(
            published_count=Count("reports", filter=Q(reports__status=ReportStatus.PUBLISHED), distinct=True),
            open_count=Count("reports", filter=Q(reports__status__in=OPEN_REPORT_STATUSES), distinct=True),
        )
        .order_by("funder__name", "-starts_on", "name")
    )


def arrangement_for_edit(*, pk: int) -> FundingArrangement | None:
    return (
        FundingArrangement.objects.select_related("funder")
        .prefetch_related("municipalities", "locations", "activities", "indicators__question", "periods")
        .filter(pk=pk)
        .first()
    )


def story_list() -> QuerySet[Story]:
    return Story.objects.select_related("arrangement", "consent__participant").order_by("-told_on", "-pk")


def story_consents() -> QuerySet[Consent]:
    """Recorded, not withdrawn consents for a story in a report, by the participant's name."""
    return (
        Consent.objects.filter(purpose=ConsentPurpose.STORY, withdrawn_on__isnull=True)
        .select_related("participant")
        .order_by("participant__first_name", "participant__nickname", "participant__last_name", "-given_on")
    )


# --- Report workflow ------------------------------------------------------------------------


@dataclass
class PeriodReports:
    """One reporting period of an arrangement with every report made for it, newest first."""

    period: Period
    reports: list[Report] = field(default_factory=list)

    @property
    def in_progress(self) -> bool:
        return any(r.status in (ReportStatus.REQUESTED, ReportStatus.RENDERING) for r in self.reports)

    @property
    def published(self) -> Report | None:
        """The latest published version, if any."""
        return next((r for r in self.reports if r.status == ReportStatus.PUBLISHED), None)

    @property
    def correctable(self) -> Report | None:
        """The published report a correction may start from: none while a version is being made.
        A correction that is a concept or approved (not published) can be made again: the new
        request replaces it and keeps its version, as a request does for an unpublished period."""
        published = self.published
        if published is None or self.in_progress:
            return None
        return published

    @property
    def correction_open(self) -> bool:
        """A correction of the published report waits as a concept or approved report."""
        published = self.published
        return published is not None and any(
            r.version > published.version and r.status in (ReportStatus.CONCEPT, ReportStatus.APPROVED)
            for r in self.reports
        )

    @property
    def can_request(self) -> bool:
        return not self.in_progress and self.published is None

    @property
    def requested_before(self) -> bool:
        return any(r.status != ReportStatus.REPLACED for r in self.reports)


def reports_by_period(*, arrangement: FundingArrangement) -> list[PeriodReports]:
    """Every reporting period (oldest first) with all versions of its reports, replaced ones too.
    A report of a period that no longer exists (the arrangement changed) gets its own entry."""
    reports = list(
        arrangement.reports.select_related("requested_by", "approved_by")
        .order_by("-version", "-created_at")
    )
    entries = [PeriodReports(period=period) for period in report_periods(arrangement=arrangement)]
    by_span = {(entry.period.start, entry.period.end): entry for entry in entries}
    for report in reports:
        span = (report.period_start, report.period_end)
        if span not in by_span:
            by_span[span] = PeriodReports(
                period=Period(label=report.period_label, start=report.period_start, end=report.period_end)
            )
            entries.append(by_span[span])
        by_span[span].reports.append(report)
    return sorted(entries, key=lambda entry: (entry.period.start, entry.period.end))


# --- Officer's dashboard --------------------------------------------------------------------


@dataclass
class FigureSeries:
    """One summary figure over the published periods (realised values, as shown in the reports)."""

    key: str
    label: str
    planned: Any  # the latest planned value: a number or None
    values: list[Any]  # one per period: a number, a suppressed mark like "< 5", or None


@dataclass
class ArrangementDashboard:
    arrangement: FundingArrangement
    reports: list[Report]  # every published report, newest period first, all versions
    latest: list[Report]  # per period the latest published version, oldest period first
    series: list[FigureSeries]

    @property
    def period_labels(self) -> list[str]:
        return [report.period_label for report in self.latest]


def _series(latest: list[Report]) -> list[FigureSeries]:
    series: dict[str, FigureSeries] = {}
    for index, report in enumerate(latest):
        for item in (report.snapshot or {}).get("summary", []):
            key = str(item.get("key", ""))
            entry = series.get(key)
            if entry is None:
                entry = series[key] = FigureSeries(
                    key=key, label=str(item.get("label", "")), planned=None, values=[None] * len(latest)
                )
            entry.label = str(item.get("label", entry.label))
            entry.planned = item.get("planned")
            entry.values[index] = item.get("realised")
    return list(series.values())


def officer_dashboards(*, user: AbstractBaseUser | AnonymousUser) -> list[ArrangementDashboard]:
    """Per arrangement of the officer's own funder: its published reports and the summary figures
    over time. Built only from published snapshots, through the officer-scoped selectors."""
    published = list(reports_for_officer(user=user).order_by("-period_start", "-period_end", "-version"))
    dashboards = []
    for arrangement in arrangements_for_officer(user=user).order_by("-starts_on", "name"):
        reports = [r for r in published if r.arrangement_id == arrangement.pk]
        latest_by_span: dict[tuple[Any, Any], Report] = {}
        for report in reports:  # newest version first, so the first one seen per period wins
            latest_by_span.setdefault((report.period_start, report.period_end), report)
        latest = sorted(latest_by_span.values(), key=lambda r: (r.period_start, r.period_end))
        dashboards.append(ArrangementDashboard(
            arrangement=arrangement, reports=reports, latest=latest, series=_series(latest)
        ))
    return dashboards
