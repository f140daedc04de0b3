from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.consent_rules import consent_rule_check
from participants.constants import ConsentGiver
from participants.models import Consent, Participant
from voorveld.models import User


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    purpose: str,
    text_version: str,
    recorded_by: User,
    given_by: str = ConsentGiver.PARTICIPANT,
    guardian_name: str = "",
    given_on: dt.date | None = None,
) -> Consent:
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise ValidationError(_("Consent cannot be dated in the future."), code="future")
    consent_rule_check(participant=participant, purpose=purpose, given_by=given_by, on=given_on)
    consent = Consent(
        participant=participant,
        purpose=purpose,
        text_version=text_version,
        given_by=given_by,
        guardian_name=guardian_name.strip(),
        given_on=given_on,
        recorded_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: dt.date | None = None) -> Consent:
    consent.withdrawn_on = on or timezone.localdate()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent
