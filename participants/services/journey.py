"""Writes for a participant's journey: profile, goals, ladders, measurements, referrals,
outflow and nazorg, volunteering, continuity and merging duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, ForeignKey, OneToOneField, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import (
    LADDER_STEPS,
    ConsentPurpose,
    GoalEventKind,
    GoalStatus,
    ParticipantStatus,
    ReferralDirection,
    SensitiveDomain,
    StepStatus,
    TagKind,
)
from participants.models import (
    Consent,
    Goal,
    GoalEvent,
    GoalStep,
    Handover,
    LadderEntry,
    LifeDomain,
    Measurement,
    MeasurementAnswer,
    NazorgContact,
    Outflow,
    Participant,
    ParticipantMerge,
    Questionnaire,
    Referral,
    SensitiveEntry,
    TalentProfile,
    Visit,
    VolunteerRole,
)
from participants.services.consents import consent_record, consent_rule_check
from participants.services.conversations import tags_get_or_create
from voorveld.models import User


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what}, code="future")


@transaction.atomic
def talent_profile_update(
    *,
    participant: Participant,
    talents: Iterable[str],
    interests: Iterable[str],
    learning_wishes: str,
    roles: str,
    recorded_by: User,
) -> TalentProfile:
    """Save a new version of the talent profile; earlier versions stay as its history."""
    profile = TalentProfile(
        participant=participant,
        learning_wishes=learning_wishes.strip(),
        roles=roles.strip(),
        recorded_by=recorded_by,
    )
    profile.full_clean()
    profile.save()
    profile.talents.set(tags_get_or_create(names=talents, kind=TagKind.TALENT))
    profile.interests.set(tags_get_or_create(names=interests, kind=TagKind.INTEREST))
    return profile


def _goal_event(
    goal: Goal, kind: str, by: User, *, status: str = "", note: str = "", on: dt.date | None = None
) -> GoalEvent:
    return GoalEvent.objects.create(
        goal=goal, kind=kind, status=status, note=note, happened_on=on or timezone.localdate(), recorded_by=by
    )


@transaction.atomic
def goal_create(
    *,
    participant: Participant,
    life_domain: LifeDomain,
    description: str,
    created_by: User,
    review_on: dt.date | None = None,
    steps: Iterable[str] = (),
) -> Goal:
    goal = Goal(
        participant=participant,
        life_domain=life_domain,
        description=description.strip(),
        review_on=review_on,
        started_on=timezone.localdate(),
        created_by=created_by,
    )
    goal.full_clean()
    goal.save()
    _goal_event(goal, GoalEventKind.CREATED, created_by, status=GoalStatus.ACTIVE, note=goal.description)
    for order, text in enumerate(s.strip() for s in steps):
        if text:
            GoalStep.objects.create(goal=goal, description=text[:300], order=order)
    return goal


@transaction.atomic
def goal_step_add(*, goal: Goal, description: str, added_by: User) -> GoalStep:
    step = GoalStep(goal=goal, description=description.strip(), order=goal.steps.count())
    step.full_clean()
    step.save()
    _goal_event(goal, GoalEventKind.STEP_ADDED, added_by, note=step.description)
    return step


@transaction.atomic
def goal_step_complete(*, step: GoalStep, done_on: dt.date | None, completed_by: User) -> GoalStep:
    done_on = done_on or timezone.localdate()
    _not_future(done_on, _("The date"))
    step.status, step.done_on = StepStatus.DONE, done_on
    step.full_clean()
    step.save(update_fields=["status", "done_on"])
    _goal_event(step.goal, GoalEventKind.STEP_DONE, completed_by, note=step.description, on=done_on)
    return step


@transaction.atomic
def goal_status_set(*, goal: Goal, status: str, note: str, changed_by: User) -> Goal:
    """Achieved, adjusted, stopped — or back to active, which reopens a closed goal."""
    if status not in GoalStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == goal.status:
        raise ValidationError(_("The goal already has this status."), code="same")
    goal.status = status
    goal.save(update_fields=["status"])
    _goal_event(goal, GoalEventKind.STATUS, changed_by, status=status, note=note.strip())
    return goal


@transaction.atomic
def goal_note_add(*, goal: Goal, note: str, written_by: User) -> GoalEvent:
    if not note.strip():
        raise ValidationError(_("Write a note."), code="empty")
    return _goal_event(goal, GoalEventKind.NOTE, written_by, note=note.strip())


@transaction.atomic
def ladder_record(
    *,
    participant: Participant,
    ladder: str,
    value: int,
    recorded_on: dt.date,
    recorded_by: User,
    note: str = "",
) -> LadderEntry:
    """A dated position on a ladder; a step back is as normal as a step up."""
    steps = LADDER_STEPS.get(ladder)  # type: ignore[call-overload]
    if steps is None or value not in steps:
        raise ValidationError(_("Choose a step of this ladder."), code="range")
    _not_future(recorded_on, _("The date"))
    entry = LadderEntry(
        participant=participant,
        ladder=ladder,
        value=value,
        recorded_on=recorded_on,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def measurement_record(
    *,
    participant: Participant,
    questionnaire: Questionnaire,
    taken_on: dt.date,
    occasion: str,
    answers: Mapping[int, int],
    recorded_by: User,
) -> Measurement:
    """Answers to a questionnaire, each within its question's scale."""
    _not_future(taken_on, _("The date"))
    questions = {q.pk: q for q in questionnaire.questions.all()}
    if set(answers) != set(questions):
        raise ValidationError(_("Answer every question."), code="incomplete")
    for pk, value in answers.items():
        q = questions[pk]
        if not q.scale_min <= value <= q.scale_max:
            raise ValidationError(
                _("“%(q)s” takes an answer from %(lo)s to %(hi)s.")
                % {"q": q.text, "lo": q.scale_min, "hi": q.scale_max},
                code="scale",
            )
    measurement = Measurement.objects.create(
        participant=participant,
        questionnaire=questionnaire,
        taken_on=taken_on,
        occasion=occasion,
        recorded_by=recorded_by,
    )
    MeasurementAnswer.objects.bulk_create(
        MeasurementAnswer(measurement=measurement, question_id=pk, value=value)
        for pk, value in answers.items()
    )
    return measurement


@transaction.atomic
def sensitive_entry_add(
    *,
    participant: Participant,
    domains: Iterable[str],
    note: str,
    recorded_on: dt.date,
    recorded_by: User,
) -> SensitiveEntry:
    """Only with an active consent for the sensitive section that meets the age rule."""
    consent = participant.consents.filter(purpose=ConsentPurpose.SENSITIVE, withdrawn_on__isnull=True).first()
    if consent is None:
        raise ValidationError(_("Record consent for the sensitive section first."), code="no_consent")
    consent_rule_check(
        participant=participant, purpose=consent.purpose, given_by=consent.given_by, on=timezone.localdate()
    )
    _not_future(recorded_on, _("The date"))
    entry = SensitiveEntry(
        participant=participant,
        domains=sorted(set(domains) & set(SensitiveDomain.values)),
        note=note.strip(),
        recorded_on=recorded_on,
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def referral_create(
    *,
    participant: Participant,
    direction: str,
    partner: str,
    referred_on: dt.date,
    recorded_by: User,
    partner_name: str = "",
    note: str = "",
    consent_given: bool = False,
) -> Referral:
    """A referral in, or out — out only with the participant's consent, recorded in the same step."""
    _not_future(referred_on, _("The date"))
    consent: Consent | None = None
    if direction == ReferralDirection.OUT:
        if not consent_given:
            raise ValidationError(_("Referring someone out needs their consent."), code="no_consent")
        consent = consent_record(
            participant=participant,
            purpose=ConsentPurpose.REFERRAL,
            text_version=f"ref:{partner}",
            recorded_by=recorded_by,
            given_on=referred_on,
        )
    referral = Referral(
        participant=participant,
        direction=direction,
        partner=partner,
        partner_name=partner_name.strip(),
        referred_on=referred_on,
        consent=consent,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def referral_outcome_set(*, referral: Referral, outcome: str) -> Referral:
    if referral.consent is not None and referral.consent.withdrawn_on is not None:
        raise ValidationError(
            _("The consent for this referral was withdrawn: it is blocked."), code="blocked"
        )
    referral.outcome = outcome
    referral.full_clean()
    referral.save(update_fields=["outcome"])
    return referral


@transaction.atomic
def outflow_record(
    *,
    participant: Participant,
    outflow_on: dt.date,
    destination: str,
    recorded_by: User,
    note: str = "",
) -> Outflow:
    """Leaving, with a destination. The person stays findable; nazorg can continue."""
    _not_future(outflow_on, _("The date"))
    if Outflow.objects.filter(participant=participant, ended_on__isnull=True).exists():
        raise ValidationError(_("This participant has already outflowed."), code="open")
    outflow = Outflow(
        participant=participant,
        outflow_on=outflow_on,
        destination=destination,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    outflow.full_clean()
    outflow.save()
    Participant.objects.filter(pk=participant.pk).update(status=ParticipantStatus.OUTFLOWED)
    participant.status = ParticipantStatus.OUTFLOWED
    return outflow


@transaction.atomic
def participant_reactivate(*, participant: Participant, on: dt.date | None = None) -> Participant:
    """Someone who comes back is re-activated, never registered anew."""
    on = on or timezone.localdate()
    Outflow.objects.filter(participant=participant, ended_on__isnull=True).update(ended_on=on)
    Participant.objects.filter(pk=participant.pk).update(status=ParticipantStatus.ACTIVE)
    participant.status = ParticipantStatus.ACTIVE
    return participant


@transaction.atomic
def contact_add(
    *,
    participant: Participant,
    contact_on: dt.date,
    channel: str,
    note: str,
    recorded_by: User,
) -> NazorgContact:
    _not_future(contact_on, _("The date"))
    contact = NazorgContact(
        participant=participant,
        contact_on=contact_on,
        channel=channel,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def volunteer_role_add(
    *,
    participant: Participant,
    role: str,
    dagdelen: str,
    learning_goals: str,
    started_on: dt.date,
    recorded_by: User,
    account: User | None = None,
) -> VolunteerRole:
    volunteer_role = VolunteerRole(
        participant=participant,
        role=role.strip(),
        dagdelen=dagdelen.strip(),
        learning_goals=learning_goals.strip(),
        started_on=started_on,
        recorded_by=recorded_by,
    )
    volunteer_role.full_clean()
    volunteer_role.save()
    if account is not None:
        participant.account = account
        participant.full_clean()
        participant.save(update_fields=["account"])
    return volunteer_role


@transaction.atomic
def coach_assign(
    *, participant: Participant, coach: User | None, note: str, assigned_by: User
) -> Participant:
    """Set the vaste begeleider. Replacing one needs a handover note for the next coach."""
    previous = participant.fixed_coach
    if previous == coach:
        return participant
    if previous is not None and not note.strip():
        raise ValidationError(_("Write a short handover note for the next coach."), code="handover")
    if previous is not None:
        Handover.objects.create(
            participant=participant,
            from_coach=previous,
            to_coach=coach,
            note=note.strip(),
            handed_over_on=timezone.localdate(),
            recorded_by=assigned_by,
        )
    participant.fixed_coach = coach
    participant.save(update_fields=["fixed_coach"])
    return participant


FILLABLE_FIELDS = (
    "first_name",
    "nickname",
    "last_name",
    "birth_year",
    "date_of_birth",
    "phone",
    "referral_source",
    "usual_activity",
    "fixed_coach",
    "account",
)


@transaction.atomic
def participant_merge(*, keep: Participant, remove: Participant, merged_by: User) -> Participant:
    """Move everything of ``remove`` to ``keep``, fill ``keep``'s empty fields, record the merge
    (old pseudonym → kept one) and delete ``remove``. The access log itself is never touched."""
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different records."), code="same")
    # One visit per dagdeel: where both records were checked in, the kept record's visit stays.
    Visit.objects.filter(participant=remove).filter(
        Exists(Visit.objects.filter(participant=keep, date=OuterRef("date"), dagdeel=OuterRef("dagdeel")))
    ).delete()
    if Outflow.objects.filter(participant=keep, ended_on__isnull=True).exists():
        Outflow.objects.filter(participant=remove, ended_on__isnull=True).update(
            ended_on=timezone.localdate()
        )
    for relation in Participant._meta.related_objects:
        field = relation.field
        if isinstance(field, ForeignKey | OneToOneField) and relation.related_model is not Participant:
            relation.related_model._default_manager.filter(**{field.name: remove}).update(
                **{field.name: keep}
            )
    for name in FILLABLE_FIELDS:
        if not getattr(keep, name) and getattr(remove, name):
            value = getattr(remove, name)
            if name == "account":
                remove.account = None
                remove.save(update_fields=["account"])
            setattr(keep, name, value)
    ParticipantMerge.objects.create(
        kept_pseudonym=keep.pseudonym,
        removed_pseudonym=remove.pseudonym,
        merged_by_id=merged_by.pk,
        merged_by_username=merged_by.get_username(),
    )
    remove.delete()
    keep.full_clean()
    keep.save()
    return keep
