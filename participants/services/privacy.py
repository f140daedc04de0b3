"""Erasure (anonymisation) of one participant, legal hold, and the retention job.

A record is anonymised in place rather than deleted: the participant row and the facts that
figures count (visits with their date and gemeente, ladder positions, goals and their status,
measurements, referrals, outflow destinations, nazorg contact dates) stay, every name, contact
detail and free text goes. What happens to each model is declared once, in ``ERASURE_POLICY``;
a test walks the model graph and fails when a model that refers to a participant has no policy.

Published reports are frozen snapshots (JSON and PDF) and are not touched. Rows of other apps that
point at this person's records (a story resting on a consent) are deleted, as a CASCADE would; the
participants app finds them through the model metadata and never imports those apps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ERASED_PLACEHOLDER, ConsentGiver, ErasureReason
from participants.models import Consent, ErasureRecord, Participant
from participants.selectors.inzage import foreign_rows, person_models
from participants.selectors.retention import retention_due
from voorveld.models import User

Action = Literal["delete", "scrub", "keep"]


@dataclass(frozen=True)
class ErasurePolicy:
    """What erasure does with the rows of one model that belong to the person.

    ``scrub`` lists the text fields that are emptied (or set to the placeholder where the database
    requires text); ``keep`` lists the text fields that stay because they hold no personal data
    (codes, versions). Together they name every free-text field of a kept model — a test checks."""

    action: Action
    scrub: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    why: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)


# Keyed by model label. The auto-created tables of tags on a conversation or talent profile go with
# their conversation or profile.
ERASURE_POLICY: dict[str, ErasurePolicy] = {
    "participants.Visit": ErasurePolicy("keep", why="Counted in reach and attendance."),
    "participants.Conversation": ErasurePolicy("delete", why="Free text about the person."),
    "participants.Conversation_talents": ErasurePolicy("delete"),
    "participants.Conversation_interests": ErasurePolicy("delete"),
    "participants.TalentProfile": ErasurePolicy("delete", why="Free text about the person."),
    "participants.TalentProfile_talents": ErasurePolicy("delete"),
    "participants.TalentProfile_interests": ErasurePolicy("delete"),
    "participants.SensitiveEntry": ErasurePolicy("delete", why="Special-category data, not counted."),
    "participants.Handover": ErasurePolicy("delete", why="Free text, not counted."),
    "participants.Consent": ErasurePolicy(
        "scrub", scrub=("guardian_name",), keep=("text_version",),
        why="Kept (withdrawn) as proof of what was agreed; the guardian's name goes.",
        overrides={
            "guardian_name": Case(
                When(given_by=ConsentGiver.GUARDIAN, then=Value(ERASED_PLACEHOLDER)), default=Value("")
            ),
        },
    ),
    "participants.Goal": ErasurePolicy(
        "scrub", scrub=("description",), why="Goals set and achieved are counted."
    ),
    "participants.GoalStep": ErasurePolicy("scrub", scrub=("description",)),
    "participants.GoalEvent": ErasurePolicy("scrub", scrub=("note",)),
    "participants.LadderEntry": ErasurePolicy("scrub", scrub=("note",), why="Ladder movement is counted."),
    "participants.Measurement": ErasurePolicy("keep", why="Answers are counted."),
    "participants.MeasurementAnswer": ErasurePolicy("keep"),
    "participants.Referral": ErasurePolicy(
        "scrub", scrub=("partner_name", "note"), why="Referrals are counted by partner type."
    ),
    "participants.Outflow": ErasurePolicy("scrub", scrub=("note",), why="Outflow destinations are counted."),
    "participants.NazorgContact": ErasurePolicy(
        "scrub", scrub=("note",), why="The date counts for retention."
    ),
    "participants.VolunteerRole": ErasurePolicy(
        "scrub", scrub=("role", "dagdelen", "learning_goals"), why="Volunteering is counted."
    ),
}


def _scrub_value(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    return "" if getattr(model_field, "blank", False) else ERASED_PLACEHOLDER


def _scrub_account(user: User) -> None:
    """The volunteer login of the person: closed and stripped of name and e-mail. Kept as a row,
    because other people's records say who recorded them."""
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.role = ""
    user.set_unusable_password()
    user.save()


def participant_anonymise(
    *, participant: Participant, reason: ErasureReason | str, by: User | None
) -> ErasureRecord:
    """Anonymise one participant in place and record that it happened (pseudonym, reason, who,
    when). Refused for a record on legal hold or one already anonymised."""
    if reason not in ErasureReason.values:
        raise ValidationError(_("Choose a reason."))
    today = timezone.localdate()
    with transaction.atomic():
        person = Participant.objects.select_for_update().get(pk=participant.pk)
        if person.anonymised_at is not None:
            raise ValidationError(_("This record has already been anonymised."))
        if person.legal_hold:
            raise ValidationError(_("This record is on legal hold. Lift the hold first."))
        # Consents end with the record: no new report may use a story or referral resting on them.
        Consent.objects.filter(participant=person, withdrawn_on__isnull=True).update(
            withdrawn_on=Greatest(Value(today), F("given_on"))
        )
        for _model, rows in list(foreign_rows(person)):
            rows.delete()
        for label, (model, path) in person_models().items():
            policy = ERASURE_POLICY[label]
            rows = model._default_manager.filter(**{path: person})
            if policy.action == "delete":
                rows.delete()
            elif policy.action == "scrub":
                rows.update(**{
                    name: policy.overrides.get(name, Value(_scrub_value(model, name)))
                    for name in policy.scrub
                })
        if person.account_id is not None:
            account = User.objects.get(pk=person.account_id)
            _scrub_account(account)
        if person.date_of_birth is not None and person.birth_year is None:
            # The year alone keeps the age bands of later reports right (to the year).
            person.birth_year = person.date_of_birth.year
        person.first_name = ""
        person.last_name = ""
        person.nickname = ERASED_PLACEHOLDER
        person.date_of_birth = None
        person.phone = ""
        person.account = None
        person.registration_key = None
        person.anonymised_at = timezone.now()
        person.save()
        record = ErasureRecord.objects.create(
            pseudonym=person.pseudonym,
            reason=reason,
            erased_by_id=by.pk if by else None,
            erased_by_username=by.get_username() if by else "",
        )
    participant.refresh_from_db()
    return record


def legal_hold_set(*, participant: Participant, reason: str, on: dt.date | None = None) -> Participant:
    """Put a record on legal hold: the retention job leaves it alone until the hold is lifted."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the legal hold."))
    if participant.anonymised_at is not None:
        raise ValidationError(_("This record has already been anonymised."))
    participant.legal_hold = True
    participant.legal_hold_reason = reason
    participant.legal_hold_since = on or timezone.localdate()
    participant.save(update_fields=["legal_hold", "legal_hold_reason", "legal_hold_since", "updated_at"])
    return participant


def legal_hold_lift(*, participant: Participant) -> Participant:
    participant.legal_hold = False
    participant.legal_hold_reason = ""
    participant.legal_hold_since = None
    participant.save(update_fields=["legal_hold", "legal_hold_reason", "legal_hold_since", "updated_at"])
    return participant


def retention_anonymise_due(*, today: dt.date, months: int | None = None) -> list[ErasureRecord]:
    """The daily job: anonymise everyone whose last visit or nazorg contact (or registration, when
    there is neither) is more than the retention period ago, except records on legal hold. Each
    person in their own transaction, so one failure does not keep the others."""
    months = settings.RETENTION_MONTHS if months is None else months
    records = []
    for person in retention_due(today=today, months=months):
        try:
            records.append(
                participant_anonymise(participant=person, reason=ErasureReason.RETENTION, by=None)
            )
        except ValidationError:
            continue  # put on hold or anonymised meanwhile
    return records
