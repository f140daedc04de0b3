"""The figures of a frozen snapshot as rows, and as CSV for officers. Suppressed cells stay as
they are in the snapshot ("< 5", "×"): an export never shows more than the PDF."""

from __future__ import annotations

import csv
import io
from typing import Any

Row = list[Any]


def snapshot_rows(snapshot: dict[str, Any]) -> list[Row]:
    """Section, table, row label, column and value: one line per cell, plus the summary."""
    rows: list[Row] = [["sectie", "tabel", "rij", "kolom", "waarde"]]
    for item in snapshot.get("summary", []):
        rows.append(["samenvatting", "", item.get("label", ""), "gerealiseerd", item.get("realised")])
        if item.get("planned") is not None:
            rows.append(["samenvatting", "", item.get("label", ""), "gepland", item.get("planned")])
    for section in snapshot.get("sections", []):
        for table in section.get("tables", []):
            columns = table.get("columns", [])
            body = list(table.get("rows", []))
            if table.get("total"):
                body.append(table["total"])
            for row in body:
                for column, value in zip(columns, row.get("cells", []), strict=False):
                    rows.append(
                        [
                            section.get("title", ""),
                            table.get("title", ""),
                            row.get("label", ""),
                            column,
                            value,
                        ]
                    )
    return rows


def snapshot_csv(snapshot: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in snapshot_rows(snapshot):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()
