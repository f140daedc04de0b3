"""The frozen snapshot of a report: every figure, already suppressed, in Dutch, as plain JSON.

The snapshot is what the PDF, the exports and the officer's dashboard read; it never holds a name
or a number that suppression hid. It is deterministic — no time of the run inside it, keys sorted
when hashed — so running it again on unchanged data gives the same snapshot and the same SHA-256.

Shape (agreed with reporting/exports.py)::

    {"meta": {...}, "summary": [{"key", "label", "planned", "realised"}],
     "sections": [{"key", "title", "tables": [{"key", "title", "row_header", "columns", "rows",
                   "total", "note"}]}],
     "stories": [{"title", "text"}], "methods": [str, ...]}

``columns`` are the headers of the cells (the row label's header is ``row_header``); a row is
{"label", "cells"}; ``total`` is a row or None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import subprocess  # noqa: S404 - only `git rev-parse`, with a fixed argument list
import tomllib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from participants.constants import (
    IndicatieCategory,
    Ladder,
    OutflowDestination,
    ReferralDirection,
    ReferralSource,
)
from reporting.constants import IndicatorKey
from reporting.models import FundingArrangement
from reporting.selectors import (
    AGE_BAND_KEYS,
    Occupancy,
    OccupancyRow,
    data_watermark,
    occupancy_figures,
    outflow_figures,
    progress_figures,
    question_figures,
    reach_figures,
    referral_figures,
    report_questions,
    report_scope,
    stories_for_report,
    volunteers_active,
)
from reporting.suppression import (
    COMPLEMENTARY_MARK,
    Cell,
    Number,
    is_hidden,
    is_small,
    small_mark,
    suppress_grid,
    too_few_for_breakdown,
)

Snapshot = dict[str, Any]


# --- Code version --------------------------------------------------------------------------------


@functools.cache
def code_version() -> str:
    """The project version and the git commit, read once per process (stable within a run)."""
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            version = str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = "unknown"
    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, if installed
            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return f"{version} ({commit})"


def snapshot_sha256(snapshot: Snapshot) -> str:
    content = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# --- Tables --------------------------------------------------------------------------------------


@dataclasses.dataclass
class Table:
    """One table before it becomes JSON: numbers in, suppressed cells out."""

    key: str
    title: str
    row_header: str
    columns: list[str]
    labels: list[str]
    body: list[list[Number | None]]
    total: list[Number | None] | None = None
    total_label: str = ""
    note: str | None = None
    counted: list[bool] | None = None
    additive: list[bool] | None = None
    total_column: bool = False
    masked: list[list[Cell]] = dataclasses.field(default_factory=list)

    def suppress(self, k: int) -> Table:
        grid = [*self.body, *([self.total] if self.total is not None else [])]
        self.masked = suppress_grid(
            grid, k=k, counted=self.counted, additive=self.additive,
            total_row=self.total is not None, total_column=self.total_column,
        )
        return self

    @property
    def masked_body(self) -> list[list[Cell]]:
        return self.masked[: len(self.body)]

    @property
    def masked_total(self) -> list[Cell] | None:
        return self.masked[-1] if self.total is not None else None

    def cell(self, row: int, column: int) -> Cell:
        return self.masked[row][column]

    def as_json(self) -> dict[str, Any]:
        total = self.masked_total
        return {
            "key": self.key,
            "title": self.title,
            "row_header": self.row_header,
            "columns": self.columns,
            "rows": [
                {"label": label, "cells": cells}
                for label, cells in zip(self.labels, self.masked_body, strict=True)
            ],
            "total": None if total is None else {"label": self.total_label, "cells": total},
            "note": self.note,
        }


def _mask_derived(value: Number | None, *, source: Cell, base: int, k: int) -> Cell:
    """A value derived from a count (an average) is hidden when its count is hidden or small."""
    if is_hidden(source):
        return source
    if is_small(base, k=k):
        return small_mark(k)
    return value


def _month_label(month: dt.date) -> str:
    return formats.date_format(month, "F Y")


def _occupancy_table(
    *, key: str, title: str, row_header: str, rows: list[OccupancyRow], total: OccupancyRow, k: int,
    note: str | None = None,
) -> Table:
    """A breakdown of occupancy: opening dagdelen, visits, unique participants, average."""
    columns = [
        _("Opening dagdelen"), _("Dagdelen attended"), _("Unique participants"),
        _("Average per opening dagdeel"),
    ]
    table = Table(
        key=key, title=title, row_header=row_header, columns=columns,
        labels=[row.label for row in rows],
        body=[[row.opening_dagdelen, row.visits, row.unique_participants, row.average] for row in rows],
        total=[total.opening_dagdelen, total.visits, total.unique_participants, total.average],
        total_label=_("Total"), note=note,
        counted=[False, True, True, False], additive=[False, True, False, False],
    ).suppress(k)
    for masked_row, row in zip([*table.masked_body, table.masked_total], [*rows, total], strict=True):
        if masked_row is not None:
            masked_row[3] = _mask_derived(row.average, source=masked_row[1], base=row.visits_on_opening, k=k)
    return table


def _activity_table(*, occupancy: Occupancy, k: int) -> Table:
    rows = occupancy.by_activity
    return Table(
        key="by_activity", title=_("By activity"), row_header=_("Activity"),
        columns=[_("Dagdelen attended"), _("Unique participants")],
        labels=[row.label or _("No activity recorded") for row in rows],
        body=[[row.visits, row.unique_participants] for row in rows],
        total=[occupancy.total.visits, occupancy.total.unique_participants], total_label=_("Total"),
        additive=[True, False],
        note=_("A participant who took part in several activities counts once in each."),
    ).suppress(k)


# --- The snapshot --------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _methods(
    *, arrangement: FundingArrangement, meta: dict[str, Any], k: int, watermark: dt.datetime | None
) -> list[str]:
    start = formats.date_format(dt.date.fromisoformat(meta["period"]["start"]), "j F Y")
    end = formats.date_format(dt.date.fromisoformat(meta["period"]["end"]), "j F Y")
    if meta["municipalities"]:
        who = _(
            "Who counts: everyone with at least one visit in the period while living in %(municipalities)s "
            "(the gemeente recorded at that visit). Someone who moved counts by where they lived on each "
            "visit date, and never twice."
        ) % {"municipalities": ", ".join(meta["municipalities"])}
    else:
        who = _(
            "Who counts: everyone with at least one visit in the period, whatever gemeente they live in."
        )
    if meta["locations"] or meta["activities"]:
        who += " " + _("Only visits to the locations and activities of this arrangement count.")
    watermark_text = (
        formats.date_format(timezone.localtime(watermark), "j F Y H:i") if watermark else _("no data")
    )
    return [
        _(
            "Period: %(start)s to %(end)s. A visit counts in the period of its local date (Dutch time), "
            "so a check-in at 23:30 on 30 June belongs to the first half of the year."
        ) % {"start": start, "end": end},
        who,
        _(
            "Unique participants counts every person once. New: the person's first visit ever falls in "
            "the period. With or without indicatie: as recorded at the person's latest visit in the "
            "period. Age: on the last day of the period, in the bands under 18, 18–26, 27–44, 45–66, 67 "
            "and older, and unknown. Referral route: how the person first came, as recorded."
        ),
        _(
            "Anonymous visitors (people who joined without being registered) count as visits to the "
            "locations of the arrangement, never as persons and whatever gemeente they live in."
        ),
        _(
            "Occupancy: an opening dagdeel is a date and dagdeel on which at least one location of the "
            "arrangement is open by its weekly schedule and not closed. The average is the number of "
            "participants present on opening dagdelen divided by the number of opening dagdelen, set "
            "against the funded places. Visits outside the schedule count as attended but not in the "
            "average. The current weekly schedule is used for the whole period."
        ),
        _(
            "Progress: goals set and goals achieved in the period. Ladders: for everyone with at least "
            "two positions in the period, the latest position is compared with the first. Measurement "
            "questions: the first and the latest answer in the period of everyone who answered at least "
            "twice; averages are shown only when at least %(k)s people answered."
        ) % {"k": k},
        _(
            "Outflow counts each time someone left in the period, by destination. Referrals count "
            "referrals to us and by us in the period, by partner. Volunteers are participants with a "
            "volunteer role at some time in the period."
        ),
        _(
            "Stories are written down by the organisation without names and only with the recorded "
            "consent of the person. A story whose consent is withdrawn is left out of every report "
            "that has not been published yet."
        ),
        _(
            "Privacy: every number from 1 to %(below)s is shown as “%(mark)s”; 0 stays 0. Where a hidden "
            "number could be worked out from a total, another number in that row or column is hidden "
            "too, shown as “%(complementary)s”. A breakdown with too few people is shown coarser, for "
            "example only the total of the period instead of each month."
        ) % {"below": k - 1, "mark": small_mark(k), "complementary": COMPLEMENTARY_MARK},
        _(
            "There is no guarantee across tables: combining different tables of this report, or reports "
            "of other periods, can sometimes reveal a hidden number."
        ),
        _(
            "Arrangements may overlap: a participant can count for a gemeente and for a fund at the same "
            "time. Do not add up the figures of different arrangements."
        ),
        _(
            "Made with Voorveld %(version)s from the data as it was on %(watermark)s. Making the report "
            "again for the same period on unchanged data gives the same figures."
        ) % {"version": meta["code_version"], "watermark": watermark_text},
    ]


def snapshot_build(
    *, arrangement: FundingArrangement, period_label: str, start: dt.date, end: dt.date
) -> Snapshot:
    """Compute every figure of the report for one arrangement and period, suppress small cells and
    return the frozen snapshot (in Dutch)."""
    with translation.override("nl"):
        return _snapshot_build(arrangement=arrangement, period_label=period_label, start=start, end=end)


def _snapshot_build(
    *, arrangement: FundingArrangement, period_label: str, start: dt.date, end: dt.date
) -> Snapshot:
    k = arrangement.suppression_threshold
    scope = report_scope(arrangement=arrangement, start=start, end=end)
    watermark = data_watermark(scope=scope)
    meta: dict[str, Any] = {
        "arrangement": arrangement.name,
        "funder": arrangement.funder.name,
        "period": {"label": period_label, "start": start.isoformat(), "end": end.isoformat()},
        "threshold": k,
        "code_version": code_version(),
        "data_watermark": watermark.astimezone(dt.UTC).isoformat() if watermark else None,
        "municipalities": sorted(arrangement.municipalities.values_list("name", flat=True)),
        "locations": sorted(arrangement.locations.values_list("name", flat=True)),
        "activities": sorted(arrangement.activities.values_list("name", flat=True)),
        "funded_places": arrangement.funded_places,
    }

    # Reach
    reach = reach_figures(scope=scope)
    reach_overview = Table(
        key="overview", title=_("Overview"), row_header=_("Figure"), columns=[_("Number")],
        labels=[_("Unique participants"), _("New participants"), _("Anonymous visits (dagdelen)")],
        body=[[reach.unique_participants], [reach.new_participants], [reach.anonymous_visits]],
    ).suppress(k)
    categories = list(IndicatieCategory)
    by_category = Table(
        key="indicatie", title=_("With and without indicatie"), row_header=_("Indicatie"),
        columns=[_("Participants")], labels=[str(category.label) for category in categories],
        body=[[reach.by_category.get(category.value, 0)] for category in categories],
        total=[reach.unique_participants], total_label=_("Total"),
        note=_("As recorded at each person's latest visit in the period."),
    ).suppress(k)
    age_labels = {
        "<18": _("Under 18"), "18-26": _("18 to 26"), "27-44": _("27 to 44"), "45-66": _("45 to 66"),
        "67+": _("67 and older"), "unknown": _("Unknown"),
    }
    by_age = Table(
        key="age", title=_("Age at the end of the period"), row_header=_("Age"),
        columns=[_("Participants")], labels=[age_labels[band] for band in AGE_BAND_KEYS],
        body=[[reach.by_age_band.get(band, 0)] for band in AGE_BAND_KEYS],
        total=[reach.unique_participants], total_label=_("Total"),
    ).suppress(k)
    sources = [(str(source.label), source.value) for source in ReferralSource]
    sources.append((_("Not recorded"), ""))
    sources = [(label, value) for label, value in sources if reach.by_referral_source.get(value)]
    by_source = Table(
        key="referral_route", title=_("How they came"), row_header=_("Route"), columns=[_("Participants")],
        labels=[label for label, _value in sources],
        body=[[reach.by_referral_source[value]] for _label, value in sources],
        total=[reach.unique_participants], total_label=_("Total"),
    ).suppress(k)

    # Occupancy
    occupancy = occupancy_figures(scope=scope)
    total = occupancy.total
    funded = arrangement.funded_places
    occupancy_overview = Table(
        key="overview", title=_("Overview"), row_header=_("Figure"), columns=[_("Number")],
        labels=[
            _("Opening dagdelen"), _("Dagdelen attended"), _("Average participants per opening dagdeel"),
            _("Funded places"),
        ],
        body=[[total.opening_dagdelen], [total.visits], [total.average], [funded]],
        counted=[True],
    )
    occupancy_overview.masked = [
        [total.opening_dagdelen],
        [small_mark(k) if is_small(total.visits, k=k) else total.visits],
        [_mask_derived(total.average, source=None, base=total.visits_on_opening, k=k)],
        [funded],
    ]
    months = [
        dataclasses.replace(row, label=_month_label(dt.date.fromisoformat(row.key)))
        for row in occupancy.by_month
    ]
    coarse = too_few_for_breakdown([row.unique_participants for row in months], k=k)
    by_month = _occupancy_table(
        key="by_month", title=_("By month"), row_header=_("Month"), rows=[] if coarse else months,
        total=total, k=k,
        note=_("Too few participants to show each month; only the total of the period is shown.")
        if coarse else None,
    )
    by_location = _occupancy_table(
        key="by_location", title=_("By location"), row_header=_("Location"), rows=occupancy.by_location,
        total=total, k=k,
        note=_("The total counts an opening dagdeel once, even when several locations were open."),
    )
    by_activity = _activity_table(occupancy=occupancy, k=k)

    # Progress
    progress = progress_figures(scope=scope)
    goals = Table(
        key="goals", title=_("Goals"), row_header=_("Figure"), columns=[_("Number")],
        labels=[_("Goals set"), _("Goals achieved")],
        body=[[progress.goals_set], [progress.goals_achieved]],
    ).suppress(k)
    ladders = [Ladder.PARTICIPATION, Ladder.TALENT]
    ladder_table = Table(
        key="ladders", title=_("Steps on the ladders"), row_header=_("Ladder"),
        columns=[_("Up"), _("Same"), _("Down"), _("Total")],
        labels=[str(ladder.label) for ladder in ladders],
        body=[
            [progress.ladders[ladder].up, progress.ladders[ladder].same, progress.ladders[ladder].down,
             progress.ladders[ladder].people]
            for ladder in ladders
        ],
        total_column=True,
        note=_("Latest position in the period against the first, for people with at least two positions."),
    ).suppress(k)

    # Measurements
    questions = [question_figures(scope=scope, question=q) for q in report_questions(arrangement=arrangement)]
    measurement_table = Table(
        key="questions", title=_("Measurement questions"), row_header=_("Question"),
        columns=[_("People (n)"), _("First answer (average)"), _("Latest answer (average)")],
        labels=[f"{q.text} ({q.scale_min}–{q.scale_max})" for q in questions],
        body=[[q.people, q.first_mean, q.latest_mean] for q in questions],
        counted=[True, False, False],
        note=_("Averages only when at least %(k)s people answered twice in the period.") % {"k": k}
        if questions else _("No measurement questions were agreed for this arrangement."),
    ).suppress(k)
    for masked_row, q in zip(measurement_table.masked_body, questions, strict=True):
        if q.people < k:
            masked_row[1] = masked_row[2] = None

    # Outflow
    outflow = outflow_figures(scope=scope)
    destinations = list(OutflowDestination)
    outflow_table = Table(
        key="outflow", title=_("Outflow by destination"), row_header=_("Destination"),
        columns=[_("Times")], labels=[str(d.label) for d in destinations],
        body=[[outflow.get(d.value, 0)] for d in destinations],
        total=[sum(outflow.values())], total_label=_("Total"),
    ).suppress(k)

    # Referrals
    referrals = referral_figures(scope=scope)
    partners = [source for source in ReferralSource if source.value in referrals]
    referral_rows = [
        [referrals[p.value][ReferralDirection.IN], referrals[p.value][ReferralDirection.OUT]]
        for p in partners
    ]
    referrals_in = sum(row[0] for row in referral_rows)
    referrals_out = sum(row[1] for row in referral_rows)
    referral_table = Table(
        key="referrals", title=_("Referrals by partner"), row_header=_("Partner"),
        columns=[_("Referred to us"), _("Referred by us"), _("Total")],
        labels=[str(p.label) for p in partners],
        body=[[n_in, n_out, n_in + n_out] for n_in, n_out in referral_rows],
        total=[referrals_in, referrals_out, referrals_in + referrals_out], total_label=_("Total"),
        total_column=True,
    ).suppress(k)

    # Volunteers
    volunteers = volunteers_active(scope=scope)
    volunteer_table = Table(
        key="volunteers", title=_("Volunteers"), row_header=_("Figure"), columns=[_("Number")],
        labels=[_("Participants with a volunteer role")], body=[[volunteers]],
    ).suppress(k)

    sections = [
        ("reach", _("Reach"), [reach_overview, by_category, by_age, by_source]),
        ("occupancy", _("Occupancy"), [occupancy_overview, by_month, by_location, by_activity]),
        ("progress", _("Progress"), [goals, ladder_table]),
        ("measurements", _("Measurement questions"), [measurement_table]),
        ("outflow", _("Outflow"), [outflow_table]),
        ("referrals", _("Referrals"), [referral_table]),
        ("volunteers", _("Volunteers"), [volunteer_table]),
    ]

    # The summary takes each figure from the table that shows it, so the two never disagree.
    realised: dict[str, Cell] = {
        IndicatorKey.UNIQUE_PARTICIPANTS: reach_overview.cell(0, 0),
        IndicatorKey.NEW_PARTICIPANTS: reach_overview.cell(1, 0),
        IndicatorKey.WITHOUT_INDICATIE: by_category.cell(categories.index(IndicatieCategory.NONE), 0),
        IndicatorKey.DAGDELEN_ATTENDED: occupancy_overview.cell(1, 0),
        IndicatorKey.AVERAGE_PER_DAGDEEL: occupancy_overview.cell(2, 0),
        IndicatorKey.ANONYMOUS_VISITS: reach_overview.cell(2, 0),
        IndicatorKey.GOALS_SET: goals.cell(0, 0),
        IndicatorKey.GOALS_ACHIEVED: goals.cell(1, 0),
        IndicatorKey.PARTICIPATION_LADDER_UP: ladder_table.cell(0, 0),
        IndicatorKey.TALENT_LADDER_UP: ladder_table.cell(1, 0),
        IndicatorKey.OUTFLOW: outflow_table.cell(len(destinations), 0),
        IndicatorKey.REFERRALS_OUT: referral_table.cell(len(partners), 1),
        IndicatorKey.VOLUNTEERS_ACTIVE: volunteer_table.cell(0, 0),
    }
    question_realised = {q.question_id: (q, row) for q, row in zip(questions, measurement_table.masked_body,
                                                                      strict=True)}
    summary: list[dict[str, Any]] = []
    agreed: set[str] = set()
    for indicator in arrangement.indicators.select_related("question").order_by("order", "pk"):
        if indicator.key == IndicatorKey.QUESTION and indicator.question_id is not None:
            q, row = question_realised[indicator.question_id]
            value: Cell = row[2] if q.people >= k else (f"n {small_mark(k)}" if q.people else None)
            summary.append({
                "key": f"question:{indicator.question_id}",
                "label": indicator.text or q.text,
                "planned": _number(indicator.planned_value),
                "realised": value,
            })
            continue
        agreed.add(indicator.key)
        summary.append({
            "key": indicator.key,
            "label": indicator.text or str(IndicatorKey(indicator.key).label),
            "planned": _number(indicator.planned_value),
            "realised": realised[indicator.key],
        })
    defaults = [
        IndicatorKey.UNIQUE_PARTICIPANTS, IndicatorKey.NEW_PARTICIPANTS, IndicatorKey.WITHOUT_INDICATIE,
        IndicatorKey.DAGDELEN_ATTENDED, IndicatorKey.AVERAGE_PER_DAGDEEL, IndicatorKey.ANONYMOUS_VISITS,
        IndicatorKey.OUTFLOW, IndicatorKey.VOLUNTEERS_ACTIVE,
    ]
    for key in defaults:
        if key not in agreed:
            summary.append({
                "key": str(key), "label": str(key.label),
                "planned": funded if key == IndicatorKey.AVERAGE_PER_DAGDEEL else None,
                "realised": realised[key],
            })

    stories = [
        {"title": title, "text": text}
        for title, text in stories_for_report(arrangement=arrangement, start=start, end=end)
        .values_list("title", "text")
    ]
    return {
        "meta": meta,
        "summary": summary,
        "sections": [
            {"key": key, "title": title, "tables": [table.as_json() for table in tables]}
            for key, title, tables in sections
        ],
        "stories": stories,
        "methods": _methods(arrangement=arrangement, meta=meta, k=k, watermark=watermark),
    }

