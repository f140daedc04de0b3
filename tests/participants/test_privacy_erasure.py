"""Erasure on request: a coordinator anonymises one person with a reason. Afterwards no text
column of any table holds their name or phone number, every model about them is deleted or
scrubbed, the facts that figures count stay, and a published report is unchanged."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.constants import ERASED_PLACEHOLDER, AccessAction, ErasureReason
from participants.models import (
    AccessLogEntry,
    Consent,
    ErasureRecord,
    Goal,
    LadderEntry,
    Measurement,
    NazorgContact,
    Outflow,
    Participant,
    Referral,
    Visit,
)
from participants.selectors.inzage import person_models
from participants.services.privacy import ERASURE_POLICY, legal_hold_set, participant_anonymise
from reporting.constants import ReportStatus
from reporting.models import FundingArrangement, Report, Story
from reporting.services import rendering
from reporting.services.arrangements import story_create
from reporting.services.reports import report_approve, report_publish
from tests.participants.privacy_data import FIRST, GUARDIAN, LAST, NICK, PHONE, rich_participant
from tests.participants.test_privacy_inzage import models_referring_to_a_participant
from tests.personas import World
from voorveld.models import User

pytestmark = pytest.mark.django_db

# Models that name a participant only by pseudonym and hold no personal data of theirs: kept.
BY_PSEUDONYM = {"participants.AccessLogEntry", "participants.ParticipantMerge", "participants.ErasureRecord"}


def occurrences(*needles: str) -> dict[str, int]:
    """How often each needle occurs (case-insensitive) in any text, varchar, json or array column
    of any table of the database: {"table.column": hits}, only where there are hits."""
    hits: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
            """
        )
        columns = cursor.fetchall()
        assert len(columns) > 50  # the query really sees the schema
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"],
                )
                (n,) = cursor.fetchone()
                if n:
                    hits[f"{table}.{column}"] = hits.get(f"{table}.{column}", 0) + n
    return hits


def published_report_with_story(world: World, person: Participant) -> Report:
    today = timezone.localdate()
    arrangement = FundingArrangement.objects.create(
        funder=world.funder_a, name="Aadorp — 40 plekken", starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31), funded_places=40,
    )
    arrangement.municipalities.add(world.municipality_a)
    story_create(
        arrangement=arrangement, title="Een nieuwe stap", text="Iemand uit de werkplaats kookt nu zelf.",
        told_on=today, consent=person.consents.get(purpose="story"), written_by=world.users["coordinator"],
    )
    report = Report.objects.create(
        arrangement=arrangement, period_label="Dit jaar", period_start=dt.date(today.year, 1, 1),
        period_end=today,
    )
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    report_approve(report=report, user=world.users["coordinator"])
    return report_publish(report=report, user=world.users["coordinator"])


def counted_facts(person: Participant) -> dict[str, object]:
    visits = Visit.objects.filter(participant=person)
    ladder = LadderEntry.objects.filter(participant=person)
    contacts = NazorgContact.objects.filter(participant=person)
    return {
        "visits": list(visits.values_list("date", "municipality_id", "dagdeel")),
        "ladder": list(ladder.values_list("ladder", "value", "recorded_on")),
        "goals": list(Goal.objects.filter(participant=person).values_list("status", "life_domain_id")),
        "measurements": Measurement.objects.filter(participant=person).count(),
        "outflows": list(Outflow.objects.filter(participant=person).values_list("destination", "outflow_on")),
        "referrals": list(Referral.objects.filter(participant=person).values_list("direction", "partner")),
        "contacts": list(contacts.values_list("contact_on", "channel")),
        "municipality": person.municipality_id,
        "birth_year": person.birth_year or (person.date_of_birth.year if person.date_of_birth else None),
    }


def test_after_erasure_no_text_column_anywhere_holds_the_name_or_phone(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = rich_participant(world)
    report = published_report_with_story(world, person)
    frozen = (report.snapshot, report.snapshot_sha256, report.pdf.read())
    assert "kookt nu zelf" in json.dumps(report.snapshot)  # the story is in the published report
    facts = counted_facts(person)
    before = occurrences(FIRST, LAST, NICK, PHONE, GUARDIAN)
    assert "participants_participant.first_name" in before  # the search finds what is there
    assert "participants_conversation.notes" in before
    assert "voorveld_user.first_name" in before

    client = client_for("coordinator")
    url = reverse("participants:erase", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"reason": ErasureReason.REQUEST, "confirm": "on"})
    assert response.status_code == 302

    assert occurrences(FIRST, LAST, NICK, PHONE, GUARDIAN) == {}
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert counted_facts(person) == facts
    # The published report is exactly what it was; its story is gone from the portal's records.
    report.refresh_from_db()
    report.pdf.open()
    assert (report.snapshot, report.snapshot_sha256, report.pdf.read()) == frozen
    assert report.status == ReportStatus.PUBLISHED
    assert not Story.objects.exists()
    assert not Consent.objects.filter(participant=person, withdrawn_on__isnull=True).exists()
    # What was recorded about the erasure: pseudonym, reason, who, when — nothing else.
    record = ErasureRecord.objects.get()
    assert (record.pseudonym, record.reason, record.erased_by_username) == (
        person.pseudonym, ErasureReason.REQUEST, "coordinator"
    )
    assert {f.name for f in ErasureRecord._meta.concrete_fields} == {
        "id", "pseudonym", "reason", "erased_at", "erased_by_id", "erased_by_username"
    }
    assert AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.DELETE, view_name="participants:erase"
    ).exists()
    # The volunteer login is closed.
    account = User.objects.get(email="", username__startswith="erased-")
    assert not account.is_active and not account.has_usable_password()
    # The page shows an anonymised record, and no way to erase it twice.
    detail = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "Geanonimiseerd" in detail or "Anonymised" in detail
    assert url not in detail


def test_every_model_about_a_person_is_deleted_or_scrubbed(world: World) -> None:
    person = rich_participant(world)
    from reporting.services.arrangements import story_create as create

    create(
        arrangement=None, title="Stap", text="Iemand kookt.", told_on=timezone.localdate(),
        consent=person.consents.get(purpose="story"), written_by=world.users["coordinator"],
    )
    graph = models_referring_to_a_participant()
    mine = person_models()
    participant_anonymise(participant=person, reason=ErasureReason.REQUEST, by=world.users["coordinator"])
    for label in sorted(graph):
        if label in BY_PSEUDONYM:
            continue
        if label not in mine:
            # Another app's rows resting on this person's records go, as with a cascade.
            app_label, name = label.split(".")
            from django.apps import apps

            model = apps.get_model(app_label, name)
            assert not model._default_manager.exists(), label
            continue
        assert label in ERASURE_POLICY, f"no erasure policy for {label}"
        policy = ERASURE_POLICY[label]
        model, path = mine[label]
        rows = model._default_manager.filter(**{path: person})
        if policy.action == "delete":
            assert not rows.exists(), label
            continue
        assert rows.exists(), f"{label}: the test data should have rows"
        free_text = {
            f.name for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        }
        assert free_text <= set(policy.scrub) | set(policy.keep), f"{label}: unreviewed text fields"
        for name in policy.scrub:
            assert set(rows.values_list(name, flat=True)) <= {"", ERASED_PLACEHOLDER}, (label, name)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.date_of_birth) == ("", "", "", None)
    assert person.nickname == ERASED_PLACEHOLDER
    assert person.birth_year == 2010  # kept from the date of birth, for age bands
    assert person.account is None
    assert str(person) != ERASED_PLACEHOLDER


def test_a_record_on_legal_hold_cannot_be_erased(world: World, client_for: Callable[[str], Client]) -> None:
    person = rich_participant(world)
    with pytest.raises(ValidationError):
        legal_hold_set(participant=person, reason="   ")
    legal_hold_set(participant=person, reason="Klachtprocedure loopt")
    with pytest.raises(ValidationError):
        participant_anonymise(participant=person, reason=ErasureReason.REQUEST, by=None)
    response = client_for("coordinator").post(
        reverse("participants:erase", args=[person.pk]), {"reason": ErasureReason.REQUEST, "confirm": "on"}
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.anonymised_at is None and person.first_name == FIRST
    assert not ErasureRecord.objects.exists()


def test_erasure_needs_a_reason_and_a_confirmation(world: World, client_for: Callable[[str], Client]) -> None:
    person = rich_participant(world)
    url = reverse("participants:erase", args=[person.pk])
    client = client_for("coordinator")
    # No confirmation, no reason, or the reason only the retention job may give.
    for data in (
        {"reason": ErasureReason.REQUEST},
        {"confirm": "on"},
        {"reason": ErasureReason.RETENTION, "confirm": "on"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "is-invalid" in response.content.decode()
    person.refresh_from_db()
    assert person.anonymised_at is None


@pytest.mark.parametrize("persona", ["anonymous", "no_role", "volunteer", "coach", "officer_a"])
def test_only_management_may_erase_or_hold(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = rich_participant(world)
    client = client_for(persona)
    for name in ("participants:erase", "participants:legal_hold"):
        url = reverse(name, args=[person.pk])
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": ErasureReason.REQUEST, "confirm": "on"}).status_code in (302, 403)
    person.refresh_from_db()
    assert person.anonymised_at is None and not person.legal_hold


def test_a_coordinator_sets_and_lifts_a_legal_hold(world: World, client_for: Callable[[str], Client]) -> None:
    person = rich_participant(world)
    client = client_for("coordinator")
    url = reverse("participants:legal_hold", args=[person.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Klachtprocedure"}).status_code == 302
    person.refresh_from_db()
    assert person.legal_hold and person.legal_hold_reason == "Klachtprocedure"
    assert person.legal_hold_since == timezone.localdate()
    assert "Klachtprocedure" in client.get(url).content.decode()
    assert client.post(url, {"lift": "1"}).status_code == 302
    person.refresh_from_db()
    assert not person.legal_hold and person.legal_hold_reason == ""
    assert AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.UPDATE,
        view_name="participants:legal_hold",
    ).count() == 2
