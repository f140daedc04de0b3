"""The report as a tagged PDF (PDF/UA-1), rendered from its snapshot with WeasyPrint.

WeasyPrint is imported inside the functions (it is slow to import and only the worker needs it)
and may fetch nothing but our own static files: the stylesheet and the vendored fonts, found
through the staticfiles finders. Everything else — the network, other files on disk — is refused.
The logo arrives as a data URI.
"""

from __future__ import annotations

import base64
import datetime as dt
import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from reporting.charts import bar_chart_svg
from reporting.suppression import Cell

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

# The documents' base URL. Never contacted: the URL fetcher maps it onto the static files.
PDF_HOST = "voorveld.invalid"
PDF_BASE_URL = f"https://{PDF_HOST}/"
STATIC_MIME_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def static_file_for_url(url: str) -> Path | None:
    """The static file a document URL points to, or None when the URL is anything else.

    Only ``https://voorveld.invalid/static/…`` URLs of stylesheets, fonts and images qualify, and
    only when a staticfiles finder finds them in our own static directories.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != PDF_HOST:
        return None
    path = unquote(parts.path)
    static_url = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    if not path.startswith(static_url):
        return None
    relative = posixpath.normpath(path[len(static_url):])
    if relative.startswith(("..", "/")) or "\\" in relative or Path(relative).suffix not in STATIC_MIME_TYPES:
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if not found:
        return None
    return Path(found if isinstance(found, str) else found[0])


def static_url_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that serves only our static files and inline data URIs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, nothing is fetched
            path = static_file_for_url(url)
            if path is None:
                raise ValueError(f"Refused to fetch {url!r}: a report may only use our own static files.")
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": STATIC_MIME_TYPES[path.suffix]}
            )

    return StaticOnlyFetcher(timeout=5, allow_redirects=False)


def logo_data_uri(content: bytes) -> str | None:
    """The logo as a data URI when it is a PNG or JPEG (anything else is left out)."""
    for signature, mime_type in LOGO_SIGNATURES.items():
        if content.startswith(signature):
            return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"
    return None


# --- From snapshot to page -----------------------------------------------------------------------


def display(cell: Cell) -> str:
    """A cell as shown in the PDF: Dutch number format, marks as they are, "–" for no value."""
    if cell is None:
        return "–"
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float):
        return formats.number_format(cell, decimal_pos=1, use_l10n=True, force_grouping=True)
    return formats.number_format(cell, use_l10n=True, force_grouping=True)


def _row_view(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"label": row["label"], "cells": [display(cell) for cell in row["cells"]]}


def _table_view(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "rows": [_row_view(row) for row in table["rows"]], "total": _row_view(table["total"])}


def _chart_description(labels: Sequence[str], values: Sequence[Cell]) -> str:
    return "; ".join(f"{label}: {display(value)}" for label, value in zip(labels, values, strict=True))


def _months_from(start: dt.date, count: int) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    for _index in range(count):
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _monthly_charts(section: dict[str, Any], *, meta: dict[str, Any]) -> list[dict[str, str]]:
    """Bar charts of the months of the occupancy section (none when months are not shown)."""
    table = next((t for t in section["tables"] if t["key"] == "by_month"), None)
    if table is None or not table["rows"]:
        return []
    labels = [row["label"] for row in table["rows"]]
    months = _months_from(dt.date.fromisoformat(meta["period"]["start"]), len(labels))
    short = [formats.date_format(month, "b") for month in months]  # "jan", "feb", "mrt"
    average = [row["cells"][3] for row in table["rows"]]
    attended = [row["cells"][1] for row in table["rows"]]
    funded = meta.get("funded_places")
    charts = [
        (
            "chart-average",
            _("Average participants per opening dagdeel, by month"),
            average,
            float(funded) if funded else None,
            _("Funded places: %(places)s") % {"places": funded} if funded else "",
        ),
        ("chart-attended", _("Dagdelen attended, by month"), attended, None, ""),
    ]
    return [
        {
            "title": title,
            "svg": bar_chart_svg(
                ident=ident, title=title, description=_chart_description(labels, values), labels=short,
                values=values, reference=reference, reference_label=reference_label,
            ),
        }
        for ident, title, values, reference, reference_label in charts
    ]


def pdf_context(*, snapshot: dict[str, Any], organisation_name: str, logo: str | None) -> dict[str, Any]:
    meta = snapshot["meta"]
    sections = []
    for section in snapshot["sections"]:
        sections.append({
            "key": section["key"],
            "title": section["title"],
            "tables": [_table_view(table) for table in section["tables"]],
            "charts": _monthly_charts(section, meta=meta) if section["key"] == "occupancy" else [],
        })
    summary = [
        {**item, "planned": display(item["planned"]) if item["planned"] is not None else "",
         "realised": display(item["realised"])}
        for item in snapshot["summary"]
    ]
    period = meta["period"]
    return {
        "meta": meta,
        "organisation_name": organisation_name,
        "logo": logo,
        "static_base": f"{PDF_BASE_URL.rstrip('/')}{settings.STATIC_URL}",
        "period_start": dt.date.fromisoformat(period["start"]),
        "period_end": dt.date.fromisoformat(period["end"]),
        "summary": summary,
        "sections": sections,
        "stories": snapshot["stories"],
        "methods": snapshot["methods"],
        "document_title": _("Report %(arrangement)s, %(period)s") % {
            "arrangement": meta["arrangement"], "period": period["label"],
        },
    }


def report_pdf_render(*, snapshot: dict[str, Any], organisation_name: str, logo: str | None = None) -> bytes:
    """The PDF of a report snapshot: A4, Dutch, tagged (PDF/UA-1) with title and language."""
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "reporting/pdf/report.html",
            pdf_context(snapshot=snapshot, organisation_name=organisation_name, logo=logo),
        )
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_url_fetcher())
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if pdf is None:  # only when writing to a target, which we do not
        raise RuntimeError("WeasyPrint returned no PDF.")
    return bytes(pdf)

