"""Merging two records of one person (issue 4, item 12): the service and the coordinator's pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction, ConsentPurpose, ErasureReason, ParticipantStatus
from participants.models import (
    AccessLogEntry,
    LifeDomain,
    Outflow,
    Participant,
    ParticipantMerge,
    Question,
    Questionnaire,
    Visit,
)
from participants.services import (
    coach_assign,
    consent_record,
    contact_add,
    conversation_add,
    goal_create,
    ladder_record,
    measurement_record,
    outflow_record,
    participant_merge,
    referral_create,
    sensitive_entry_add,
    talent_profile_update,
    volunteer_role_add,
)
from participants.services.privacy import legal_hold_set, participant_anonymise
from tests.factories import UserFactory, VisitFactory
from tests.participants.profile_data import regular
from tests.personas import PERSONAS, World

TODAY = timezone.localdate



def with_everything(person: Participant, world: World) -> None:
    """At least one row of every kind of data that belongs to a participant."""
    coach, coordinator = world.users["coach"], world.users["coordinator"]
    conversation_add(participant=person, recorded_by=coach, notes="eerste gesprek")
    consent_record(participant=person, purpose=ConsentPurpose.SENSITIVE, text_version="t", recorded_by=coach)
    talent_profile_update(
        participant=person,
        talents=["houtwerk"],
        interests=["koken"],
        learning_wishes="",
        roles="",
        recorded_by=coach,
    )
    goal_create(
        participant=person,
        life_domain=LifeDomain.objects.get(name="Leren"),
        description="Opleiding",
        created_by=coach,
    )
    ladder_record(participant=person, ladder="talent", value=2, recorded_on=TODAY(), recorded_by=coach)
    questionnaire = Questionnaire.objects.create(name=f"Ervaren meedoen {person.pk}")
    question = Question.objects.create(questionnaire=questionnaire, text="Ik voel me erkend")
    measurement_record(
        participant=person,
        questionnaire=questionnaire,
        taken_on=TODAY(),
        occasion="intake",
        answers={question.pk: 4},
        recorded_by=coach,
    )
    sensitive_entry_add(
        participant=person, domains=["debts"], note="", recorded_on=TODAY(), recorded_by=coach
    )
    referral_create(
        participant=person,
        direction="out",
        partner="schuldhulp",
        referred_on=TODAY(),
        recorded_by=coach,
        consent_given=True,
    )
    outflow_record(participant=person, outflow_on=TODAY(), destination="paid_work", recorded_by=coach)
    contact_add(participant=person, contact_on=TODAY(), channel="phone", note="nazorg", recorded_by=coach)
    volunteer_role_add(
        participant=person,
        role="Eetcafé",
        dagdelen="",
        learning_goals="",
        started_on=TODAY(),
        recorded_by=coach,
    )
    coach_assign(participant=person, coach=coordinator, note="", assigned_by=coordinator)
    coach_assign(participant=person, coach=coach, note="Overdracht", assigned_by=coordinator)


def test_a_merge_moves_every_kind_of_data_and_nothing_points_at_the_removed_record(world: World) -> None:
    keep = regular(world, first_name="Annechien", last_name="", birth_year=None)
    remove = regular(world, first_name="", nickname="Annie", last_name="Bakker", birth_year=1979)
    with_everything(remove, world)
    relations = [r for r in Participant._meta.related_objects if r.related_model is not Participant]
    for relation in relations:
        # A new model pointing at Participant must be added to with_everything(), so it is tested here.
        manager = relation.related_model._default_manager
        assert manager.filter(**{relation.field.name: remove}).exists(), relation.related_model
    before = {r.related_model: r.related_model._default_manager.count() for r in relations}
    removed_id = remove.pk

    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])

    for relation in relations:
        manager = relation.related_model._default_manager
        assert not manager.filter(**{f"{relation.field.name}_id": removed_id}).exists(), (
            relation.related_model
        )
        if relation.related_model is not Visit:  # visits on the same dagdeel collapse; here there are none
            assert manager.count() == before[relation.related_model], relation.related_model
    assert not Participant.objects.filter(pk=removed_id).exists()
    keep.refresh_from_db()
    assert (keep.nickname, keep.last_name, keep.birth_year) == ("Annie", "Bakker", 1979)
    assert keep.fixed_coach == world.users["coach"]


def test_visits_on_the_same_dagdeel_keep_the_kept_records_visit(world: World) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie")
    kept = VisitFactory(participant=keep, location=world.location, date=TODAY(), dagdeel="morning")
    VisitFactory(participant=remove, location=world.location, date=TODAY(), dagdeel="morning")
    VisitFactory(participant=remove, location=world.location, date=TODAY(), dagdeel="afternoon")
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    assert Visit.objects.filter(participant=keep, date=TODAY(), dagdeel="morning").get() == kept
    # Two visits 7 days ago (one per record, same dagdeel) became one; today's afternoon moved.
    assert Visit.objects.filter(participant=keep).count() == 3


def test_an_active_kept_record_ends_the_open_outflow_of_the_removed_one(world: World) -> None:
    keep = regular(world, status=ParticipantStatus.ACTIVE)
    remove = regular(world, first_name="Annie")
    outflow_record(
        participant=remove, outflow_on=TODAY(), destination="moved", recorded_by=world.users["coach"]
    )
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    keep.refresh_from_db()
    assert keep.status == ParticipantStatus.ACTIVE
    assert Outflow.objects.get(participant=keep).ended_on == TODAY()


def test_two_outflowed_records_leave_one_open_outflow(world: World) -> None:
    keep, remove, coach = regular(world), regular(world, first_name="Annie"), world.users["coach"]
    outflow_record(participant=keep, outflow_on=TODAY(), destination="education", recorded_by=coach)
    outflow_record(participant=remove, outflow_on=TODAY(), destination="moved", recorded_by=coach)
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    keep.refresh_from_db()
    assert keep.status == ParticipantStatus.OUTFLOWED
    assert Outflow.objects.filter(participant=keep).count() == 2
    assert Outflow.objects.get(participant=keep, ended_on__isnull=True).destination == "education"


def test_a_new_record_becomes_active_when_the_other_one_took_part(world: World) -> None:
    keep = regular(world, status=ParticipantStatus.NEW)
    remove = regular(world, first_name="Annie", status=ParticipantStatus.ACTIVE)
    Participant.objects.filter(pk=remove.pk).update(registered_at=timezone.now() - dt.timedelta(days=300))
    remove.refresh_from_db()
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    keep.refresh_from_db()
    assert keep.status == ParticipantStatus.ACTIVE
    assert keep.registered_at == remove.registered_at  # the earliest registration counts


def test_the_volunteer_account_moves_to_the_kept_record(world: World) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie", account=world.users["volunteer"])
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    keep.refresh_from_db()
    assert keep.account == world.users["volunteer"]


def test_a_record_cannot_be_merged_with_itself(world: World) -> None:
    person = regular(world)
    with pytest.raises(ValidationError):
        participant_merge(keep=person, remove=person, merged_by=world.users["coordinator"])


def test_earlier_merges_follow_the_record_into_the_next_merge(
    world: World, client_for: Callable[[str], Client]
) -> None:
    first, second, third = regular(world), regular(world, first_name="Annie"), regular(world, first_name="An")
    client_for("coach").get(reverse("participants:detail", args=[first.pk]))
    coordinator = world.users["coordinator"]
    participant_merge(keep=second, remove=first, merged_by=coordinator)
    participant_merge(keep=third, remove=second, merged_by=coordinator)
    assert set(ParticipantMerge.objects.values_list("kept_pseudonym", flat=True)) == {third.pseudonym}
    html = client_for("coordinator").get(reverse("participants:access_history", args=[third.pk])).content
    assert b"<td>coach" in html  # the read of the first record, via two merges


def test_the_access_log_is_never_touched_by_a_merge(
    world: World, client_for: Callable[[str], Client]
) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie")
    client_for("coach").get(reverse("participants:detail", args=[remove.pk]))
    rows = list(AccessLogEntry.objects.values_list("id", "participant_pseudonym", "action"))
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    assert list(AccessLogEntry.objects.values_list("id", "participant_pseudonym", "action")) == rows


def test_the_coordinator_finds_the_other_record_by_a_misspelt_name(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, first_name="Annechien", last_name="Bakker")
    other = regular(world, first_name="", nickname="Annie", last_name="Bakker", birth_year=1979)
    regular(world, first_name="Gerrit", last_name="Smit")
    url = reverse("participants:merge", args=[person.pk])
    response = client_for("coordinator").get(url, {"q": "Baker"})
    html = response.content.decode()
    assert reverse("participants:merge_confirm", args=[person.pk, other.pk]) in html
    assert reverse("participants:merge_confirm", args=[person.pk, person.pk]) not in html
    assert "Gerrit" not in html
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert [r.action for r in rows] == [AccessAction.READ]
    assert not AccessLogEntry.objects.filter(view_name__icontains="Baker").exists()


def test_the_confirmation_page_lists_what_each_record_holds(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, first_name="Annechien", last_name="Bakker")
    other = regular(world, first_name="", nickname="Annie", last_name="Bakker", birth_year=1979)
    contact_add(
        participant=other, contact_on=TODAY(), channel="app", note="", recorded_by=world.users["coach"]
    )
    VisitFactory(participant=person, location=world.location, date=TODAY(), dagdeel="morning")
    VisitFactory(participant=other, location=world.location, date=TODAY(), dagdeel="morning")
    html = (
        client_for("coordinator")
        .get(reverse("participants:merge_confirm", args=[person.pk, other.pk]))
        .content.decode()
    )
    assert "Beide dossiers naast elkaar" in html
    assert '<tr><th scope="row">Contacten</th><td>0</td><td>1</td></tr>' in html
    assert '<tr><th scope="row">Bezoeken</th><td>2</td><td>2</td></tr>' in html
    assert "2 keer voor hetzelfde dagdeel" in html
    for pseudonym in (person.pseudonym, other.pseudonym):
        rows = AccessLogEntry.objects.filter(participant_pseudonym=pseudonym)
        assert [r.action for r in rows] == [AccessAction.READ]


def test_without_confirmation_nothing_is_merged_and_the_choice_stays(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person, other = regular(world), regular(world, first_name="Annie")
    url = reverse("participants:merge_confirm", args=[person.pk, other.pk])
    response = client_for("coordinator").post(url, {"keep": str(other.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bevestig dat beide dossiers dezelfde persoon zijn." in html
    assert re.search(rf'<input[^>]*name="keep"[^>]*value="{other.pk}"[^>]*checked', html)
    assert not re.search(rf'<input[^>]*name="keep"[^>]*value="{person.pk}"[^>]*checked', html)
    assert Participant.objects.filter(pk__in=[person.pk, other.pk]).count() == 2


def test_the_coordinator_merges_into_the_record_of_choice(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, first_name="", nickname="Annie", last_name="")
    other = regular(world, first_name="Annechien", last_name="Bakker")
    url = reverse("participants:merge_confirm", args=[person.pk, other.pk])
    response = client_for("coordinator").post(url, {"keep": str(other.pk), "confirm": "on"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("participants:detail", args=[other.pk])
    assert "De dossiers zijn samengevoegd in Annie B." in response.content.decode()
    assert not Participant.objects.filter(pk=person.pk).exists()
    other.refresh_from_db()
    assert other.nickname == "Annie"
    merge = ParticipantMerge.objects.get()
    assert (merge.kept_pseudonym, merge.removed_pseudonym) == (other.pseudonym, person.pseudonym)
    assert merge.merged_by_username == "coordinator"
    assert [r.action for r in AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)] == [
        AccessAction.DELETE
    ]
    kept_rows = AccessLogEntry.objects.filter(participant_pseudonym=other.pseudonym).order_by("id")
    assert [r.action for r in kept_rows] == [
        AccessAction.UPDATE,
        AccessAction.READ,
    ]  # the POST, then the page


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_management_merges(world: World, client_for: Callable[[str], Client], persona: str) -> None:
    person, other = regular(world), regular(world, first_name="Annie")
    expected = {"coordinator": 200, "admin": 200, "anonymous": 302}.get(persona, 403)
    client = client_for(persona)
    assert client.get(reverse("participants:merge", args=[person.pk])).status_code == expected
    confirm = reverse("participants:merge_confirm", args=[person.pk, other.pk])
    assert client.get(confirm).status_code == expected
    response = client.post(confirm, {"keep": str(person.pk), "confirm": "on"})
    assert Participant.objects.filter(pk=other.pk).exists() == (persona not in {"coordinator", "admin"})
    if expected != 200:
        assert response.status_code == expected


def test_a_coach_is_refused_merging_even_their_own_participants(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach = UserFactory(username="coach2")
    person = regular(world, fixed_coach=coach)
    client = Client()
    client.force_login(coach)
    assert client.get(reverse("participants:merge", args=[person.pk])).status_code == 403


def test_an_anonymised_record_is_refused_with_a_message_not_a_database_error(world: World) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie")
    participant_anonymise(
        participant=remove, reason=ErasureReason.REQUEST, by=world.users["coordinator"]
    )
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    assert refused.value.code == "anonymised"
    assert Participant.objects.filter(pk=remove.pk).exists()


def test_a_legal_hold_moves_to_the_kept_record(world: World) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie")
    legal_hold_set(participant=remove, reason="Lopend onderzoek")
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    keep.refresh_from_db()
    assert (keep.legal_hold, keep.legal_hold_reason) == (True, "Lopend onderzoek")
    assert keep.legal_hold_since is not None
