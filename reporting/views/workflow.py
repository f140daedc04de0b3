"""The report workflow for coordinators and admins: request (or request again), follow the
progress while Celery makes it, approve a concept, publish an approved report (after a confirm
page), retry a failed one, correct a published one, and download the PDF."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reporting.constants import ReportStatus
from reporting.models import FundingArrangement, Report
from reporting.selectors import report_periods
from reporting.selectors.portal import arrangement_list, officer_list, reports_by_period
from reporting.services.reports import (
    report_approve,
    report_correct,
    report_publish,
    report_request,
    report_retry,
)
from reporting.views.common import page_of, pdf_response
from voorveld.models import User
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

# htmx stops polling when the answer has this status (the report is no longer being made).
HTMX_STOP_POLLING = 286


@allow(*MANAGEMENT)
@require_safe
def arrangement_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "reporting/manage/arrangement_list.html", {
        "page_obj": page_of(request, arrangement_list()), "section": "arrangements",
    })


@allow(*MANAGEMENT)
@require_safe
def arrangement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(
        FundingArrangement.objects.select_related("funder").prefetch_related(
            "municipalities", "locations", "activities", "indicators__question"
        ),
        pk=pk,
    )
    return render(request, "reporting/manage/arrangement_detail.html", {
        "arrangement": arrangement, "periods": reports_by_period(arrangement=arrangement),
        "section": "arrangements",
    })


def _refused(request: AuthenticatedRequest, error: ValidationError | PermissionDenied) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


def _back(report: Report) -> HttpResponse:
    response = redirect("reporting:arrangement_detail", pk=report.arrangement_id)
    response["Location"] += f"#period-{report.period_start:%Y%m%d}"
    return response


@allow(*MANAGEMENT)
@require_POST
def report_request_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(FundingArrangement, pk=pk)
    wanted = {(p.start.isoformat(), p.end.isoformat()): p for p in report_periods(arrangement=arrangement)}
    period = wanted.get((request.POST.get("start", ""), request.POST.get("end", "")))
    if period is None:
        raise Http404
    try:
        report = report_request(
            arrangement=arrangement, period_start=period.start, period_end=period.end,
            period_label=period.label, requested_by=request.user,
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("reporting:arrangement_detail", pk=arrangement.pk)
    messages.success(request, _("The report for %(period)s is being made.") % {"period": period.label})
    return _back(report)


@allow(*MANAGEMENT)
@require_safe
def report_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The small status partial the page polls (htmx, every 2 s) while the report is being made."""
    report = get_object_or_404(Report.objects.select_related("arrangement"), pk=pk)
    busy = report.status in (ReportStatus.REQUESTED, ReportStatus.RENDERING)
    status = HTMX_STOP_POLLING if request.htmx and not busy else 200
    return render(request, "reporting/manage/_report_status.html", {"report": report}, status=status)


@allow(*MANAGEMENT)
@require_safe
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The figures of one report as web page tables, to review a concept before approving it."""
    report = get_object_or_404(Report.objects.select_related("arrangement__funder"), pk=pk)
    return render(request, "reporting/manage/report_detail.html", {
        "report": report, "snapshot": report.snapshot or {}, "section": "arrangements",
    })


def _approve(report: Report, user: User) -> str:
    report_approve(report=report, user=user)
    return _("Version %(version)s of %(period)s is approved. Publish it to show it to the funder.") % {
        "version": report.version, "period": report.period_label,
    }


def _retry(report: Report, user: User) -> str:
    report_retry(report=report, requested_by=user)
    return _("The report for %(period)s is being made again.") % {"period": report.period_label}


def _correct(report: Report, user: User) -> str:
    correction = report_correct(report=report, requested_by=user)
    return _("A correction (version %(version)s) of %(period)s is being made. Version %(old)s stays "
             "published until you publish the correction.") % {
        "version": correction.version, "period": report.period_label, "old": report.version,
    }


ACTIONS: dict[str, Callable[[Report, User], str]] = {
    "goedkeuren": _approve,
    "opnieuw": _retry,
    "corrigeren": _correct,
}


@allow(*MANAGEMENT)
@require_POST
def report_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    report = get_object_or_404(Report.objects.select_related("arrangement"), pk=pk)
    try:
        message = step(report, request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, message)
    return _back(report)


@allow(*MANAGEMENT)
@require_http_methods(["GET", "POST"])
def report_publish_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Publishing is shown first: the funder's officers see it at once and get an e-mail."""
    report = get_object_or_404(Report.objects.select_related("arrangement__funder"), pk=pk)
    if report.status != ReportStatus.APPROVED:
        messages.error(request, _("Only an approved report can be published."))
        return _back(report)
    if request.method == "POST":
        try:
            report_publish(report=report, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.success(request, _("The report is published; the funder's officers got an e-mail."))
        return _back(report)
    officers = officer_list(funder=report.arrangement.funder).filter(is_active=True)
    return render(request, "reporting/manage/report_publish.html", {
        "report": report, "officers": officers, "snapshot": report.snapshot or {}, "section": "arrangements",
    })


@allow(*MANAGEMENT)
@require_safe
def report_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return pdf_response(get_object_or_404(Report.objects.select_related("arrangement"), pk=pk))
