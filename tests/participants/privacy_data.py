"""A fictional participant with a row in every model about a person, and names in every free
text, for the inzage and erasure tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participants.constants import AccessAction, ConsentGiver, ConsentPurpose
from participants.models import AccessLogEntry, Goal, Participant
from participants.services import (
    consent_record,
    conversation_add,
    goal_note_add,
    goal_step_add,
    goal_step_complete,
    participant_merge,
    referral_create,
    talent_profile_update,
    volunteer_role_add,
)
from tests.factories import ParticipantFactory, UserFactory
from tests.participants.profile_data import every_kind, regular, sensitive_consent
from tests.personas import World

# Distinctive fictional details, searched for in every text column after erasure.
FIRST = "Zephyrina"
LAST = "Quaglievska"
NICK = "Zefje"
PHONE = "0612398745"
GUARDIAN = "Ottoline Brandsmeer"


def rich_participant(world: World) -> Participant:
    """Someone with every kind of record, names and phone number written into each free text, a
    guardian's consent, a volunteer account, a merged duplicate and a story consent."""
    coach = world.users["coach"]
    coordinator = world.users["coordinator"]
    person = regular(
        world, first_name=FIRST, last_name=LAST, nickname=NICK, phone=PHONE,
        date_of_birth=dt.date(2010, 5, 17), birth_year=None,
    )
    consent_record(
        participant=person, purpose=ConsentPurpose.SENSITIVE, text_version="t", recorded_by=coach,
        given_by=ConsentGiver.GUARDIAN, guardian_name=GUARDIAN,
    )
    sensitive_consent(person, coordinator)
    every_kind(person, coach, 1)
    conversation_add(
        participant=person, recorded_by=coach, kind="follow_up", interests=["koken"],
        wishes=f"{FIRST} wil een baan",
    )
    AccessLogEntry.objects.create(
        actor_id=coach.pk, actor_username=coach.username, actor_role=coach.role,
        participant_pseudonym=person.pseudonym, action=AccessAction.READ, view_name="participants:detail",
    )
    mention = f"{FIRST} {LAST} ({PHONE})"
    # Free text that mentions the person, in every field that takes some.
    person.conversations.update(notes=f"{mention} vertelde over thuis", next_step=f"{NICK} belt terug")
    person.sensitive_entries.update(note=f"{mention}: schulden")
    person.contacts.update(note=f"{NICK} gebeld op {PHONE}")
    person.ladder_entries.update(note=f"{FIRST} zet een stap")
    person.outflows.update(note=f"{FIRST} naar de club")
    person.handovers.update(note=f"{FIRST} {LAST} kent het rooster")
    goal = Goal.objects.filter(participant=person).first()
    assert goal is not None
    Goal.objects.filter(pk=goal.pk).update(description=f"{FIRST} wil leren koken")
    step = goal_step_add(goal=goal, description=f"{NICK} kookt één keer", added_by=coach)
    goal_step_complete(step=step, done_on=timezone.localdate(), completed_by=coach)
    goal_note_add(goal=goal, note=f"{FIRST} deed het goed", written_by=coach)
    referral_create(
        participant=person, direction="out", partner="schuldhulp", referred_on=timezone.localdate(),
        recorded_by=coach, partner_name=f"Schuldhulp voor {LAST}", note=f"{FIRST} belt zelf",
        consent_given=True,
    )
    talent_profile_update(
        participant=person, talents=["zagen"], interests=["koken"],
        learning_wishes=f"{FIRST} wil leren lassen", roles=f"{NICK} helpt in het eetcafé",
        recorded_by=coach,
    )
    account = UserFactory(username="vrijwilliger-zq", volunteer=True, first_name=FIRST, last_name=LAST,
                          email="zq@example.org")
    volunteer_role_add(
        participant=person, role=f"Gastvrouw {FIRST}", dagdelen="dinsdagochtend",
        learning_goals=f"{FIRST} leert de kassa", started_on=timezone.localdate(), recorded_by=coach,
        account=account,
    )
    consent_record(participant=person, purpose=ConsentPurpose.STORY, text_version="s", recorded_by=coach)
    duplicate = ParticipantFactory(
        first_name=FIRST, last_name=LAST, phone=PHONE, birth_year=None, municipality=world.municipality_a,
    )
    participant_merge(keep=person, remove=duplicate, merged_by=coordinator)
    person.refresh_from_db()
    return person
