"""Who is on which list of the coordinator's overview (issue 4, item 13), on a frozen Amsterdam day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from participants.constants import ErasureReason, GoalStatus, ParticipantStatus
from participants.selectors.overview import (
    PEOPLE_LISTS,
    OverviewFilters,
    caseload_per_coach,
    overview_counts,
    overview_people,
)
from participants.services.privacy import participant_anonymise
from tests.factories import LocationFactory, UserFactory
from tests.participants.overview_data import NOW, TODAY, goal, names_on, person
from tests.personas import World


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def coordinator(client_for: Callable[[str], Client]) -> Client:
    return client_for("coordinator")


# --- niet gezien ----------------------------------------------------------------------------


def test_not_seen_lists_who_has_not_come_for_six_weeks_or_longer_by_default(
    world: World, coordinator: Client
) -> None:
    person(world, "Anna", visits=[42, 50])
    person(world, "Bert", visits=[41, 90])
    person(world, "Carla", visits=[100])
    person(world, "Fenna", visits=[1, 100])

    assert set(names_on(coordinator, lijst="niet-gezien")) == {"Anna V.", "Carla V."}


def test_the_list_opens_on_not_seen_and_shows_the_most_recently_absent_first(
    world: World, coordinator: Client
) -> None:
    person(world, "Carla", visits=[100])
    person(world, "Anna", visits=[43])
    person(world, "Bram", visits=[60])

    assert names_on(coordinator) == ["Anna V.", "Bram V.", "Carla V."]


def test_outflowed_participants_are_never_on_not_seen(world: World, coordinator: Client) -> None:
    person(world, "Otto", visits=[70], status=ParticipantStatus.OUTFLOWED)
    wendy = person(world, "Wendy", visits=[70], status=ParticipantStatus.ACTIVE)

    assert names_on(coordinator, lijst="niet-gezien") == ["Wendy V."]
    wendy.refresh_from_db()
    assert wendy.status == ParticipantStatus.ACTIVE  # absence never changes anyone's status


def test_an_anonymised_record_is_on_no_list(world: World, coordinator: Client) -> None:
    person(world, "Wendy", visits=[70])
    gone = person(world, "Gijs", visits=[70])
    participant_anonymise(participant=gone, reason=ErasureReason.NOT_NEEDED, by=world.users["coordinator"])

    assert names_on(coordinator, lijst="niet-gezien") == ["Wendy V."]


def test_someone_registered_long_ago_who_never_came_is_not_seen_too(
    world: World, coordinator: Client
) -> None:
    person(world, "Eva", registered=NOW - dt.timedelta(days=50))
    person(world, "Evert", registered=NOW - dt.timedelta(days=10))

    html = coordinator.get(reverse("participants:overview"), {"lijst": "niet-gezien"}).content.decode()
    assert names_on(coordinator, lijst="niet-gezien") == ["Eva V."]
    assert "Nog niet gekomen (ingeschreven op 19 januari 2026)" in html


def test_not_seen_shows_the_last_visit_and_the_weeks_in_neutral_words(
    world: World, coordinator: Client
) -> None:
    person(world, "Anna", visits=[49, 80])

    html = coordinator.get(reverse("participants:overview"), {"lijst": "niet-gezien"}).content.decode()
    assert "Laatste bezoek" in html
    assert "20 januari 2026" in html
    assert "7 weken niet gezien" in html
    assert "Deelnemers die 6 weken of langer niet zijn gekomen." in html


def test_the_weeks_come_from_the_setting_and_can_be_chosen_on_the_page(
    world: World, coordinator: Client, settings: object
) -> None:
    person(world, "Anna", visits=[22])
    person(world, "Bram", visits=[50])
    person(world, "Carla", visits=[64])

    settings.NOT_SEEN_WEEKS = 3  # type: ignore[attr-defined]
    assert set(names_on(coordinator, lijst="niet-gezien")) == {"Anna V.", "Bram V.", "Carla V."}

    assert names_on(coordinator, lijst="niet-gezien", weken=8) == ["Carla V."]
    html = coordinator.get(reverse("participants:overview"), {"lijst": "niet-gezien", "weken": 8}).content
    assert b'name="weken" value="8"' in html


# --- review nodig ---------------------------------------------------------------------------


def test_review_lists_active_goals_whose_review_date_is_today_or_past(
    world: World, coordinator: Client
) -> None:
    goal(person(world, "Vandaag", visits=[3]), review_in=0)
    goal(person(world, "Gisteren", visits=[3]), review_in=-1)
    goal(person(world, "Morgen", visits=[3]), review_in=1)
    goal(person(world, "Bereikt", visits=[3]), review_in=-10, status=GoalStatus.ACHIEVED)
    goal(person(world, "Gestopt", visits=[3]), review_in=-10, status=GoalStatus.STOPPED)
    goal(person(world, "Zonderdatum", visits=[3]))

    # The longest overdue first.
    assert names_on(coordinator, lijst="review") == ["Gisteren V.", "Vandaag V."]


def test_a_review_row_shows_the_first_due_goal_with_a_link_to_it(world: World, coordinator: Client) -> None:
    anna = person(world, "Anna", visits=[3])
    goal(anna, review_in=-2, description="Weer contact met mijn broer")
    first = goal(anna, review_in=-9, description="Een opleiding tot fietsenmaker")

    html = coordinator.get(reverse("participants:overview"), {"lijst": "review"}).content.decode()
    assert names_on(coordinator, lijst="review") == ["Anna V."]  # once, however many goals are due
    assert "1 maart 2026" in html
    goal_url = reverse("participants:goal_detail", args=[anna.pk, first.pk])
    assert f'<a href="{goal_url}">Een opleiding tot fietsenmaker</a>' in html


# --- nieuw deze maand -----------------------------------------------------------------------


def test_new_this_month_counts_by_the_amsterdam_date(world: World, coordinator: Client) -> None:
    # 1 March 00:30 in Amsterdam is still 28 February in UTC.
    person(world, "Maart", registered=dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC))
    person(world, "Februari", registered=dt.datetime(2026, 2, 28, 22, 30, tzinfo=dt.UTC))
    person(world, "Vanochtend", registered=NOW - dt.timedelta(hours=1), visits=[0])
    person(world, "Vorigjaar", registered=NOW - dt.timedelta(days=365))

    assert names_on(coordinator, lijst="nieuw") == ["Vanochtend V.", "Maart V."]
    html = coordinator.get(reverse("participants:overview"), {"lijst": "nieuw"}).content.decode()
    assert "Ingeschreven in maart 2026." in html


# --- zonder doel na 3 bezoeken --------------------------------------------------------------


def test_without_a_goal_lists_who_came_three_times_or_more_and_has_no_goal_at_all(
    world: World, coordinator: Client
) -> None:
    person(world, "Drie", visits=[1, 8, 15])
    person(world, "Vijf", visits=[1, 8, 15, 22, 29])
    person(world, "Twee", visits=[1, 8])
    goal(person(world, "Gestopt", visits=[1, 8, 15, 22]), status=GoalStatus.STOPPED)
    goal(person(world, "Actief", visits=[1, 8, 15]))
    person(world, "Weg", visits=[50, 57, 64], status=ParticipantStatus.OUTFLOWED)

    # Who came most often first.
    assert names_on(coordinator, lijst="zonder-doel") == ["Vijf V.", "Drie V."]
    html = coordinator.get(reverse("participants:overview"), {"lijst": "zonder-doel"}).content.decode()
    assert "Een doel hoeft nooit" in html


# --- caseload per begeleider ----------------------------------------------------------------


def test_caseload_counts_participants_per_vaste_begeleider_and_those_without(
    world: World, coordinator: Client
) -> None:
    coach = world.users["coach"]
    coach.first_name, coach.last_name = "Joris", "Timmer"
    coach.save()
    other = UserFactory(first_name="Sanne", last_name="Akkerboom")
    person(world, "Anna", visits=[1], fixed_coach=coach)
    person(world, "Bram", visits=[60], fixed_coach=coach)
    goal(person(world, "Carla", visits=[1], fixed_coach=coach), review_in=-3)
    person(world, "Otto", visits=[60], fixed_coach=coach, status=ParticipantStatus.OUTFLOWED)
    person(world, "Dirk", visits=[1], fixed_coach=other)
    person(world, "Eva", visits=[1])
    person(world, "Fenna", visits=[70])

    rows = caseload_per_coach(filters=OverviewFilters(), today=TODAY, not_seen_weeks=6)
    assert [(r.coach_name, r.participants, r.not_seen, r.review_due) for r in rows] == [
        ("Joris Timmer", 3, 1, 1),
        ("Sanne Akkerboom", 1, 0, 0),
        ("", 2, 1, 0),
    ]
    outflowed = caseload_per_coach(
        filters=OverviewFilters(status=ParticipantStatus.OUTFLOWED), today=TODAY, not_seen_weeks=6
    )
    assert [(r.coach_name, r.participants) for r in outflowed] == [("Joris Timmer", 1)]

    response = coordinator.get(reverse("participants:overview"), {"lijst": "per-begeleider"})
    html = response.content.decode()
    assert "Caseload per begeleider" in html
    assert "Zonder vaste begeleider" in html
    assert "2 zonder begeleider" in html  # the count on the tab
    # The numbers lead to that coach's part of the list.
    assert f"?lijst=niet-gezien&amp;begeleider={coach.pk}" in html


# --- counts and lists agree -----------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        OverviewFilters(),
        OverviewFilters(status=ParticipantStatus.ACTIVE),
        OverviewFilters(status=ParticipantStatus.OUTFLOWED),
        "location",
        "municipality_b",
    ],
    ids=["no filter", "active", "outflowed", "location", "gemeente"],
)
def test_the_counts_on_the_tabs_match_the_lists(world: World, filters: OverviewFilters | str) -> None:
    elsewhere = LocationFactory(name="De Tuin")
    coach = world.users["coach"]
    for n in range(3):
        person(world, f"A{n}", visits=[45 + n, 52, 59], fixed_coach=coach)
        person(world, f"B{n}", visits=[1, 8], registered=NOW - dt.timedelta(days=5))
        goal(person(world, f"C{n}", visits=[2, 9, 16], municipality=world.municipality_b), review_in=-n)
        person(world, f"D{n}", visits=[2, 9, 16, 23], location=elsewhere)
        person(world, f"E{n}", visits=[80, 87, 94], status=ParticipantStatus.OUTFLOWED)
        person(world, f"F{n}", registered=NOW - dt.timedelta(days=60))
    if filters == "location":
        filters = OverviewFilters(location_id=elsewhere.pk)
    elif filters == "municipality_b":
        filters = OverviewFilters(municipality_id=world.municipality_b.pk)
    assert isinstance(filters, OverviewFilters)

    counts = overview_counts(filters=filters, today=TODAY, not_seen_weeks=6)
    for name in PEOPLE_LISTS:
        members = overview_people(name=name, filters=filters, today=TODAY, not_seen_weeks=6)
        assert counts.for_list(name) == members.count() == len(list(members)), name
    rows = caseload_per_coach(filters=filters, today=TODAY, not_seen_weeks=6)
    assert counts.without_coach == sum(r.participants for r in rows if r.coach_id is None)


def test_the_unfiltered_counts_of_a_small_group(world: World) -> None:
    person(world, "Anna", visits=[45, 52, 59])
    person(world, "Bram", visits=[1, 8], registered=NOW - dt.timedelta(days=5))
    goal(person(world, "Carla", visits=[2, 9, 16]), review_in=0)
    person(world, "Dirk", visits=[2, 9, 16, 23], fixed_coach=world.users["coach"])

    counts = overview_counts(filters=OverviewFilters(), today=TODAY, not_seen_weeks=6)
    assert (counts.not_seen, counts.review, counts.new, counts.no_goal, counts.without_coach) == (
        1,
        1,
        1,
        2,
        3,
    )
