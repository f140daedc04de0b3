"""Inzage (right of access): a coordinator exports everything held about one person, as a page
and as JSON; every model that refers to a participant is in it; the export is logged."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pypdf
import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.constants import AccessAction
from participants.models import AccessLogEntry, Participant, ParticipantMerge
from participants.selectors.inzage import inzage_collect
from tests.factories import VisitFactory
from tests.participants.privacy_data import FIRST, GUARDIAN, LAST, NICK, PHONE, rich_participant
from tests.personas import World

pytestmark = pytest.mark.django_db


def models_referring_to_a_participant() -> set[str]:
    """Walk the model graph from Participant: every model with a relation to it, to one of those,
    and so on (also relations without a reverse accessor), the tables of their many-to-many
    fields, and every model that names a participant by pseudonym."""
    found: set[str] = set()
    todo: list[type[models.Model]] = [Participant]
    while todo:
        model = todo.pop()
        for rel in model._meta.get_fields(include_hidden=True):
            if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
                related = rel.related_model
                assert isinstance(related, type)
                if related._meta.label not in found:
                    found.add(related._meta.label)
                    todo.append(related)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            assert through is not None
            if through._meta.label not in found:
                found.add(through._meta.label)
                todo.append(through)
    for model in apps.get_models():
        if any("pseudonym" in f.name for f in model._meta.concrete_fields) and model is not Participant:
            found.add(model._meta.label)
    return found


def test_the_walk_finds_the_models_we_know_of() -> None:
    """Guards the walk itself: it must reach nested rows, tag tables and other apps' rows."""
    graph = models_referring_to_a_participant()
    for label in (
        "participants.Visit", "participants.GoalStep", "participants.GoalEvent",
        "participants.MeasurementAnswer",
        "participants.Conversation_talents", "participants.TalentProfile_interests", "reporting.Story",
        "participants.AccessLogEntry", "participants.ParticipantMerge", "participants.ErasureRecord",
    ):
        assert label in graph


def test_every_model_that_refers_to_a_participant_is_a_section_of_the_export(world: World) -> None:
    person = rich_participant(world)
    export = inzage_collect(participant=person)
    missing = models_referring_to_a_participant() - export.declared_models
    assert not missing, f"not in the inzage export: {sorted(missing)}"
    assert {"participants.Participant", "voorveld.User"} <= export.declared_models


def test_a_filled_record_has_rows_in_every_section_about_the_person(world: World) -> None:
    person = rich_participant(world)
    from reporting.models import Story
    from reporting.services.arrangements import story_create

    story_create(
        arrangement=None, title="Een nieuwe stap", text="Iemand uit de werkplaats kookt nu zelf.",
        told_on=person.consents.get(purpose="story").given_on,
        consent=person.consents.get(purpose="story"), written_by=world.users["coordinator"],
    )
    export = inzage_collect(participant=person)
    empty = {s.key for s in export.sections if not s.rows}
    # Only the erasure section is empty for a record that was never anonymised.
    assert empty == {"participants.ErasureRecord"}
    assert Story.objects.filter(consent__participant=person).count() == 1


def test_a_coordinator_exports_the_page_and_the_json_and_both_are_logged(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = rich_participant(world)
    old_pseudonym = ParticipantMerge.objects.get(kept_pseudonym=person.pseudonym).removed_pseudonym
    AccessLogEntry.objects.create(
        actor_username="coach", actor_role="coach", participant_pseudonym=old_pseudonym,
        action=AccessAction.READ, view_name="participants:detail",
    )
    client = client_for("coordinator")

    page = client.get(reverse("participants:inzage", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    expected = (
        FIRST, LAST, NICK, PHONE, GUARDIAN, "wil leren lassen", "schulden", "Gastvrouw", "zq@example.org"
    )
    for text in expected:
        assert text in html, text
    assert reverse("participants:inzage_json", args=[person.pk]) in html

    download = client.get(reverse("participants:inzage_json", args=[person.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    sections = data["sections"]
    record = sections["participants.Participant"]["rows"][0]
    assert (record["first_name"], record["last_name"], record["phone"]) == (FIRST, LAST, PHONE)
    assert record["date_of_birth"] == "2010-05-17"
    assert sections["participants.Consent"]["rows"][0]["guardian_name"] in (GUARDIAN, "")
    assert GUARDIAN in {row["guardian_name"] for row in sections["participants.Consent"]["rows"]}
    assert {row["tag"] for row in sections["participants.TalentProfile_talents"]["rows"]}
    assert sections["voorveld.User"]["rows"][0]["email"] == "zq@example.org"
    assert "password" not in sections["voorveld.User"]["rows"][0]
    log = sections["participants.AccessLogEntry"]["rows"]
    # The access log under the merged record's pseudonym is part of it, never the staff's IP.
    assert str(old_pseudonym) in {row["participant_pseudonym"] for row in log}
    assert all("client_ip" not in row for row in log)
    assert sections["participants.ParticipantMerge"]["rows"][0]["removed_pseudonym"] == str(old_pseudonym)
    # Both exports were logged as exports of this person.
    exports = AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.EXPORT
    )
    assert sorted(exports.values_list("view_name", flat=True)) == [
        "participants:inzage", "participants:inzage_json"
    ]
    # The page's own export is in the JSON's log section (logged before collecting).
    assert "participants:inzage" in {row["view_name"] for row in log}


@pytest.mark.parametrize("persona", ["anonymous", "no_role", "volunteer", "coach", "officer_a"])
def test_only_management_may_export(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = rich_participant(world)
    for name in ("participants:inzage", "participants:inzage_json"):
        response = client_for(persona).get(reverse(name, args=[person.pk]))
        assert response.status_code in (302, 403), (name, response.status_code)
    assert not AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.EXPORT
    ).exists()


def test_the_participant_page_links_to_the_export_for_coordinators_only(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = rich_participant(world)
    url = reverse("participants:inzage", args=[person.pk])
    detail = reverse("participants:detail", args=[person.pk])
    assert url in client_for("coordinator").get(detail).content.decode()
    assert url not in client_for("coach").get(detail).content.decode()


def test_the_export_as_a_tagged_pdf(world: World, client_for: Callable[[str], Client]) -> None:
    person = rich_participant(world)
    response = client_for("coordinator").get(reverse("participants:inzage_pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (FIRST, LAST, PHONE, GUARDIAN, "zq@example.org"):
        assert expected in text, expected
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # tagged (PDF/UA)
    assert AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.EXPORT,
        view_name="participants:inzage_pdf",
    ).count() == 1


def test_the_export_runs_a_constant_number_of_queries(world: World) -> None:
    person = rich_participant(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            inzage_collect(participant=person)
        return len(captured)

    queries()  # warm up (caches of the first call)
    before = queries()
    for day in range(20):
        VisitFactory(
            participant=person, location=world.location, activity=world.activity,
            date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
        )
    assert queries() == before
