"""The report figures against the hand-computed expectations of tests/reporting/figures_data.py."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participants.constants import Dagdeel, IndicatieCategory, Ladder, OutflowDestination
from participants.models import LocationClosure, LocationOpening, Participant
from participants.services import visit_check_in
from reporting.models import FundingArrangement
from reporting.selectors import (
    occupancy_figures,
    outflow_figures,
    progress_figures,
    question_figures,
    reach_figures,
    referral_figures,
    report_periods,
    report_scope,
    stories_for_report,
    visits_in_scope,
    volunteers_active,
)
from reporting.selectors.figures import age_band_expression
from tests.factories import (
    ActivityFactory,
    FunderFactory,
    LocationFactory,
    MunicipalityFactory,
    ParticipantFactory,
    UserFactory,
    VisitFactory,
)
from tests.reporting.figures_data import H1_END, H1_START, FiguresData, build_figures_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> FiguresData:
    return build_figures_data()


def h1(arrangement: FundingArrangement):  # noqa: ANN201 - a Scope
    return report_scope(arrangement=arrangement, start=H1_START, end=H1_END)


def test_reach_counts_unique_and_new_participants_of_the_gemeente(data: FiguresData) -> None:
    reach = reach_figures(scope=h1(data.aadorp))
    assert reach.unique_participants == 5
    assert reach.new_participants == 4  # Barnaby first came in December 2025


def test_indicatie_category_is_the_one_on_the_latest_visit_in_the_period(data: FiguresData) -> None:
    reach = reach_figures(scope=h1(data.aadorp))
    assert reach.by_category == {
        IndicatieCategory.NONE: 3,
        IndicatieCategory.WMO: 1,
        IndicatieCategory.WLZ: 1,
    }


def test_age_bands_use_the_age_on_the_last_day_of_the_period(data: FiguresData) -> None:
    reach = reach_figures(scope=h1(data.aadorp))
    assert reach.by_age_band == {"<18": 1, "18-26": 2, "45-66": 1, "67+": 1}


def test_age_band_in_sql_agrees_with_participant_age_on(data: FiguresData) -> None:
    on = H1_END
    bands = dict(
        Participant.objects.annotate(band=age_band_expression(on=on)).values_list("first_name", "band")
    )
    for person in Participant.objects.all():
        age = person.age_on(on)
        expected = (
            "unknown"
            if age is None
            else "<18"
            if age < 18
            else "18-26"
            if age <= 26
            else "27-44"
            if age <= 44
            else "45-66"
            if age <= 66
            else "67+"
        )
        assert bands[person.first_name] == expected, person.first_name


def test_referral_route_and_anonymous_visits(data: FiguresData) -> None:
    reach = reach_figures(scope=h1(data.aadorp))
    assert reach.by_referral_source == {"wijkteam": 2, "self": 2, "gp": 1}
    assert reach.anonymous_visits == 4


def test_a_participant_who_moves_counts_by_residence_on_each_visit_date_and_never_twice(
    data: FiguresData,
) -> None:
    aadorp = occupancy_figures(scope=h1(data.aadorp)).total
    beekdal = occupancy_figures(scope=h1(data.beekdal)).total
    region = occupancy_figures(scope=h1(data.region)).total
    eglantine = data.people["eglantine"]
    assert visits_in_scope(scope=h1(data.aadorp)).filter(participant=eglantine).count() == 1
    assert visits_in_scope(scope=h1(data.beekdal)).filter(participant=eglantine).count() == 1
    assert (beekdal.unique_participants, beekdal.visits) == (2, 3)
    assert (aadorp.unique_participants, aadorp.visits) == (5, 9)
    assert (region.unique_participants, region.visits) == (6, 12)
    assert reach_figures(scope=h1(data.region)).unique_participants == 6


def test_occupancy_counts_opening_dagdelen_from_the_schedule_minus_closures(data: FiguresData) -> None:
    occupancy = occupancy_figures(scope=h1(data.aadorp))
    assert occupancy.total.opening_dagdelen == 127
    assert occupancy.total.visits == 9
    assert occupancy.total.visits_on_opening == 8
    assert occupancy.total.average == 0.1
    by_location = {
        row.label: (row.opening_dagdelen, row.visits, row.unique_participants)
        for row in occupancy.by_location
    }
    assert by_location == {"Werkplaats Noord": (102, 9, 5), "Atelier Zuid": (51, 0, 0)}


def test_occupancy_by_month(data: FiguresData) -> None:
    months = occupancy_figures(scope=h1(data.aadorp)).by_month
    assert [row.key for row in months] == [f"2026-{m:02d}-01" for m in range(1, 7)]
    assert [(r.opening_dagdelen, r.visits, r.unique_participants, r.visits_on_opening) for r in months] == [
        (20, 2, 1, 2),
        (20, 2, 2, 2),
        (22, 1, 1, 1),
        (23, 1, 1, 1),
        (20, 3, 1, 2),
        (22, 0, 0, 0),
    ]


def test_occupancy_by_activity(data: FiguresData) -> None:
    rows = occupancy_figures(scope=h1(data.aadorp)).by_activity
    assert [(r.label, r.visits, r.unique_participants) for r in rows] == [("Houtwerk", 7, 4), ("Koken", 2, 1)]


def test_three_visits_out_of_ten_opening_dagdelen_count_as_reached() -> None:
    gemeente = MunicipalityFactory(name="Driedorp", cbs_code="GM9931")
    arrangement = FundingArrangement.objects.create(
        funder=FunderFactory(name="Gemeente Driedorp", municipality=gemeente),
        name="Driedorp",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        funded_places=1,
    )
    arrangement.municipalities.set([gemeente])
    location = LocationFactory(name="De Ochtend", open_every_weekday=False)
    LocationOpening.objects.bulk_create(
        [LocationOpening(location=location, weekday=day, dagdeel=Dagdeel.MORNING) for day in range(5)]
    )
    person = ParticipantFactory(first_name="Ysolde", municipality=gemeente)
    for day in (2, 5, 12):  # three of the ten weekday mornings of 2–13 March 2026
        VisitFactory(participant=person, location=location, date=dt.date(2026, 3, day))
    scope = report_scope(arrangement=arrangement, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 13))

    occupancy = occupancy_figures(scope=scope)
    assert reach_figures(scope=scope).unique_participants == 1
    assert (occupancy.total.opening_dagdelen, occupancy.total.visits, occupancy.total.average) == (10, 3, 0.3)

    LocationClosure.objects.create(location=location, date=dt.date(2026, 3, 4))
    assert occupancy_figures(scope=scope).total.opening_dagdelen == 9


def test_progress_goals_and_ladders(data: FiguresData) -> None:
    progress = progress_figures(scope=h1(data.aadorp))
    assert (progress.goals_set, progress.goals_achieved) == (2, 2)
    participation = progress.ladders[Ladder.PARTICIPATION]
    assert (participation.up, participation.same, participation.down) == (1, 1, 1)
    talent = progress.ladders[Ladder.TALENT]
    assert (talent.up, talent.same, talent.down) == (1, 0, 0)


def test_measurement_question_first_and_latest_mean_of_people_who_answered_twice(data: FiguresData) -> None:
    figures = question_figures(scope=h1(data.aadorp), question=data.question)
    assert (figures.people, figures.first_mean, figures.latest_mean) == (3, 2.0, 4.0)


def test_outflow_referrals_and_volunteers(data: FiguresData) -> None:
    scope = h1(data.aadorp)
    assert outflow_figures(scope=scope) == {OutflowDestination.MOVED: 1, OutflowDestination.PAID_WORK: 1}
    assert referral_figures(scope=scope) == {
        "wijkteam": {"in": 1, "out": 0},
        "ggz": {"in": 0, "out": 1},
        "schuldhulp": {"in": 0, "out": 1},
    }
    assert volunteers_active(scope=scope) == 1


def test_stories_only_with_active_consent_for_this_arrangement_in_the_period(data: FiguresData) -> None:
    stories = stories_for_report(arrangement=data.aadorp, start=H1_START, end=H1_END)
    titles = list(stories.values_list("title", flat=True))
    assert titles == ["Weer onder de mensen", "Een eigen werkbank"]


def test_visits_in_scope_follow_the_arrangement_lists_of_locations_and_activities(data: FiguresData) -> None:
    data.aadorp.activities.set([data.koken])
    assert reach_figures(scope=h1(data.aadorp)).unique_participants == 1
    data.aadorp.activities.clear()
    data.aadorp.locations.set([data.zuid])
    scope = h1(data.aadorp)
    assert reach_figures(scope=scope).unique_participants == 0
    assert occupancy_figures(scope=scope).total.opening_dagdelen == 51
    assert reach_figures(scope=scope).anonymous_visits == 0


def test_a_fund_without_gemeenten_counts_every_resident(data: FiguresData) -> None:
    fund = FundingArrangement.objects.create(
        funder=data.funder_a,
        name="Fonds",
        starts_on=H1_START,
        ends_on=H1_END,
    )
    assert reach_figures(scope=h1(fund)).unique_participants == 6


def test_check_ins_around_midnight_count_in_the_half_year_of_their_local_date() -> None:
    gemeente = MunicipalityFactory(name="Nachtdorp", cbs_code="GM9932")
    arrangement = FundingArrangement.objects.create(
        funder=FunderFactory(name="Gemeente Nachtdorp", municipality=gemeente),
        name="Nachtdorp",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    arrangement.municipalities.set([gemeente])
    location, activity = LocationFactory(name="Nachtwerkplaats"), ActivityFactory(name="Nachtcafé")
    coach = UserFactory(username="nachtcoach")
    late = ParticipantFactory(first_name="Laat", municipality=gemeente)
    early = ParticipantFactory(first_name="Vroeg", municipality=gemeente)

    def check_in(person: Participant) -> dt.date:
        today = timezone.localdate()
        visit_check_in(
            participant=person,
            location=location,
            activity=activity,
            date=today,
            dagdeel=Dagdeel.EVENING,
            checked_in_by=coach,
        )
        return today

    with time_machine.travel(dt.datetime(2026, 6, 30, 21, 30, tzinfo=dt.UTC), tick=False):  # 23:30 local
        assert check_in(late) == dt.date(2026, 6, 30)
    with time_machine.travel(dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC), tick=False):  # 00:30 local
        assert check_in(early) == dt.date(2026, 7, 1)

    first_half, second_half = report_periods(arrangement=arrangement)
    in_h1 = visits_in_scope(
        scope=report_scope(arrangement=arrangement, start=first_half.start, end=first_half.end)
    )
    in_h2 = visits_in_scope(
        scope=report_scope(arrangement=arrangement, start=second_half.start, end=second_half.end)
    )
    assert list(in_h1.values_list("participant__first_name", flat=True)) == ["Laat"]
    assert list(in_h2.values_list("participant__first_name", flat=True)) == ["Vroeg"]


def test_half_yearly_periods_are_clipped_to_a_late_arrangement() -> None:
    gemeente = MunicipalityFactory(name="Laatdorp", cbs_code="GM9933")
    arrangement = FundingArrangement.objects.create(
        funder=FunderFactory(name="Gemeente Laatdorp", municipality=gemeente),
        name="Laatdorp",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2027, 2, 28),
    )
    periods = report_periods(arrangement=arrangement)
    assert [(p.label, p.start, p.end) for p in periods] == [
        ("H1 2026", dt.date(2026, 3, 1), dt.date(2026, 6, 30)),
        ("H2 2026", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("H1 2027", dt.date(2027, 1, 1), dt.date(2027, 2, 28)),
    ]


def test_custom_periods_come_from_the_arrangement() -> None:
    fund = FundingArrangement.objects.create(
        funder=FunderFactory(name="Fonds Eigen Kracht", kind="fund", municipality=None, cbs_code=""),
        name="Project Eigen Kracht",
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2027, 1, 31),
        cadence="custom",
    )
    fund.periods.create(
        label="Tweede projectdeel", starts_on=dt.date(2026, 8, 1), ends_on=dt.date(2027, 1, 31)
    )
    fund.periods.create(
        label="Eerste projectdeel", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 7, 31)
    )
    assert [p.label for p in report_periods(arrangement=fund)] == ["Eerste projectdeel", "Tweede projectdeel"]


def test_figures_are_aggregated_in_a_fixed_number_of_queries(data: FiguresData) -> None:
    """However many participants and visits, the number of queries stays the same."""
    scope = h1(data.aadorp)

    def queries() -> list[int]:
        counts = []
        for figures in (
            reach_figures,
            occupancy_figures,
            progress_figures,
            outflow_figures,
            referral_figures,
            volunteers_active,
        ):
            with CaptureQueriesContext(connection) as context:
                figures(scope=scope)
            counts.append(len(context))
        return counts

    before = queries()
    for index in range(30):
        person = ParticipantFactory(first_name=f"Extra{index}", municipality=data.municipality_a)
        for day in (3, 5, 10):
            VisitFactory(
                participant=person, location=data.noord, activity=data.houtwerk, date=dt.date(2026, 2, day)
            )
    assert queries() == before
    assert sum(before) <= 30
