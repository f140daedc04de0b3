"""The door's pages use as many queries for 3 people as for 40 (no N+1)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Participant, Tag
from tests.factories import ActivityFactory, ConversationFactory, UserFactory, VisitFactory
from tests.intake.door import TODAY, board_url, count_queries, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")

YESTERDAY = TODAY - dt.timedelta(days=1)


def add_people(world: World, n: int, start: int) -> list[Participant]:
    """``n`` regulars named Annechien, each checked in today (by different staff, for different
    activities) and a regular of the location for the paper list of yesterday."""
    people = []
    for i in range(start, start + n):
        person = regular(world, first_name="Annechien", last_name=f"Achternaam{i}", birth_year=1970 + i)
        VisitFactory(
            participant=person,
            location=world.location,
            date=TODAY,
            activity=ActivityFactory(name=f"Activiteit {i}"),
            checked_in_by=UserFactory(username=f"staff{i}"),
        )
        if i % 2:
            VisitFactory(participant=person, location=world.location, date=YESTERDAY)
        people.append(person)
    return people


PAGES: dict[str, tuple[Callable[[World], str], dict[str, str]]] = {
    "board": (lambda world: board_url(world.location), {}),
    "search (htmx)": (lambda world: board_url(world.location, "search") + "?q=Annechien",
                      {"HTTP_HX_REQUEST": "true"}),
    "search (page)": (lambda world: board_url(world.location, "search") + "?q=Annechien", {}),
    "paper list": (lambda world: board_url(world.location, "paper_list", day=YESTERDAY), {}),
    "today": (lambda world: reverse("intake:today"), {}),
}


@pytest.mark.parametrize("persona", ["coach", "volunteer", "coordinator"])
@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_uses_the_same_number_of_queries_for_3_and_for_40_people(
    world: World,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Any,
    persona: str,
    page: str,
) -> None:
    make_url, headers = PAGES[page]
    url = make_url(world)
    client = client_for(persona)
    add_people(world, 3, start=0)
    client.get(url, **headers)  # warm up: session, caches
    few = count_queries(client, url, **headers)
    add_people(world, 37, start=3)
    with django_assert_num_queries(few):
        response = client.get(url, **headers)
    assert response.status_code == 200
    if page == "board":
        assert "40 mensen aanwezig" in response.content.decode()


def test_the_newcomer_page_with_duplicates_uses_the_same_number_of_queries(
    world: World, client_for: Callable[[str], Client], django_assert_num_queries: Any
) -> None:
    client = client_for("coach")
    url = board_url(world.location, "newcomer")

    def post() -> int:
        data = {"first_name": "Annechien", "municipality": world.municipality_a.pk,
                "indicatie_category": "none", "consent": "on", "request_key": str(uuid.uuid4())}
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data)
        assert "Kennen we deze persoon al?" in response.content.decode()
        return len(captured)

    add_people(world, 2, start=0)
    post()
    few = post()
    add_people(world, 10, start=2)
    assert post() == few


def test_the_kennismaking_page_uses_the_same_number_of_queries_for_1_and_for_12_conversations(
    world: World, client_for: Callable[[str], Client], django_assert_num_queries: Any
) -> None:
    person = regular(world)
    client = client_for("coach")
    url = reverse("intake:kennismaking", args=[person.pk])

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            talent = Tag.objects.create(name=f"talent {i}", kind="talent")
            interest = Tag.objects.create(name=f"interesse {i}", kind="interest")
            ConversationFactory(participant=person, held_on=TODAY, talents=[talent], interests=[interest],
                                recorded_by=UserFactory(username=f"coach{i}"))

    add(1, 0)
    client.get(url)
    few = count_queries(client, url)
    add(11, 1)
    with django_assert_num_queries(few):
        client.get(url)
