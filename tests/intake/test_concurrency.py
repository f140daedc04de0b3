"""A double tap on flaky Wi-Fi: two requests with the same key at the same moment make one row."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from participants.models import Participant, Visit
from participants.services import (
    CheckInTarget,
    NewcomerDetails,
    participant_register,
    visit_check_in,
)
from tests.intake.door import TODAY, regular
from tests.migration_data import restore_migration_data
from tests.personas import World, build_world


@pytest.fixture
def _restore_after_flush(django_db_blocker: Any) -> Iterator[None]:
    """Set up before transactional_db, so this runs after its flush: later tests need the rows
    the data migrations made (the special gemeenten)."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.fixture
def committed_world(_restore_after_flush: None, transactional_db: None, friday: Any) -> World:
    return build_world()


def at_once(work: Callable[[], object], times: int = 4) -> list[object]:
    """Run ``work`` in ``times`` threads released together; returns results or exceptions."""
    barrier = threading.Barrier(times)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_same_check_in_at_the_same_moment_makes_one_visit(committed_world: World) -> None:
    world = committed_world
    person = regular(world)
    key = uuid.uuid4()
    results = at_once(lambda: visit_check_in(
        participant=person, location=world.location, activity=None, date=TODAY, dagdeel="morning",
        checked_in_by=world.users["coach"], request_key=key,
    ))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == 1  # type: ignore[attr-defined]
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 1


def test_the_same_registration_at_the_same_moment_makes_one_person(committed_world: World) -> None:
    world = committed_world
    key = uuid.uuid4()
    results = at_once(lambda: participant_register(
        details=NewcomerDetails(municipality=world.municipality_a, first_name="Sjoerd"),
        registered_by=world.users["coach"],
        check_in=CheckInTarget(location=world.location, date=TODAY, dagdeel="morning"),
        request_key=key,
    ))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == 1  # type: ignore[attr-defined]
    assert Participant.objects.filter(first_name="Sjoerd").count() == 1
    assert Visit.objects.filter(participant__first_name="Sjoerd").count() == 1
