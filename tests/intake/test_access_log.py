"""Access logging at the door: one row per board or search request, one per person touched, no free text."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction
from participants.models import AccessLogEntry, Participant
from tests.factories import VisitFactory
from tests.intake.door import TODAY, board_url, check_in_data, htmx_search, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")


def rows() -> list[tuple[str, object]]:
    return list(AccessLogEntry.objects.order_by("at", "id").values_list("action", "participant_pseudonym"))


def test_the_board_writes_one_list_row_per_request_naming_who_and_where(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    VisitFactory(participant=person, location=world.location, date=TODAY)
    client = client_for("volunteer")
    client.get(board_url(world.location))
    client.get(board_url(world.location))
    assert rows() == [(AccessAction.LIST, None), (AccessAction.LIST, None)]
    entry = AccessLogEntry.objects.first()
    assert entry is not None
    assert (entry.actor_username, entry.actor_role, entry.view_name, entry.client_ip) == (
        "volunteer", "volunteer", "intake:board", "127.0.0.1",
    )
    assert entry.actor_id == world.users["volunteer"].pk


def test_each_search_request_writes_one_row_without_the_term(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker")
    client = client_for("coach")
    for typed in ("An", "Ann", "Anne", "Annec"):
        htmx_search(client, world.location, typed)
    assert rows() == [(AccessAction.SEARCH, None)] * 4
    for row in AccessLogEntry.objects.values():
        assert not any("An" in str(value) for key, value in row.items() if key != "actor_username")


def test_a_check_in_writes_one_create_row_for_that_person_and_a_retry_none(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    data = check_in_data(person)
    client.post(board_url(world.location, "check_in"), data)
    client.post(board_url(world.location, "check_in"), data)
    client.post(board_url(world.location, "check_in"), check_in_data(person))  # refused: already here
    assert rows() == [(AccessAction.CREATE, person.pseudonym)]


def test_undo_writes_one_delete_row(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    visit = VisitFactory(participant=person, location=world.location, date=TODAY)
    client_for("coach").post(reverse("intake:undo", args=[visit.pk]))
    assert rows() == [(AccessAction.DELETE, person.pseudonym)]


def test_the_paper_list_writes_one_list_row_and_a_create_row_per_person_added(
    world: World, client_for: Callable[[str], Client]
) -> None:
    ann, zoe = regular(world), regular(world, first_name="Zoë", last_name="de Vries")
    yesterday = TODAY - dt.timedelta(days=1)
    client = client_for("coach")
    client.get(board_url(world.location, "paper_list", day=yesterday))
    assert rows() == [(AccessAction.LIST, None)]
    client.post(board_url(world.location, "paper_list", day=yesterday), {"present": [ann.pk, zoe.pk]})
    assert sorted(rows()[1:], key=str) == sorted(
        [(AccessAction.CREATE, ann.pseudonym), (AccessAction.CREATE, zoe.pseudonym)], key=str
    )


def test_a_newcomer_writes_a_search_row_for_the_duplicate_check_and_one_create_row(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client_for("coach").post(board_url(world.location, "newcomer"), {
        "first_name": "Sjoerd", "municipality": world.municipality_a.pk, "indicatie_category": "none",
        "consent": "on", "request_key": str(uuid.uuid4()),
    })
    sjoerd = Participant.objects.get(first_name="Sjoerd")
    assert rows() == [(AccessAction.SEARCH, None), (AccessAction.CREATE, sjoerd.pseudonym)]


def test_the_anonymous_counter_and_the_today_page_touch_no_participant(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coach")
    client.post(board_url(world.location, "anonymous"), {"delta": "1"})
    client.get(reverse("intake:today"))
    assert not AccessLogEntry.objects.filter(participant_pseudonym__isnull=False).exists()


def test_refused_requests_leave_no_rows_behind(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    client_for("officer_a").get(board_url(world.location))
    client_for("volunteer").get(reverse("intake:kennismaking", args=[person.pk]))
    client_for("no_role").get(board_url(world.location, "search"), {"q": "Annechien"})
    assert not AccessLogEntry.objects.exclude(action=AccessAction.DENIED).exists()
