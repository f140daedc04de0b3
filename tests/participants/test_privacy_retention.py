"""Retention: someone not seen (no visit, no nazorg contact) for longer than RETENTION_MONTHS is
anonymised by the daily beat job, unless on legal hold; coordinators see who goes in the next 30
days and can act first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction, ErasureReason
from participants.models import AccessLogEntry, ErasureRecord, NazorgContact, Participant
from participants.selectors.retention import erase_on, months_before
from participants.services.privacy import legal_hold_set
from participants.tasks import retention_anonymise_due
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

# 30 November 2026, 10:00 in Amsterdam.
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 30)


def person(world: World, name: str, *, last_visit: dt.date | None, registered: dt.date) -> Participant:
    someone: Participant = ParticipantFactory(first_name=name, municipality=world.municipality_a)
    Participant.objects.filter(pk=someone.pk).update(
        registered_at=dt.datetime.combine(registered, dt.time(12), tzinfo=dt.UTC)
    )
    if last_visit is not None:
        VisitFactory(participant=someone, location=world.location, activity=world.activity, date=last_visit)
    return someone


def population(world: World) -> dict[str, Participant]:
    old = dt.date(2023, 1, 10)
    people = {
        # Last seen 24 months and one day ago: past the period.
        "gone": person(world, "Verlopen", last_visit=dt.date(2024, 11, 29), registered=old),
        # Registered long ago and never came.
        "never_came": person(world, "Nooitgekomen", last_visit=None, registered=dt.date(2024, 11, 1)),
        # Last seen exactly 24 months ago: goes tomorrow, not today.
        "tomorrow": person(world, "Morgen", last_visit=dt.date(2024, 11, 30), registered=old),
        # Goes in 16 days: in the preview.
        "soon": person(world, "Binnenkort", last_visit=dt.date(2024, 12, 15), registered=old),
        # Seen 23 months ago: goes in 31 days, outside the preview.
        "recent": person(world, "Recent", last_visit=dt.date(2024, 12, 30), registered=old),
        # Long gone, but on legal hold.
        "held": person(world, "Vastgehouden", last_visit=old, registered=old),
        # Long no visit, but a nazorg contact 20 months ago.
        "contacted": person(world, "Gebeld", last_visit=old, registered=old),
    }
    legal_hold_set(participant=people["held"], reason="Klacht in behandeling", on=dt.date(2026, 1, 5))
    NazorgContact.objects.create(
        participant=people["contacted"], contact_on=dt.date(2025, 3, 30), channel="phone"
    )
    return people


def test_month_arithmetic() -> None:
    assert months_before(dt.date(2026, 11, 30), 24) == dt.date(2024, 11, 30)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
    assert erase_on(dt.date(2024, 11, 29), 24) == dt.date(2026, 11, 30)
    assert erase_on(dt.date(2024, 2, 29), 24) == dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_the_preview_lists_exactly_who_goes_in_the_next_30_days(
    world: World, client_for: Callable[[str], Client]
) -> None:
    with time_machine.travel(NOW, tick=True):
        people = population(world)
        response = client_for("coordinator").get(reverse("participants:retention"))
        assert response.status_code == 200
        html = response.content.decode()
        listed = {int(pk) for pk in re.findall(r'data-participant="(\d+)"', html)}
        expected = {"gone", "never_came", "tomorrow", "soon"}
        assert listed == {people[key].pk for key in expected}
        # Soonest first, with the day each goes; overdue ones go today.
        order = [int(pk) for pk in re.findall(r'data-participant="(\d+)"', html)]
        assert order[-1] == people["soon"].pk
        assert 'datetime="2026-12-16"' in html and 'datetime="2026-12-01"' in html
        # With the two ways to act first.
        assert reverse("participants:contact_create", args=[people["soon"].pk]) in html
        assert reverse("participants:legal_hold", args=[people["soon"].pk]) + "?next=retention" in html
        assert AccessLogEntry.objects.filter(
            action=AccessAction.LIST, view_name="participants:retention"
        ).exists()


@pytest.mark.django_db
def test_the_beat_job_anonymises_who_is_past_the_period_and_no_one_else(world: World) -> None:
    with time_machine.travel(NOW, tick=True):
        people = population(world)
        erased = retention_anonymise_due()
        assert sorted(erased) == sorted(str(people[k].pseudonym) for k in ("gone", "never_came"))
        for key, someone in people.items():
            someone.refresh_from_db()
            assert (someone.anonymised_at is not None) == (key in {"gone", "never_came"}), key
        assert set(ErasureRecord.objects.values_list("reason", "erased_by_username")) == {
            (ErasureReason.RETENTION, "")
        }
        # Running again the same day does nothing more.
        assert retention_anonymise_due() == []
    # The next day, the one seen exactly 24 months ago goes too.
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=True):
        assert retention_anonymise_due() == [str(people["tomorrow"].pseudonym)]


@pytest.mark.django_db
def test_recording_a_contact_or_a_legal_hold_from_the_preview_keeps_someone(
    world: World, client_for: Callable[[str], Client]
) -> None:
    with time_machine.travel(NOW, tick=True):
        people = population(world)
        client = client_for("coordinator")
        response = client.post(
            reverse("participants:legal_hold", args=[people["gone"].pk]),
            {"reason": "Lopende procedure", "next": "retention"},
        )
        assert response.status_code == 302 and response["Location"] == reverse("participants:retention")
        NazorgContact.objects.create(participant=people["never_came"], contact_on=TODAY, channel="phone")
        html = client.get(reverse("participants:retention")).content.decode()
        listed = {int(pk) for pk in re.findall(r'data-participant="(\d+)"', html)}
        assert listed == {people["tomorrow"].pk, people["soon"].pk}
        assert retention_anonymise_due() == []


@pytest.mark.django_db
def test_the_preview_is_paginated_and_for_management_only(
    world: World, client_for: Callable[[str], Client]
) -> None:
    with time_machine.travel(NOW, tick=True):
        for i in range(30):
            person(world, f"Oud{i}", last_visit=dt.date(2024, 1, 1), registered=dt.date(2023, 1, 1))
        client = client_for("coordinator")
        first = client.get(reverse("participants:retention")).content.decode()
        second = client.get(reverse("participants:retention") + "?pagina=2").content.decode()
        assert len(re.findall(r'data-participant="', first)) == 25
        assert len(re.findall(r'data-participant="', second)) == 5
        for persona in ("anonymous", "no_role", "volunteer", "coach", "officer_a"):
            assert client_for(persona).get(reverse("participants:retention")).status_code in (302, 403)


def test_the_job_is_on_the_beat_schedule() -> None:
    from voorveld.celery import app

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == retention_anonymise_due.name]
    assert len(entries) == 1
    assert retention_anonymise_due.name == "participants.tasks.retention_anonymise_due"
    assert retention_anonymise_due.name in app.tasks
    assert settings.RETENTION_MONTHS == 24


def test_the_real_worker_runs_the_job(world: World, live_celery_worker: object) -> None:
    """Through Redis and a real worker, on committed rows (no time travel: real dates)."""
    today = timezone.localdate()
    long_ago = months_before(today, 24) - dt.timedelta(days=1)
    gone = person(world, "Weg", last_visit=long_ago, registered=long_ago)
    stays = person(world, "Blijft", last_visit=months_before(today, 23), registered=long_ago)
    result = retention_anonymise_due.delay().get(timeout=60)
    assert result == [str(gone.pseudonym)]
    gone.refresh_from_db()
    stays.refresh_from_db()
    assert gone.anonymised_at is not None and gone.first_name == ""
    assert stays.anonymised_at is None and stays.first_name == "Blijft"
