"""Reports: the coordinator's workflow (request, follow the progress, approve, publish) and the
officer's portal (their own funder's published reports only, scoped in the query)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting.exports import snapshot_csv
from reporting.models import FundingArrangement, Report
from reporting.selectors import (
    arrangements_for_officer,
    funder_for_officer,
    report_for_officer,
    report_periods,
    reports_for_officer,
)
from reporting.services.reports import report_approve, report_publish, report_request, report_retry
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, Role, allow


@allow(Role.OFFICER)
def officer_home(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "reporting/officer_home.html",
        {
            "funder": funder_for_officer(user=request.user),
            "arrangements": arrangements_for_officer(user=request.user),
            "reports": reports_for_officer(user=request.user).order_by("-period_start", "-version"),
        },
    )


def _download_name(report: Report, extension: str) -> str:
    name = f"{slugify(report.arrangement.name)}-{slugify(report.period_label)}-v{report.version}"
    return f"rapportage-{name}.{extension}"


def _pdf_response(report: Report) -> FileResponse:
    if not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=_download_name(report, "pdf"),
        content_type="application/pdf",
    )


@allow(Role.OFFICER)
def officer_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    report = report_for_officer(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return _pdf_response(report)


@allow(Role.OFFICER)
def officer_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = report_for_officer(user=request.user, pk=pk)
    if report is None or report.snapshot is None:
        raise Http404
    response = HttpResponse(snapshot_csv(report.snapshot), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(report, "csv")}"'
    return response


@allow(*MANAGEMENT)
def arrangement_list(request: AuthenticatedRequest) -> HttpResponse:
    arrangements = FundingArrangement.objects.select_related("funder").order_by("funder__name", "-starts_on")
    return render(request, "reporting/arrangement_list.html", {"arrangements": arrangements})


@allow(*MANAGEMENT)
def arrangement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(FundingArrangement.objects.select_related("funder"), pk=pk)
    reports = list(arrangement.reports.order_by("-period_start", "-version", "-created_at"))
    periods = [
        (period, [r for r in reports if (r.period_start, r.period_end) == (period.start, period.end)])
        for period in report_periods(arrangement=arrangement)
    ]
    return render(
        request, "reporting/arrangement_detail.html", {"arrangement": arrangement, "periods": periods}
    )


@allow(*MANAGEMENT)
@require_POST
def report_request_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(FundingArrangement, pk=pk)
    wanted = {(p.start.isoformat(), p.end.isoformat()): p for p in report_periods(arrangement=arrangement)}
    period = wanted.get((request.POST.get("start", ""), request.POST.get("end", "")))
    if period is None:
        raise Http404
    try:
        report_request(
            arrangement=arrangement,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            requested_by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report for %(period)s is being made.") % {"period": period.label})
    return redirect("reporting:arrangement_detail", pk=arrangement.pk)


@allow(*MANAGEMENT)
def report_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A small status partial the page polls with htmx while the report is being made."""
    report = get_object_or_404(Report, pk=pk)
    return render(request, "reporting/_report_status.html", {"report": report})


@allow(*MANAGEMENT)
@require_POST
def report_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("arrangement"), pk=pk)
    steps = {
        "goedkeuren": (report_approve, _("The report is approved.")),
        "publiceren": (report_publish, _("The report is published; the funder's officers got an e-mail.")),
        "opnieuw": (None, _("The report is being made again.")),
    }
    if action not in steps:
        raise Http404
    service, message = steps[action]
    try:
        if service is None:
            report_retry(report=report, requested_by=request.user)
        else:
            service(report=report, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, message)
    return redirect("reporting:arrangement_detail", pk=report.arrangement_id)


@allow(*MANAGEMENT)
def report_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return _pdf_response(get_object_or_404(Report, pk=pk))
