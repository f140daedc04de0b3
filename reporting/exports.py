"""The figures of a frozen snapshot as a spreadsheet: CSV, ODS (the Dutch open standard) and XLSX.

Every export holds exactly the figures of the snapshot, one line per cell: section, table, row,
column, value. Suppressed cells stay as they are in the snapshot ("< 5", "×"): an export never
shows more than the PDF. Numbers stay numbers in ODS and XLSX; the CSV is written for Dutch
spreadsheet programs (semicolons, a decimal comma, UTF-8 with a byte order mark).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tablib

Value = str | int | float
Row = list[Value]
Snapshot = dict[str, Any]

HEADERS: Row = ["sectie", "tabel", "rij", "kolom", "waarde"]
FIGURES_SHEET = "Cijfers"
ABOUT_SHEET = "Toelichting"


def _value(value: object) -> Value:
    if value is None:
        return ""
    if isinstance(value, bool):  # never in a snapshot, but a bool is an int to Python
        return str(value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


def snapshot_to_rows(snapshot: Snapshot) -> list[Row]:
    """The header and one row per figure: the summary (realised and planned) and every table cell,
    its total row included."""
    rows: list[Row] = [list(HEADERS)]
    for item in snapshot.get("summary", []):
        label = _value(item.get("label"))
        rows.append(["samenvatting", "", label, "gerealiseerd", _value(item.get("realised"))])
        if item.get("planned") is not None:
            rows.append(["samenvatting", "", label, "gepland", _value(item.get("planned"))])
    for section in snapshot.get("sections", []):
        for table in section.get("tables", []):
            body = list(table.get("rows", []))
            if table.get("total"):
                body.append(table["total"])
            for row in body:
                for column, cell in zip(table.get("columns", []), row.get("cells", []), strict=False):
                    rows.append([
                        _value(section.get("title")), _value(table.get("title")), _value(row.get("label")),
                        _value(column), _value(cell),
                    ])
    return rows


@dataclass(frozen=True)
class ReportInfo:
    """What the export says about the report itself (the snapshot holds no version or date)."""

    version: int
    published_on: str  # already formatted, e.g. "14 juli 2026"
    sha256: str


def about_rows(snapshot: Snapshot, *, info: ReportInfo) -> list[Row]:
    """The second sheet: which report these are, and the methods note."""
    meta = snapshot.get("meta", {})
    period = meta.get("period", {})
    rows: list[Row] = [
        ["onderwerp", "waarde"],
        ["financieringsafspraak", _value(meta.get("arrangement"))],
        ["financier", _value(meta.get("funder"))],
        ["periode", _value(period.get("label"))],
        ["van", _value(period.get("start"))],
        ["tot en met", _value(period.get("end"))],
        ["gemeenten", ", ".join(meta.get("municipalities") or [])],
        ["gefinancierde plekken", _value(meta.get("funded_places"))],
        ["drempel (kleinere aantallen verborgen)", _value(meta.get("threshold"))],
        ["versie", info.version],
        ["gepubliceerd op", info.published_on],
        ["controlegetal (SHA-256)", info.sha256],
    ]
    rows.extend(["toelichting", _value(paragraph)] for paragraph in snapshot.get("methods", []))
    return rows


def _dataset(rows: list[Row], *, title: str) -> tablib.Dataset:
    dataset = tablib.Dataset(*[tuple(row) for row in rows[1:]], headers=rows[0])
    dataset.title = title
    return dataset


def _csv_value(value: Value) -> Value:
    return f"{value}".replace(".", ",") if isinstance(value, float) else value


def export_csv(snapshot: Snapshot, *, info: ReportInfo) -> bytes:
    """The figures only (a CSV has one sheet); ``info`` is for the same signature as the others."""
    rows = [[_csv_value(value) for value in row] for row in snapshot_to_rows(snapshot)]
    text: str = _dataset(rows, title=FIGURES_SHEET).export("csv", delimiter=";")
    return text.encode("utf-8-sig")


def _book(snapshot: Snapshot, *, info: ReportInfo) -> tablib.Databook:
    return tablib.Databook([
        _dataset(snapshot_to_rows(snapshot), title=FIGURES_SHEET),
        _dataset(about_rows(snapshot, info=info), title=ABOUT_SHEET),
    ])


def export_ods(snapshot: Snapshot, *, info: ReportInfo) -> bytes:
    content: bytes = _book(snapshot, info=info).export("ods")
    return content


def export_xlsx(snapshot: Snapshot, *, info: ReportInfo) -> bytes:
    content: bytes = _book(snapshot, info=info).export("xlsx")
    return content


@dataclass(frozen=True)
class ExportFormat:
    content_type: str
    write: Callable[..., bytes]


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("text/csv; charset=utf-8", export_csv),
    "ods": ExportFormat("application/vnd.oasis.opendocument.spreadsheet", export_ods),
    "xlsx": ExportFormat("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export_xlsx),
}
