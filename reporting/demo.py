"""Fictional demo data for the reporting side: one funder per demo gemeente and its officer account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from participants.constants import ConsentPurpose
from participants.demo import DemoAccount, DemoPassword, demo_user_upsert
from participants.models import Location, Municipality, Participant, Question
from participants.services import consent_record
from reporting.constants import Cadence, FunderKind, IndicatorKey, ReportStatus
from reporting.models import (
    ArrangementPeriod,
    Funder,
    FundingArrangement,
    Indicator,
    OfficerAssignment,
    Report,
    Story,
)
from reporting.services.arrangements import story_create
from reporting.services.rendering import report_render_run
from reporting.services.reports import report_approve
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
GARDEN_PROJECT = "Tuinproject"
QUESTIONNAIRE = "Ervaren meedoen"  # made by participants.demo_progress

# A fictional, anonymised story (no name, no age, no street) with the participant's story consent.
STORY_TITLE = "Van de bank naar de werkbank"
STORY_TEXT = (
    "Een deelnemer kwam in februari voor het eerst binnen, samen met iemand van het wijkteam. De eerste "
    "weken kwam hij één ochtend per week en zat hij vooral bij de koffie. In maart vroeg hij of hij mocht "
    "helpen bij het schuren van een tafel. Nu komt hij drie ochtenden per week en leert hij een nieuwe "
    "deelnemer hoe de schaafbank werkt. “Hier hoef ik niks uit te leggen, ik mag gewoon beginnen.”"
)


def _indicators(arrangement: FundingArrangement, *, places: int, question_ids: Sequence[int]) -> None:
    """The figures agreed with the funder, each with its planned value (fictional)."""
    arrangement.indicators.all().delete()
    agreed = [
        Indicator(arrangement=arrangement, key=IndicatorKey.UNIQUE_PARTICIPANTS, planned_value=places * 2,
                  text="Unieke deelnemers per half jaar", order=0),
        Indicator(arrangement=arrangement, key=IndicatorKey.AVERAGE_PER_DAGDEEL, planned_value=places / 2,
                  text="Gemiddeld aantal deelnemers per dagdeel", order=1),
        Indicator(arrangement=arrangement, key=IndicatorKey.WITHOUT_INDICATIE,
                  planned_value=round(places * 1.5), text="Deelnemers zonder indicatie", order=2),
        Indicator(arrangement=arrangement, key=IndicatorKey.OUTFLOW, planned_value=max(places // 8, 1),
                  text="Uitstroom naar werk, opleiding of vrijwilligerswerk", order=3),
    ]
    agreed.extend(
        Indicator(
            arrangement=arrangement, key=IndicatorKey.QUESTION, question_id=question_id, order=4 + index
        )
        for index, question_id in enumerate(question_ids)
    )
    Indicator.objects.bulk_create(agreed)


def _story(*, arrangement: FundingArrangement, start: dt.date, coordinator: User) -> None:
    """One story in the first half year, with the recorded story consent of a Meppel participant."""
    municipalities = list(arrangement.municipalities.all())
    person = (
        Participant.objects.filter(municipality__in=municipalities, visits__date__gte=start)
        .order_by("pseudonym").distinct().first()
    )
    if person is None:
        return
    told_on = start + dt.timedelta(days=105)  # mid-April
    consent = consent_record(
        participant=person, purpose=ConsentPurpose.STORY, text_version="verhaal-2026",
        recorded_by=coordinator, given_on=told_on - dt.timedelta(days=7),
    )
    story_create(
        arrangement=arrangement, title=STORY_TITLE, text=STORY_TEXT, told_on=told_on, consent=consent,
        written_by=coordinator,
    )


def stories_reset() -> None:
    """Before the demo replaces every participant: their stories go first (a story protects the
    consent it rests on)."""
    Story.objects.all().delete()


def _planner_statistics_refresh() -> None:
    """The demo is loaded in one transaction, whose rows autovacuum cannot see yet: PostgreSQL would
    plan the report's queries for empty tables (nested loops over thousands of visits, minutes per
    report). ANALYZE, run inside the transaction, samples its own new rows too."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _publish_demo_report(
    *, arrangement: FundingArrangement, label: str, start: dt.date, end: dt.date, coordinator: User
) -> Report:
    """Render the report now (what the Celery worker does), approve it through the service and
    publish it. Demo only: published without e-mailing the fictional officers."""
    report = Report.objects.create(
        arrangement=arrangement, period_label=label, period_start=start, period_end=end,
        requested_by=coordinator,
    )
    report_render_run(report_id=report.pk)
    report.refresh_from_db()
    if report.status != ReportStatus.CONCEPT:
        raise RuntimeError(f"The demo report {report} was not made: {report.failure_reason}")
    report_approve(report=report, user=coordinator)
    Report.objects.filter(pk=report.pk, status=ReportStatus.APPROVED).update(
        status=ReportStatus.PUBLISHED, published_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def seed_arrangements_demo(
    *, today: dt.date, coordinator: User, garden: Location | None, with_report: bool = True
) -> list[Report]:
    """An arrangement per demo gemeente with agreed indicators and planned values, one fund with a
    custom period for the garden, a story with story consent, and the published H1 report of every
    gemeente (rendered, with its PDF) unless ``with_report`` is off."""
    year = today.year if today.month >= 7 else today.year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    question_ids = list(
        Question.objects.filter(questionnaire__name=QUESTIONNAIRE).order_by("order", "pk")
        .values_list("pk", flat=True)[:2]
    )
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
        _indicators(arrangement, places=places, question_ids=question_ids)
        arrangements.append(arrangement)
    fund, _ = Funder.objects.update_or_create(
        name=FUND_NAME, defaults={"kind": FunderKind.FUND, "cbs_code": ""}
    )
    garden_project, _ = FundingArrangement.objects.update_or_create(
        funder=fund,
        name=GARDEN_PROJECT,
        defaults={
            "starts_on": dt.date(year, 3, 1), "ends_on": dt.date(year + 1, 2, 28), "funded_places": 8,
            "budget": Decimal("24000.00"), "cadence": Cadence.CUSTOM,
        },
    )
    if garden is not None:
        garden_project.locations.set([garden])
    garden_project.periods.all().delete()
    ArrangementPeriod.objects.create(
        arrangement=garden_project, label=f"Projectjaar {year}–{year + 1}",
        starts_on=garden_project.starts_on, ends_on=garden_project.ends_on,
    )
    garden_project.indicators.all().delete()
    Indicator.objects.bulk_create([
        Indicator(arrangement=garden_project, key=IndicatorKey.UNIQUE_PARTICIPANTS, planned_value=16,
                  text="Deelnemers in de tuin", order=0),
        Indicator(arrangement=garden_project, key=IndicatorKey.VOLUNTEERS_ACTIVE, planned_value=3,
                  text="Deelnemers die ook vrijwilliger zijn", order=1),
    ])

    everything = [*arrangements, garden_project]
    Report.objects.filter(arrangement__in=everything).delete()
    Story.objects.filter(arrangement__in=everything).delete()
    if arrangements:
        _story(arrangement=arrangements[0], start=start, coordinator=coordinator)
    published: list[Report] = []
    if with_report:
        _planner_statistics_refresh()
        for arrangement in arrangements:
            published.append(_publish_demo_report(
                arrangement=arrangement, label=f"H1 {year}", start=start, end=dt.date(year, 6, 30),
                coordinator=coordinator,
            ))
    return published
