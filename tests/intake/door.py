"""Helpers shared by the door tests: a fixed Friday in Amsterdam, board URLs and regulars."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Location, Participant
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Friday morning in Amsterdam; every door test runs "now" unless it says otherwise.
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=AMSTERDAM)
TODAY = NOW.date()


def board_url(
    location: Location,
    name: str = "board",
    day: dt.date = TODAY,
    dagdeel: str = "morning",
) -> str:
    return reverse(f"intake:{name}", args=[location.pk, day.isoformat(), dagdeel])


def regular(
    world: World,
    first_name: str = "Annechien",
    last_name: str = "Bakker",
    *,
    location: Location | None = None,
    days_ago: int = 7,
    **kwargs: object,
) -> Participant:
    """A participant who visited ``location`` (the personas' location by default) a week ago, so
    the coach and the volunteer of that location may see them."""
    kwargs.setdefault("municipality", world.municipality_a)
    kwargs.setdefault("usual_activity", world.activity)
    person: Participant = ParticipantFactory(first_name=first_name, last_name=last_name, **kwargs)
    VisitFactory(
        participant=person,
        location=location or world.location,
        activity=world.activity,
        date=TODAY - dt.timedelta(days=days_ago),
    )
    return person


def check_in_data(person: Participant, **extra: object) -> dict[str, object]:
    return {"participant": person.pk, "activity": "", "request_key": str(uuid.uuid4()), **extra}


def htmx_search(client: Client, location: Location, query: str) -> str:
    response = client.get(board_url(location, "search"), {"q": query}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)
