"""Shared set-up for the coordinator's overview tests: a frozen Tuesday in Amsterdam and quick
ways to make people with a history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from participants.constants import GoalStatus
from participants.models import Goal, LifeDomain, Location, Participant
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 3, 10, 10, 30, tzinfo=AMSTERDAM)  # a Tuesday morning
TODAY = NOW.date()
LONG_AGO = NOW - dt.timedelta(days=400)


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def person(
    world: World,
    first_name: str,
    *,
    visits: Iterable[int] = (),
    registered: dt.datetime = LONG_AGO,
    location: Location | None = None,
    **kwargs: object,
) -> Participant:
    """A participant of gemeente A (unless told otherwise) who came `visits` days ago."""
    fields: dict[str, object] = {"last_name": "Visser", "municipality": world.municipality_a, **kwargs}
    participant: Participant = ParticipantFactory(first_name=first_name, **fields)
    for days in visits:
        VisitFactory(
            participant=participant,
            location=location or world.location,
            activity=world.activity,
            date=days_ago(days),
        )
    # registered_at is stamped "now" on creation; put it where the story needs it.
    Participant.objects.filter(pk=participant.pk).update(registered_at=registered)
    participant.refresh_from_db()
    return participant


def goal(
    participant: Participant,
    *,
    review_in: int | None = None,
    status: str = GoalStatus.ACTIVE,
    description: str = "Een klein baantje vinden",
) -> Goal:
    """A goal set a month ago; `review_in` days from today (negative: in the past)."""
    return Goal.objects.create(
        participant=participant,
        life_domain=LifeDomain.objects.order_by("order").first(),
        description=description,
        status=status,
        started_on=days_ago(30),
        review_on=TODAY + dt.timedelta(days=review_in) if review_in is not None else None,
    )


ROW_NAME = re.compile(r'<th scope="row"><a href="[^"]+">([^<]+)</a>')


def names_on(client: Client, **params: object) -> list[str]:
    """The names in the opened list, in the order shown."""
    response = client.get(reverse("participants:overview"), params)
    assert response.status_code == 200
    return ROW_NAME.findall(response.content.decode())
