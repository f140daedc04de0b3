"""Writes for a participant's journey: profile, ladders, measurements, referrals, outflow and
nazorg, volunteering and continuity. Goals live in ``goals``, merging duplicates in ``merge``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import (
    LADDER_STEPS,
    ConsentPurpose,
    ParticipantStatus,
    ReferralDirection,
    TagKind,
)
from participants.models import (
    Consent,
    Handover,
    LadderEntry,
    Measurement,
    MeasurementAnswer,
    NazorgContact,
    Outflow,
    Participant,
    Questionnaire,
    Referral,
    TalentProfile,
    VolunteerRole,
)
from participants.services.consents import consent_record
from participants.services.conversations import tags_get_or_create
from voorveld.constants import Role
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
            # Short enough for every partner code (the field holds 20); the partner's own name
            # is on the referral itself.
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
    try:
        with transaction.atomic():
            outflow.save()
    except IntegrityError:  # a second outflow recorded at the same moment: one open outflow only
        raise ValidationError(_("This participant has already outflowed."), code="open") from None
    Participant.objects.filter(pk=participant.pk).update(status=ParticipantStatus.OUTFLOWED)
    participant.status = ParticipantStatus.OUTFLOWED
    return outflow


@transaction.atomic
def participant_reactivate(*, participant: Participant, on: dt.date | None = None) -> Participant:
    """Someone who comes back is re-activated, never registered anew: the open outflow ends on
    ``on`` (today when not given; never before the outflow itself) and the status is active."""
    if participant.status != ParticipantStatus.OUTFLOWED:
        raise ValidationError(
            _("%(name)s has not outflowed.") % {"name": participant.short_name}, code="not_outflowed"
        )
    on = on or timezone.localdate()
    outflow = Outflow.objects.filter(participant=participant, ended_on__isnull=True).first()
    if outflow is not None:
        outflow.ended_on = max(on, outflow.outflow_on)
        outflow.save(update_fields=["ended_on"])
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
    ended_on: dt.date | None = None,
    account: User | None = None,
) -> VolunteerRole:
    """A volunteer role of a participant; optionally links their own volunteer account."""
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(_("The end date cannot be before the start date."), code="order")
    if account is not None and account.role != Role.VOLUNTEER:
        raise ValidationError(_("Choose an account with the volunteer role."), code="account_role")
    if account is not None and participant.account_id not in (None, account.pk):
        raise ValidationError(_("This participant already has a volunteer account."), code="account")
    linked_elsewhere = Participant.objects.filter(account=account).exclude(pk=participant.pk)
    if account is not None and linked_elsewhere.exists():
        raise ValidationError(_("This account is already linked to someone else."), code="account_taken")
    volunteer_role = VolunteerRole(
        participant=participant,
        role=role.strip(),
        dagdelen=dagdelen.strip(),
        learning_goals=learning_goals.strip(),
        started_on=started_on,
        ended_on=ended_on,
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
    if coach is not None and (coach.role not in (Role.COACH, Role.COORDINATOR) or not coach.is_active):
        raise ValidationError(_("Choose an active coach or coordinator."), code="coach_role")
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
