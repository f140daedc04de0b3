"""Attendance services: check-in, undo, the paper list and the anonymous counter."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from participants.models import AnonymousVisitCount, Participant, Visit
from participants.services import (
    AlreadyCheckedIn,
    anonymous_count_adjust,
    visit_check_in,
    visit_date_validate,
    visit_undo,
    visits_record_bulk,
)
from participants.services.attendance import MAX_ANONYMOUS
from tests.factories import ActivityFactory, VisitFactory
from tests.intake.door import AMSTERDAM, TODAY, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")


def check_in(world: World, person: Participant, **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "participant": person,
        "location": world.location,
        "activity": world.activity,
        "date": TODAY,
        "dagdeel": "morning",
        "checked_in_by": world.users["coach"],
        **overrides,
    }
    return visit_check_in(**args)


def test_the_same_request_key_twice_makes_one_visit(world: World) -> None:
    person = regular(world)
    key = uuid.uuid4()
    first = check_in(world, person, request_key=key)
    retry = check_in(world, person, request_key=key)
    assert (first.created, retry.created) == (True, False)
    assert retry.visit.pk == first.visit.pk
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 1


def test_a_second_check_in_for_the_same_dagdeel_is_refused_in_dutch(world: World) -> None:
    person = regular(world)
    check_in(world, person, request_key=uuid.uuid4())
    with translation.override("nl"), pytest.raises(AlreadyCheckedIn) as refused:
        check_in(world, person, request_key=uuid.uuid4(), activity=None)
    assert refused.value.messages == ["Annechien B. is al aangemeld voor dit dagdeel."]
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 1


def test_the_same_person_may_come_in_the_morning_and_the_afternoon(world: World) -> None:
    person = regular(world)
    check_in(world, person, dagdeel="morning")
    check_in(world, person, dagdeel="afternoon")
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 2


def test_a_key_already_used_for_someone_else_still_checks_this_person_in(world: World) -> None:
    """A form page reused after going back must not silently 'find' another person's visit."""
    ann, zoe = regular(world), regular(world, first_name="Zoë", last_name="de Vries")
    key = uuid.uuid4()
    check_in(world, ann, request_key=key)
    result = check_in(world, zoe, request_key=key)
    assert result.created and result.visit.participant == zoe
    assert set(Visit.objects.filter(date=TODAY).values_list("participant", flat=True)) == {ann.pk, zoe.pk}


def test_a_visit_keeps_the_gemeente_and_indicatie_of_that_day(world: World) -> None:
    person = regular(world, indicatie_category="wmo")
    visit = check_in(world, person).visit
    person.municipality = world.municipality_b
    person.indicatie_category = "none"
    person.save()
    visit.refresh_from_db()
    assert visit.municipality == world.municipality_a
    assert visit.indicatie_category == "wmo"


def test_the_activity_chosen_is_stored(world: World) -> None:
    person = regular(world)
    cooking = ActivityFactory(name="Koken")
    visit = check_in(world, person, activity=cooking).visit
    visit.refresh_from_db()
    assert visit.activity == cooking
    assert visit.checked_in_by == world.users["coach"]


@pytest.mark.parametrize(
    ("days_back", "message"),
    [
        (-1, "Je kunt geen bezoek vastleggen op een dag in de toekomst."),
        (15, "Je kunt een bezoek tot 14 dagen terug vastleggen."),
        (100, "Je kunt een bezoek tot 14 dagen terug vastleggen."),
    ],
)
def test_a_future_day_or_more_than_14_days_back_is_refused(
    world: World, days_back: int, message: str
) -> None:
    person = regular(world)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        check_in(world, person, date=TODAY - dt.timedelta(days=days_back))
    assert refused.value.messages == [message]
    assert not Visit.objects.filter(participant=person, date__gte=TODAY - dt.timedelta(days=6)).exists()


@pytest.mark.parametrize("days_back", [0, 1, 14])
def test_today_and_up_to_14_days_back_are_allowed(world: World, days_back: int) -> None:
    person = regular(world, days_ago=30)
    assert check_in(world, person, date=TODAY - dt.timedelta(days=days_back)).created


def test_the_back_dating_window_follows_the_setting(world: World, settings: Any) -> None:
    settings.VISIT_BACKDATE_DAYS = 3
    visit_date_validate(date=TODAY - dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        visit_date_validate(date=TODAY - dt.timedelta(days=4))


def test_today_is_the_date_in_amsterdam_not_in_utc(world: World) -> None:
    person = regular(world)
    # 23:30 UTC on 20 November is already 00:30 on Saturday 21 November in Amsterdam.
    with time_machine.travel(dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)):
        saturday = dt.datetime(2026, 11, 21, tzinfo=AMSTERDAM).date()
        assert check_in(world, person, date=saturday, dagdeel="evening").created
        with pytest.raises(ValidationError):
            check_in(world, person, date=saturday + dt.timedelta(days=1))


def test_undo_deletes_the_visit(world: World) -> None:
    person = regular(world)
    visit = check_in(world, person).visit
    visit_undo(visit=visit)
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert Visit.objects.filter(participant=person).count() == 1  # the earlier visit stays


def test_undo_is_refused_outside_the_back_dating_window(world: World) -> None:
    person = regular(world, days_ago=20)
    old = Visit.objects.get(participant=person)
    with pytest.raises(ValidationError):
        visit_undo(visit=old)
    assert Visit.objects.filter(pk=old.pk).exists()


def test_the_paper_list_adds_the_ticked_and_skips_who_is_already_there(world: World) -> None:
    ann, zoe, piet = (
        regular(world),
        regular(world, first_name="Zoë", last_name="de Vries"),
        regular(world, first_name="Piet", last_name="Jansen"),
    )
    yesterday = TODAY - dt.timedelta(days=1)
    VisitFactory(participant=ann, location=world.location, date=yesterday, dagdeel="morning")
    added = visits_record_bulk(
        participants=[ann, zoe, piet],
        location=world.location,
        date=yesterday,
        dagdeel="morning",
        checked_in_by=world.users["volunteer"],
    )
    assert added == 2
    visits = Visit.objects.filter(date=yesterday, dagdeel="morning")
    assert sorted(v.participant.first_name for v in visits) == ["Annechien", "Piet", "Zoë"]
    zoe_visit = visits.get(participant=zoe)
    assert zoe_visit.activity == world.activity  # the usual activity
    assert zoe_visit.checked_in_by == world.users["volunteer"]
    assert zoe_visit.municipality == world.municipality_a


def test_the_paper_list_refuses_a_day_outside_the_window(world: World) -> None:
    person = regular(world)
    with pytest.raises(ValidationError):
        visits_record_bulk(
            participants=[person],
            location=world.location,
            date=TODAY - dt.timedelta(days=15),
            dagdeel="morning",
            checked_in_by=world.users["coach"],
        )


def test_the_anonymous_counter_goes_up_and_down_but_never_below_zero(world: World) -> None:
    coach = world.users["coach"]

    def adjust(delta: int) -> int:
        return anonymous_count_adjust(
            location=world.location, date=TODAY, dagdeel="morning", delta=delta, user=coach
        )

    assert adjust(-1) == 0
    assert [adjust(1), adjust(1), adjust(-1), adjust(-1), adjust(-1)] == [1, 2, 1, 0, 0]
    assert AnonymousVisitCount.objects.get().count == 0


def test_the_anonymous_counter_has_a_sane_maximum(world: World) -> None:
    coach = world.users["coach"]
    count = anonymous_count_adjust(
        location=world.location, date=TODAY, dagdeel="morning", delta=MAX_ANONYMOUS + 5, user=coach
    )
    assert count == MAX_ANONYMOUS


def test_anonymous_visitors_are_counted_per_dagdeel(world: World) -> None:
    coach = world.users["coach"]
    anonymous_count_adjust(location=world.location, date=TODAY, dagdeel="morning", delta=1, user=coach)
    anonymous_count_adjust(location=world.location, date=TODAY, dagdeel="afternoon", delta=1, user=coach)
    assert AnonymousVisitCount.objects.count() == 2
