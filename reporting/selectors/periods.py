"""Reporting periods of an arrangement: H1/H2 for half-yearly ones, the stored periods for custom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporting.constants import Cadence
from reporting.models import FundingArrangement


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date


def report_periods(*, arrangement: FundingArrangement) -> list[Period]:
    """The arrangement's reporting periods, oldest first.

    Half-yearly: H1 = 1 Jan–30 Jun and H2 = 1 Jul–31 Dec of every year the arrangement covers,
    clipped to its start and end (a late beschikking simply makes the first period shorter).
    Custom: the ArrangementPeriod rows.
    """
    if arrangement.cadence == Cadence.CUSTOM:
        return [
            Period(label=p.label, start=p.starts_on, end=p.ends_on)
            for p in arrangement.periods.order_by("starts_on", "ends_on")
        ]
    periods: list[Period] = []
    for year in range(arrangement.starts_on.year, arrangement.ends_on.year + 1):
        halves = (
            ("H1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            ("H2", dt.date(year, 7, 1), dt.date(year, 12, 31)),
        )
        for half, start, end in halves:
            start, end = max(start, arrangement.starts_on), min(end, arrangement.ends_on)
            if start <= end:
                periods.append(Period(label=f"{half} {year}", start=start, end=end))
    return periods
