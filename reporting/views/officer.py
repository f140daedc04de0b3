"""The officer portal: the own funder's arrangements and published reports only, scoped in the
query (reporting.selectors); anything else — another funder's report, a concept — is a 404."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reporting.charts import bar_chart_svg
from reporting.constants import IndicatorKey
from reporting.models import Report
from reporting.selectors import funder_for_officer, report_for_officer, reports_for_officer
from reporting.selectors.portal import ArrangementDashboard, officer_dashboards
from reporting.views.common import export_response, pdf_response
from voorveld.roles import AuthenticatedRequest, Role, allow

# The figures drawn as charts on the dashboard, when the reports have them.
CHARTED = (IndicatorKey.UNIQUE_PARTICIPANTS, IndicatorKey.AVERAGE_PER_DAGDEEL)


def _charts(dashboard: ArrangementDashboard) -> list[SafeString]:
    charts = []
    for series in dashboard.series:
        if series.key not in CHARTED or len(dashboard.latest) < 1:
            continue
        planned = series.planned if isinstance(series.planned, int | float) else None
        values = ", ".join(
            f"{label}: {value if value is not None else '–'}"
            for label, value in zip(dashboard.period_labels, series.values, strict=True)
        )
        charts.append(bar_chart_svg(
            ident=f"chart-{dashboard.arrangement.pk}-{series.key}",
            title=series.label,
            description=_("%(figure)s per period. %(values)s.") % {"figure": series.label, "values": values}
            + (" " + _("Planned: %(planned)s.") % {"planned": planned} if planned is not None else ""),
            labels=dashboard.period_labels,
            values=series.values,
            reference=float(planned) if planned is not None else None,
            reference_label=_("planned") if planned is not None else "",
        ))
    return charts


@allow(Role.OFFICER)
@require_safe
def officer_home(request: AuthenticatedRequest) -> HttpResponse:
    dashboards = officer_dashboards(user=request.user)
    return render(request, "reporting/officer/home.html", {
        "funder": funder_for_officer(user=request.user),
        "dashboards": [(dashboard, _charts(dashboard)) for dashboard in dashboards],
    })


def _own_report(request: AuthenticatedRequest, pk: int) -> Report:
    report = report_for_officer(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return report


@allow(Role.OFFICER)
@require_safe
def officer_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The figures of one published report as web page tables (the same as the PDF and exports)."""
    report = _own_report(request, pk)
    newer = (
        reports_for_officer(user=request.user)
        .filter(
            arrangement=report.arrangement_id, period_start=report.period_start, period_end=report.period_end,
            version__gt=report.version,
        )
        .order_by("-version")
        .first()
    )
    context: dict[str, Any] = {"report": report, "snapshot": report.snapshot or {}, "newer": newer}
    return render(request, "reporting/officer/report.html", context)


@allow(Role.OFFICER)
@require_safe
def officer_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return pdf_response(_own_report(request, pk))


@allow(Role.OFFICER)
@require_safe
def officer_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    return export_response(_own_report(request, pk), fmt)
