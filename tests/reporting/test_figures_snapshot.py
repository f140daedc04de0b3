"""The frozen snapshot: suppressed, in Dutch, without names, and the same on unchanged data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest

from participants.models import Visit
from reporting.services.snapshot import code_version, snapshot_build, snapshot_sha256
from tests.reporting.figures_data import H1_END, H1_START, NAMES, FiguresData, build_figures_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> FiguresData:
    return build_figures_data(threshold=3)


def build(data: FiguresData) -> dict[str, Any]:
    return snapshot_build(arrangement=data.aadorp, period_label="H1 2026", start=H1_START, end=H1_END)


def table(snapshot: dict[str, Any], section: str, key: str) -> dict[str, Any]:
    tables = next(s for s in snapshot["sections"] if s["key"] == section)["tables"]
    return next(t for t in tables if t["key"] == key)


def cells(t: dict[str, Any]) -> dict[str, list[Any]]:
    return {row["label"]: row["cells"] for row in t["rows"]}


def test_the_same_data_gives_the_identical_snapshot_and_hash(data: FiguresData) -> None:
    first, second = build(data), build(data)
    assert first == second
    assert snapshot_sha256(first) == snapshot_sha256(second)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_new_visit_changes_the_figures_the_watermark_and_the_hash(data: FiguresData) -> None:
    before = build(data)
    Visit.objects.create(
        participant=data.people["ottoline"],
        date=dt.date(2026, 6, 2),
        dagdeel="morning",
        location=data.noord,
        activity=data.houtwerk,
        municipality=data.municipality_a,
        indicatie_category="none",
    )
    after = build(data)
    assert snapshot_sha256(after) != snapshot_sha256(before)
    assert after["meta"]["data_watermark"] > before["meta"]["data_watermark"]


def test_meta_names_the_arrangement_period_threshold_and_code_version(data: FiguresData) -> None:
    meta = build(data)["meta"]
    assert meta["arrangement"] == "Aadorp — 10 plekken"
    assert meta["funder"] == "Gemeente Aadorp"
    assert meta["period"] == {"label": "H1 2026", "start": "2026-01-01", "end": "2026-06-30"}
    assert meta["threshold"] == 3
    assert meta["municipalities"] == ["Aadorp"]
    assert meta["funded_places"] == 10
    assert meta["code_version"] == code_version()
    assert meta["code_version"].startswith("0.1.0 (")
    dt.datetime.fromisoformat(meta["data_watermark"])


def test_code_version_is_read_once_and_stays_the_same() -> None:
    assert code_version() == code_version()


def test_small_counts_are_shown_as_less_than_k_and_zero_stays_zero(data: FiguresData) -> None:
    snapshot = build(data)
    indicatie = table(snapshot, "reach", "indicatie")
    assert cells(indicatie) == {
        "Zonder indicatie": [3],
        "Wmo": ["< 3"],
        "Wlz": ["< 3"],
        "Jeugdwet": [0],
        "Participatiewet": [0],
        "Onbekend": [0],
    }
    assert indicatie["total"] == {"label": "Totaal", "cells": [5]}
    assert cells(table(snapshot, "reach", "overview")) == {
        "Unieke deelnemers": [5],
        "Nieuwe deelnemers": [4],
        "Anonieme bezoeken (dagdelen)": [4],
    }


def test_a_lone_small_cell_next_to_a_total_hides_the_next_smallest_cell(data: FiguresData) -> None:
    by_activity = table(build(data), "occupancy", "by_activity")
    # Koken: 2 visits (hidden); Houtwerk's 7 would give them away next to the total 9.
    assert cells(by_activity) == {"Houtwerk": ["×", 4], "Koken": ["< 3", "< 3"]}
    assert by_activity["total"]["cells"] == [9, 5]


def test_summary_shows_plan_against_realisation_with_the_agreed_indicators_first(data: FiguresData) -> None:
    summary = build(data)["summary"]
    assert summary[0] == {
        "key": "unique_participants",
        "label": "Unieke deelnemers uit Aadorp",
        "planned": 8,
        "realised": 5,
    }
    assert summary[1] == {
        "key": f"question:{data.question.pk}",
        "label": "Voelt zich verbonden (1–5)",
        "planned": 3.5,
        "realised": 4.0,
    }
    by_key = {item["key"]: item for item in summary}
    assert by_key["average_per_dagdeel"]["planned"] == 10
    assert by_key["average_per_dagdeel"]["realised"] == 0.1
    assert by_key["outflow"]["realised"] == "< 3"
    assert by_key["volunteers_active"]["realised"] == "< 3"
    assert by_key["new_participants"]["realised"] == 4


def test_months_are_shown_as_the_period_total_when_most_months_are_small(data: FiguresData) -> None:
    by_month = table(build(data), "occupancy", "by_month")
    assert by_month["rows"] == []
    assert by_month["total"]["cells"] == [127, 9, 5, 0.1]
    assert "alleen het totaal" in by_month["note"]


def test_measurement_means_are_shown_only_from_k_people(data: FiguresData) -> None:
    snapshot = build(data)
    assert cells(table(snapshot, "measurements", "questions")) == {
        "Ik voel me verbonden (1–5)": [3, 2.0, 4.0]
    }
    data.aadorp.suppression_threshold = 4
    data.aadorp.save()
    snapshot = build(data)
    assert cells(table(snapshot, "measurements", "questions")) == {
        "Ik voel me verbonden (1–5)": ["< 4", None, None]
    }
    assert snapshot["summary"][1]["realised"] == "n < 4"


def test_ladders_outflow_referrals_and_volunteers_are_suppressed_per_table(data: FiguresData) -> None:
    snapshot = build(data)
    assert cells(table(snapshot, "progress", "ladders")) == {
        "Participatieladder": ["< 3", "< 3", "< 3", 3],
        "Talentenladder": ["< 3", 0, 0, "< 3"],
    }
    outflow = table(snapshot, "outflow", "outflow")
    assert cells(outflow)["Verhuisd"] == ["< 3"]
    assert cells(outflow)["Opleiding of cursus"] == [0]
    assert outflow["total"]["cells"] == ["< 3"]
    referrals = table(snapshot, "referrals", "referrals")
    assert cells(referrals) == {
        "Wijkteam": ["< 3", 0, "< 3"],
        "GGZ": [0, "< 3", "< 3"],
        "Schuldhulp": [0, "< 3", "< 3"],
    }
    assert referrals["total"]["cells"] == ["< 3", "< 3", 3]


def test_stories_hold_only_title_and_text_and_only_with_consent(data: FiguresData) -> None:
    stories = build(data)["stories"]
    assert [story["title"] for story in stories] == ["Weer onder de mensen", "Een eigen werkbank"]
    assert all(set(story) == {"title", "text"} for story in stories)


def test_the_snapshot_never_holds_a_participant_name(data: FiguresData) -> None:
    text = json.dumps(build(data), ensure_ascii=False)
    for name in NAMES:
        assert name not in text


def test_the_methods_note_explains_definitions_suppression_and_overlap_in_dutch(data: FiguresData) -> None:
    methods = " ".join(build(data)["methods"])
    assert "30 juni" in methods
    assert "nooit dubbel" in methods
    assert "“< 3”" in methods
    assert "geen garantie over tabellen heen" in methods
    assert "overlappen" in methods
    assert code_version() in methods


def test_the_hash_is_sha256_of_the_sorted_compact_json(data: FiguresData) -> None:
    snapshot = build(data)
    content = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    assert snapshot_sha256(snapshot) == hashlib.sha256(content.encode()).hexdigest()
