"""Fictional demo data for the reporting side: one funder per demo gemeente and its officer account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from participants.demo import DemoAccount, DemoPassword, demo_user_upsert
from participants.models import Location, Municipality
from reporting.constants import FunderKind, IndicatorKey, ReportStatus
from reporting.models import (
    ArrangementPeriod,
    Funder,
    FundingArrangement,
    Indicator,
    OfficerAssignment,
    Report,
)
from reporting.services.rendering import report_render_run
from voorveld.constants import Role
from voorveld.models import User

# CBS code → the officer account of that gemeente (fictional people).
OFFICERS: dict[str, tuple[str, str, str]] = {
    "GM0119": ("officer.meppel", "Ellen", "Graafland"),
    "GM1701": ("officer.westerveld", "Youssef", "Amrani"),
    "GM1690": ("officer.dewolden", "Hanneke", "Stegeman"),
}


def officer_accounts(*, municipalities: Sequence[tuple[str, str]]) -> list[DemoAccount]:
    """The officer accounts for (name, CBS code) pairs, without touching the database."""
    return [
        DemoAccount(
            username,
            Role.OFFICER,
            f"aggregated reports for {name} only; never a name",
            first_name,
            last_name,
        )
        for name, code in municipalities
        for username, first_name, last_name in [OFFICERS[code]]
    ]


def seed_reporting_demo(
    *, municipalities: Sequence[Municipality], password: DemoPassword
) -> list[DemoAccount]:
    """A funder per gemeente (kind municipality, with its CBS code) and one officer tied to it."""
    accounts = officer_accounts(municipalities=[(m.name, m.cbs_code) for m in municipalities])
    for municipality, account in zip(municipalities, accounts, strict=True):
        funder, _ = Funder.objects.update_or_create(
            municipality=municipality,
            defaults={
                "name": f"Gemeente {municipality.name}",
                "kind": FunderKind.MUNICIPALITY,
                "cbs_code": municipality.cbs_code,
            },
        )
        user = demo_user_upsert(account=account, password=password)
        OfficerAssignment.objects.update_or_create(user=user, defaults={"funder": funder})
    return accounts


# Funded places per demo gemeente, and the fund's garden project (fictional figures).
PLACES = {"GM0119": 40, "GM1701": 15, "GM1690": 10}
FUND_NAME = "Fonds Groene Vingers"


def seed_arrangements_demo(
    *, today: dt.date, coordinator: User, garden: Location | None, with_report: bool = True
) -> list[Report]:
    """An arrangement per demo gemeente with agreed indicators, one fund with a custom period for
    the garden, and the published H1 report of the first gemeente (rendered, with its PDF)."""
    year = today.year if today.month >= 7 else today.year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    arrangements: list[FundingArrangement] = []
    for funder in (
        Funder.objects.filter(kind=FunderKind.MUNICIPALITY).select_related("municipality").order_by("pk")
    ):
        places = PLACES.get(funder.cbs_code, 10)
        arrangement, _ = FundingArrangement.objects.update_or_create(
            funder=funder,
            name=f"{funder.name} — {places} plekken",
            defaults={"starts_on": start, "ends_on": end, "funded_places": places},
        )
        if funder.municipality is not None:
            arrangement.municipalities.set([funder.municipality])
        arrangement.indicators.all().delete()
        Indicator.objects.bulk_create(
            [
                Indicator(
                    arrangement=arrangement,
                    key=IndicatorKey.UNIQUE_PARTICIPANTS,
                    planned_value=places * 2,
                    text="Unieke deelnemers per half jaar",
                    order=0,
                ),
                Indicator(
                    arrangement=arrangement,
                    key=IndicatorKey.AVERAGE_PER_DAGDEEL,
                    planned_value=places / 2,
                    text="Gemiddeld aantal deelnemers per dagdeel",
                    order=1,
                ),
                Indicator(
                    arrangement=arrangement,
                    key=IndicatorKey.WITHOUT_INDICATIE,
                    text="Zonder indicatie",
                    order=2,
                ),
            ]
        )
        arrangements.append(arrangement)
    fund, _ = Funder.objects.update_or_create(
        name=FUND_NAME, defaults={"kind": FunderKind.FUND, "cbs_code": ""}
    )
    garden_project, _ = FundingArrangement.objects.update_or_create(
        funder=fund,
        name="Tuinproject",
        defaults={"starts_on": start, "ends_on": end, "funded_places": 8},
    )
    if garden is not None:
        garden_project.locations.set([garden])
    ArrangementPeriod.objects.get_or_create(
        arrangement=garden_project, starts_on=start, ends_on=end, defaults={"label": f"Projectjaar {year}"}
    )
    published: list[Report] = []
    Report.objects.filter(arrangement__in=[*arrangements, garden_project]).delete()
    if arrangements and with_report:
        first = arrangements[0]
        report = Report.objects.create(
            arrangement=first,
            period_label=f"H1 {year}",
            period_start=start,
            period_end=dt.date(year, 6, 30),
            requested_by=coordinator,
        )
        report_render_run(report_id=report.pk)
        # Demo only: published straight away, without e-mailing the (fictional) officers.
        Report.objects.filter(pk=report.pk, status=ReportStatus.CONCEPT).update(
            status=ReportStatus.PUBLISHED,
            approved_by=coordinator,
            approved_at=timezone.now(),
            published_at=timezone.now(),
        )
        published.append(report)
    return published
