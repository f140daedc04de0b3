"""Fictional data for the participant page tests: a regular visitor and a timeline of every kind."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participants.constants import ConsentPurpose
from participants.models import LifeDomain, Participant, Question, Questionnaire
from participants.services import (
    coach_assign,
    consent_record,
    contact_add,
    conversation_add,
    goal_create,
    ladder_record,
    measurement_record,
    outflow_record,
    participant_reactivate,
    referral_create,
    sensitive_entry_add,
)
from tests.factories import ParticipantFactory, UserFactory, VisitFactory
from tests.personas import World
from voorveld.models import User


def today() -> dt.date:
    return timezone.localdate()


def regular(world: World, **kwargs: object) -> Participant:
    """Someone who came to the world's location a week ago (so its coach may see them)."""
    person: Participant = ParticipantFactory(
        municipality=world.municipality_a, **{"first_name": "Annechien", "last_name": "Bakker", **kwargs}
    )
    VisitFactory(
        participant=person,
        location=world.location,
        activity=world.activity,
        date=today() - dt.timedelta(days=7),
    )
    return person


def sensitive_consent(person: Participant, by: User) -> None:
    consent_record(participant=person, purpose=ConsentPurpose.SENSITIVE, text_version="t", recorded_by=by)


def every_kind(person: Participant, coach: User, rounds: int, *, day: dt.date | None = None) -> None:
    """``rounds`` times one row of every timeline kind (conversation, goal, ladder, measurement,
    referral, contact, outflow and coming back, handover, sensitive), all on ``day``.
    The person needs sensitive consent and ``coach`` must be allowed in the sensitive section."""
    day = day or today()
    questionnaire, _created = Questionnaire.objects.get_or_create(name="Ervaren meedoen")
    question, _created = Question.objects.get_or_create(questionnaire=questionnaire, text="Ik voel me erkend")
    domain = LifeDomain.objects.order_by("order").first()
    assert domain is not None
    for i in range(rounds):
        conversation_add(
            participant=person, recorded_by=coach, held_on=day, wishes=f"wens {i}", talents=["zagen"]
        )
        goal_create(participant=person, life_domain=domain, description=f"doel {i}", created_by=coach)
        ladder_record(
            participant=person, ladder="talent", value=1 + i % 3, recorded_on=day, recorded_by=coach
        )
        measurement_record(
            participant=person,
            questionnaire=questionnaire,
            taken_on=day,
            occasion="review",
            answers={question.pk: 3},
            recorded_by=coach,
        )
        referral_create(
            participant=person, direction="in", partner="wijkteam", referred_on=day, recorded_by=coach
        )
        contact_add(
            participant=person, contact_on=day, channel="phone", note=f"belletje {i}", recorded_by=coach
        )
        outflow_record(participant=person, outflow_on=day, destination="club", recorded_by=coach)
        participant_reactivate(participant=person, on=day)
        next_coach = UserFactory(username=f"collega{i}")
        if person.fixed_coach is None:
            coach_assign(participant=person, coach=coach, note="", assigned_by=coach)
        coach_assign(participant=person, coach=next_coach, note=f"overdracht {i}", assigned_by=coach)
        coach_assign(participant=person, coach=coach, note=f"terug {i}", assigned_by=coach)
        sensitive_entry_add(
            participant=person, domains=["debts"], note=f"geheim {i}", recorded_on=day, recorded_by=coach
        )
