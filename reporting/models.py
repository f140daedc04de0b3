"""Funders and the officers who read their reports. Reads participants; nothing imports this app."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participants.models import Activity, Consent, Location, Municipality, Question
from reporting.constants import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    MIN_SUPPRESSION_THRESHOLD,
    OPEN_REPORT_STATUSES,
    Cadence,
    FunderKind,
    IndicatorKey,
    ReportStatus,
)


class Funder(models.Model):
    """Who pays: a gemeente (with its CBS code) or a fund."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=FunderKind.choices)
    cbs_code = models.CharField(_("CBS code"), max_length=6, blank=True)
    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="funder",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=FunderKind.MUNICIPALITY) & ~Q(cbs_code=""))
                | (Q(kind=FunderKind.FUND) & Q(cbs_code="") & Q(municipality__isnull=True)),
                name="funder_municipality_has_cbs_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfficerAssignment(models.Model):
    """Ties an officer account to exactly one funder: everything an officer sees is scoped by it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_assignment"
    )
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="officers")

    class Meta:
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")

    def __str__(self) -> str:
        return f"{self.user} → {self.funder}"


class FundingArrangement(models.Model):
    """A financieringsafspraak: who pays, for whom, what, and which figures were agreed."""

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="arrangements")
    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities covered"),
        help_text=_("Residents of these gemeenten count (by residence on the visit date). None for a fund."),
    )
    locations = models.ManyToManyField(
        Location, blank=True, related_name="+", verbose_name=_("locations"),
        help_text=_("Empty means all locations."),
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="+", verbose_name=_("activities"),
        help_text=_("Empty means all activities."),
    )
    starts_on = models.DateField(_("start"), help_text=_("May lie in the past (a late beschikking)."))
    ends_on = models.DateField(_("end"))
    funded_places = models.PositiveIntegerField(_("funded places"), null=True, blank=True)
    budget = models.DecimalField(_("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    cadence = models.CharField(
        _("reporting cadence"), max_length=12, choices=Cadence.choices, default=Cadence.HALF_YEARLY
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("suppression threshold k"), default=DEFAULT_SUPPRESSION_THRESHOLD,
        help_text=_("Counts from 1 to k-1 are shown as “< k”. Never below 3."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding arrangement")
        verbose_name_plural = _("funding arrangements")
        ordering = ["funder__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=MIN_SUPPRESSION_THRESHOLD),
                name="arrangement_threshold_at_least_3",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="arrangement_period_valid"),
            models.UniqueConstraint(fields=["funder", "name"], name="arrangement_name_unique_per_funder"),
        ]

    def __str__(self) -> str:
        return self.name


class ArrangementPeriod(models.Model):
    """A custom reporting period (funds); half-yearly arrangements derive H1/H2 instead."""

    arrangement = models.ForeignKey(FundingArrangement, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("label"), max_length=60)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_valid"),
            models.UniqueConstraint(fields=["arrangement", "starts_on", "ends_on"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Indicator(models.Model):
    """A figure agreed with the funder, with a short text and the planned value."""

    arrangement = models.ForeignKey(FundingArrangement, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("figure"), max_length=30, choices=IndicatorKey.choices)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("measurement question"),
    )
    text = models.CharField(_("short text"), max_length=300, blank=True)
    planned_value = models.DecimalField(
        _("planned value"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(key=IndicatorKey.QUESTION) & Q(question__isnull=False))
                | (~Q(key=IndicatorKey.QUESTION) & Q(question__isnull=True)),
                name="indicator_question_iff_question_key",
            ),
        ]

    def __str__(self) -> str:
        return self.text or self.get_key_display()


class Story(models.Model):
    """A short anonymised story for reports, tied to the participant's recorded story consent."""

    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.CASCADE, null=True, blank=True, related_name="stories",
        help_text=_("Empty means: usable in every arrangement's report."),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("story"), max_length=3000)
    told_on = models.DateField(_("date"))
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-told_on", "-id"]

    def __str__(self) -> str:
        return self.title


report_storage = FileSystemStorage()  # MEDIA_ROOT; never served directly, only via a checked view


def _report_path(report: Report, filename: str) -> str:
    return f"reports/{report.arrangement_id}/{report.pk or 'new'}-{filename}"


class Report(models.Model):
    """One rapportage of one arrangement and period: a frozen snapshot of figures and its PDF."""

    arrangement = models.ForeignKey(FundingArrangement, on_delete=models.PROTECT, related_name="reports")
    period_label = models.CharField(_("period"), max_length=60)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.REQUESTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    snapshot = models.JSONField(_("figures"), null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_report_path, storage=report_storage, blank=True)
    failure_reason = models.TextField(_("reason of failure"), blank=True)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "period_start", "period_end"],
                condition=Q(status__in=OPEN_REPORT_STATUSES),
                name="report_one_open_per_period",
            ),
            models.UniqueConstraint(
                fields=["arrangement", "period_start", "period_end", "version"],
                condition=Q(status__in=[ReportStatus.APPROVED, ReportStatus.PUBLISHED]),
                name="report_version_unique",
            ),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_range"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arrangement} {self.period_label} v{self.version}"
