"""The officer's downloads of a published report's figures: CSV, ODS and XLSX, opened the way a
spreadsheet program would, with the figures of the report, suppressed small counts and no names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from odf.opendocument import load as odf_load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from reporting.constants import IndicatorKey, ReportStatus
from reporting.models import Indicator, Report
from reporting.services import rendering
from reporting.services.reports import report_approve, report_publish
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World
from tests.reporting.test_portal import H1, arrangement_for

NAMES = ("Geheimnaam", "Verborgenhuis")
Sheets = dict[str, list[list[str]]]


@pytest.fixture
def report(world: World) -> Report:
    """Gemeente A's published H1 2026: 7 people (of whom 2 came only once), two agreed figures."""
    arrangement = arrangement_for(world)
    Indicator.objects.create(
        arrangement=arrangement, key=IndicatorKey.UNIQUE_PARTICIPANTS, text="Unieke deelnemers uit Aadorp",
        planned_value=Decimal(80), order=1,
    )
    Indicator.objects.create(
        arrangement=arrangement, key=IndicatorKey.NEW_PARTICIPANTS, text="Nieuwe deelnemers",
        planned_value=Decimal(12), order=2,
    )
    for i in range(7):
        person = ParticipantFactory(
            first_name=f"Geheimnaam{i}", last_name="Verborgenhuis", municipality=world.municipality_a
        )
        VisitFactory(participant=person, location=world.location, date=dt.date(2026, 3, 2 + i))
    made = Report.objects.create(
        arrangement=arrangement, period_label="H1 2026", period_start=H1[0], period_end=H1[1]
    )
    assert rendering.report_render_run(report_id=made.pk) == ReportStatus.CONCEPT
    made.refresh_from_db()
    report_approve(report=made, user=world.users["coordinator"])
    return report_publish(report=made, user=world.users["coordinator"])


def _download(client: Client, report: Report, fmt: str) -> HttpResponse:
    response = client.get(reverse("reporting:officer_export", args=[report.pk, fmt]))
    assert response.status_code == 200, fmt
    return response


def _cell_text(cell: Any) -> str:
    if cell.getAttribute("valuetype") == "float":  # a number stays a number: its value, no text
        return str(cell.getAttribute("value"))
    return "".join(str(node) for node in cell.getElementsByType(P))


def _ods_sheets(content: bytes) -> Sheets:
    document = odf_load(io.BytesIO(content))
    sheets: Sheets = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append([_cell_text(cell) for cell in row.getElementsByType(TableCell)])
        sheets[str(table.getAttribute("name"))] = rows
    return sheets


def _xlsx_sheets(content: bytes) -> Sheets:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def _csv_sheet(content: bytes) -> Sheets:
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    text = content.decode("utf-8-sig")
    return {"Cijfers": [row for row in csv.reader(io.StringIO(text), delimiter=";")]}


def _figure(sheets: Sheets, label: str, column: str) -> str:
    matches = [row[4] for row in sheets["Cijfers"] if row[:4] == ["samenvatting", "", label, column]]
    assert len(matches) == 1, (label, column, matches)
    return matches[0]


def _all_text(sheets: Sheets) -> str:
    return "\n".join(" ".join(row) for rows in sheets.values() for row in rows)


def _assert_no_names_in_raw(content: bytes) -> None:
    """Also inside the zipped XML (styles, metadata, shared strings), not only in the cells."""
    parts = [content]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(name) for name in archive.namelist()]
    for part in parts:
        for name in NAMES:
            assert name.encode() not in part


@pytest.mark.parametrize(("fmt", "read"), [("csv", _csv_sheet), ("ods", _ods_sheets), ("xlsx", _xlsx_sheets)])
def test_the_officer_downloads_the_figures_with_plan_realisation_and_suppression(
    report: Report, client_for: Callable[[str], Client], fmt: str, read: Callable[[bytes], Sheets]
) -> None:
    response = _download(client_for("officer_a"), report, fmt)
    content = response.content
    sheets = read(content)
    assert sheets["Cijfers"][0] == ["sectie", "tabel", "rij", "kolom", "waarde"]
    # The agreed figures: planned against realised, as in the PDF.
    assert _figure(sheets, "Unieke deelnemers uit Aadorp", "gerealiseerd") == "7"
    assert _figure(sheets, "Unieke deelnemers uit Aadorp", "gepland") in ("80", "80.0", "80,0")
    assert _figure(sheets, "Nieuwe deelnemers", "gerealiseerd") == "7"
    # Every visit was the morning of a weekday at one location: small breakdowns are hidden.
    cells = [row[4] for row in sheets["Cijfers"][1:]]
    assert "< 5" in cells
    assert not any(re.fullmatch(r"[1-4]", cell) for cell in cells), "a count from 1 to k-1 is shown"
    assert not any(name in _all_text(sheets) for name in NAMES)
    _assert_no_names_in_raw(content)
    if fmt != "csv":  # the spreadsheets say which report these are
        about = {row[0]: row[1] for row in sheets["Toelichting"][1:] if len(row) > 1}
        assert about["periode"] == "H1 2026"
        assert about["versie"] in ("1", "1.0")
        assert about["controlegetal (SHA-256)"] == report.snapshot_sha256
        assert about["drempel (kleinere aantallen verborgen)"] in ("5", "5.0")


def test_the_snapshot_matches_what_the_export_shows(report: Report) -> None:
    """The export is built from the frozen snapshot: the same realised value the page shows."""
    assert report.snapshot is not None
    summary = {item["label"]: item for item in report.snapshot["summary"]}
    assert summary["Unieke deelnemers uit Aadorp"]["realised"] == 7
    assert summary["Unieke deelnemers uit Aadorp"]["planned"] == 80


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_download_has_a_sane_name_and_is_never_cached(
    report: Report, client_for: Callable[[str], Client], fmt: str, content_type: str
) -> None:
    response = _download(client_for("officer_a"), report, fmt)
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    match = re.fullmatch(r'attachment; filename="([^"/\\]+)"', disposition)
    assert match, disposition
    filename = match.group(1)
    assert re.fullmatch(r"[a-z0-9-]+\.[a-z]+", filename), filename  # ASCII, no spaces or dashes like —
    assert filename == f"rapportage-gemeente-aadorp-40-plekken-h1-2026-v1.{fmt}"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_pdf_download_is_private_too(report: Report, client_for: Callable[[str], Client]) -> None:
    response = client_for("officer_a").get(reverse("reporting:officer_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert 'filename="rapportage-gemeente-aadorp-40-plekken-h1-2026-v1.pdf"' in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["pdf", "json", "xls", "CSV", "csv.exe", ""])
def test_an_unknown_format_is_a_404(report: Report, client_for: Callable[[str], Client], fmt: str) -> None:
    url = reverse("reporting:officer_export", args=[report.pk, "csv"]).removesuffix("csv") + fmt
    assert client_for("officer_a").get(url).status_code == 404
