"""The access log is append-only in the database, survives a rolled-back request transaction, and is
purged after the retention period by a Celery beat job (migration 0009, services/access_log.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from participants.constants import AccessAction
from participants.db_router import ACCESS_LOG_DB
from participants.models import AccessLogEntry, Participant
from participants.services import AccessContext, access_log_purge, access_log_record
from participants.tasks import access_log_purge_expired
from tests.factories import ParticipantFactory
from tests.migration_data import restore_migration_data
from tests.personas import World

TABLE = AccessLogEntry._meta.db_table
DEFAULT_DAYS = settings.ACCESS_LOG_RETENTION_DAYS
RETENTION = dt.timedelta(days=DEFAULT_DAYS)


def write(world: World, pseudonym: Any = None, action: AccessAction = AccessAction.READ) -> AccessLogEntry:
    context = AccessContext(user=world.users["coach"], client_ip="192.0.2.7", view_name="participants:detail")
    return access_log_record(context=context, action=action, participant_pseudonym=pseudonym)


def written_at(world: World, moment: dt.datetime) -> AccessLogEntry:
    """A row written at ``moment`` (the clock of this process travels there; ``at`` is set by it)."""
    with time_machine.travel(moment, tick=True):
        row = write(world)
    assert abs(row.at - moment) < dt.timedelta(minutes=1)
    return row


def log_cursor() -> Any:
    return connections[ACCESS_LOG_DB].cursor()


@pytest.fixture
def _policy_restored() -> Iterator[None]:
    """access_log_policy is not a Django table, so a flush keeps it: start from and put back the
    default period (also after an interrupted earlier run on a reused test database)."""

    def reset() -> None:
        with log_cursor() as cursor:
            cursor.execute("UPDATE access_log_policy SET retention_days = %s WHERE id = 1", [DEFAULT_DAYS])

    reset()
    yield
    reset()


def test_the_log_has_its_own_connection_to_the_same_database(world: World) -> None:
    row = write(world)
    assert row._state.db == ACCESS_LOG_DB
    assert connections[ACCESS_LOG_DB] is not connection
    assert connections[ACCESS_LOG_DB].settings_dict["NAME"] == connection.settings_dict["NAME"]
    assert connections[ACCESS_LOG_DB].settings_dict["NAME"].startswith("test_")


def test_a_row_cannot_be_changed(world: World) -> None:
    row = write(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using=ACCESS_LOG_DB):
        AccessLogEntry.objects.filter(pk=row.pk).update(action=AccessAction.LIST)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(using=ACCESS_LOG_DB),
        log_cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {TABLE} SET actor_username = 'iemand' WHERE id = %s", [row.pk])  # noqa: S608
    row.refresh_from_db()
    assert (row.action, row.actor_username) == (AccessAction.READ, "coach")


def test_an_old_row_cannot_be_changed_either(world: World) -> None:
    row = written_at(world, timezone.now() - RETENTION - dt.timedelta(days=30))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using=ACCESS_LOG_DB):
        AccessLogEntry.objects.filter(pk=row.pk).update(client_ip="198.51.100.1")


def test_a_row_younger_than_the_retention_period_cannot_be_deleted(world: World) -> None:
    young = written_at(world, timezone.now() - RETENTION + dt.timedelta(days=2))
    fresh = write(world)
    for row in (young, fresh):
        with (
            pytest.raises(DatabaseError, match="younger than the retention period"),
            transaction.atomic(using=ACCESS_LOG_DB),
        ):
            row.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using=ACCESS_LOG_DB):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.count() == 2


def test_a_row_older_than_the_retention_period_can_be_deleted(world: World) -> None:
    old = written_at(world, timezone.now() - RETENTION - dt.timedelta(days=2))
    old.delete()
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()


def test_truncate_stays_possible(world: World) -> None:
    write(world)
    written_at(world, timezone.now() - dt.timedelta(days=3))
    with log_cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AccessLogEntry.objects.count() == 0


@pytest.fixture
def _restore_after_flush(django_db_blocker: Any) -> Iterator[None]:
    """Asked for before transactional_db, so this runs after its flush: later tests need the rows
    the data migrations made (the special gemeenten)."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


def test_a_row_stays_when_the_transaction_that_wrote_it_rolls_back(
    _restore_after_flush: None, transactional_db: None, world: World
) -> None:
    """Real transactions (no test wrapper): the request's work on "default" is rolled back, the log
    row written in between is committed on the access-log connection and visible to any other."""

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        person = ParticipantFactory(first_name="Teuntje", municipality=world.municipality_a)
        pseudonym = person.pseudonym
        write(world, person.pseudonym, AccessAction.CREATE)
        raise Boom

    assert not Participant.objects.filter(pseudonym=pseudonym).exists()
    # Read back through the *default* connection: the row was committed, not just written.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT action, actor_username FROM {TABLE} WHERE participant_pseudonym = %s",  # noqa: S608
            [pseudonym],
        )
        assert cursor.fetchall() == [(AccessAction.CREATE, "coach")]


def test_the_purge_job_is_scheduled_daily() -> None:
    jobs = {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "participants.tasks.access_log_purge_expired" in jobs


@pytest.mark.celery
def test_the_purge_job_deletes_what_is_past_the_retention_period_and_nothing_else(
    _restore_after_flush: None,
    live_celery_worker: object,
    _policy_restored: None,
    world: World,
    settings: Any,
) -> None:
    now = timezone.now()
    old = [written_at(world, now - RETENTION - dt.timedelta(days=days)) for days in (2, 400)]
    young = written_at(world, now - RETENTION + dt.timedelta(days=2))
    fresh = write(world)

    assert access_log_purge_expired.delay().get(timeout=60) == len(old)
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) == {young.pk, fresh.pk}
    assert access_log_purge_expired.delay().get(timeout=60) == 0  # idempotent

    # The trigger still refuses the young rows the job left.
    with pytest.raises(DatabaseError, match="younger than the retention period"):
        young.delete()

    # A shorter period in the settings reaches the trigger through the job.
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    assert access_log_purge_expired.delay().get(timeout=60) == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_purge_refuses_a_period_below_one_day(world: World, settings: Any) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 0
    write(world)
    with pytest.raises(ValueError, match="at least 1"):
        access_log_purge()
    assert AccessLogEntry.objects.count() == 1
