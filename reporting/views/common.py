"""Small helpers the reporting views share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from reporting.exports import EXPORT_FORMATS, ReportInfo
from reporting.models import Report

PAGE_SIZE = 25
R = TypeVar("R", bound=HttpResponseBase)


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def download_name(report: Report, extension: str) -> str:
    name = f"{slugify(report.arrangement.name)}-{slugify(report.period_label)}-v{report.version}"
    return f"rapportage-{name}.{extension}"


def _private(response: R) -> R:
    # Aggregated, but only for this funder: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(report: Report) -> FileResponse:
    if not report.pdf:
        raise Http404
    try:
        handle = report.pdf.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(report, "pdf"), content_type="application/pdf"
    )
    return _private(response)


def export_response(report: Report, fmt: str) -> HttpResponse:
    """The report's figures as CSV, ODS or XLSX, built from its frozen snapshot."""
    export = EXPORT_FORMATS.get(fmt)
    if export is None or report.snapshot is None:
        raise Http404
    published = ""
    if report.published_at:
        with translation.override("nl"):
            published = formats.date_format(timezone.localtime(report.published_at), "j F Y")
    info = ReportInfo(version=report.version, published_on=published, sha256=report.snapshot_sha256)
    response = HttpResponse(export.write(report.snapshot, info=info), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name(report, fmt)}"'
    return _private(response)
