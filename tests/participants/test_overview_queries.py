"""The overview lists and the start page use the same number of queries for 5 or 60 participants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.constants import ParticipantStatus
from tests.factories import UserFactory
from tests.participants.overview_data import NOW, goal, person
from tests.personas import World

LISTS = ("niet-gezien", "review", "nieuw", "zonder-doel", "per-begeleider")
MOST_QUERIES = 14
"""Session and user; the four choice lists of the filter form (and each chosen value checked once);
the counts; the list and its length; the access-log row."""


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def add_people(world: World, start: int, count: int) -> None:
    """A mix that puts people on every list, with their own coaches, goals and visits."""
    coaches = [world.users["coach"], world.users["coordinator"], UserFactory()]
    for n in range(start, start + count):
        kind = n % 5
        coach = coaches[n % 3] if n % 4 else None
        if kind == 0:
            person(world, f"Weg{n}", visits=[45, 52, 60], fixed_coach=coach)
        elif kind == 1:
            goal(person(world, f"Review{n}", visits=[1, 8], fixed_coach=coach), review_in=-n)
        elif kind == 2:
            person(world, f"Nieuw{n}", visits=[0], registered=NOW - dt.timedelta(days=1), fixed_coach=coach)
        elif kind == 3:
            person(
                world, f"Vaak{n}", visits=[1, 8, 15, 22], fixed_coach=coach, municipality=world.municipality_b
            )
        else:
            person(world, f"Uit{n}", visits=[80], status=ParticipantStatus.OUTFLOWED, fixed_coach=coach)


def queries(client: Client, url: str, params: dict[str, object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def filter_params(world: World) -> dict[str, object]:
    return {
        "weken": 4,
        "gemeente": world.municipality_b.pk,
        "locatie": world.location.pk,
        "activiteit": world.activity.pk,
        "begeleider": world.users["coach"].pk,
        "status": ParticipantStatus.ACTIVE,
    }


@pytest.mark.parametrize("filtered", [False, True], ids=["no filters", "every filter"])
@pytest.mark.parametrize("lijst", LISTS)
def test_each_list_uses_a_constant_number_of_queries(
    world: World, client_for: Callable[[str], Client], lijst: str, filtered: bool
) -> None:
    client = client_for("coordinator")
    url = reverse("participants:overview")
    params: dict[str, object] = {"lijst": lijst, **(filter_params(world) if filtered else {})}
    add_people(world, 0, 5)
    client.get(url, params)  # warm up: session and caches

    few = queries(client, url, params)
    add_people(world, 5, 55)
    many = queries(client, url, params)
    second_page = queries(client, url, {**params, "pagina": 2})

    assert few == many == second_page
    assert few <= MOST_QUERIES


def test_the_start_page_uses_a_constant_number_of_queries(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    url = reverse("participants:dashboard")
    add_people(world, 0, 5)
    client.get(url)

    few = queries(client, url, {})
    add_people(world, 5, 55)
    assert queries(client, url, {}) == few
