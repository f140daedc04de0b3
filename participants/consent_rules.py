"""Who may give which consent: a pure rule that services (on recording) and selectors (on opening
the sensitive section) both check, so it lives outside both."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from participants.constants import GUARDIAN_CONSENT_AGE, ConsentGiver, ConsentPurpose
from participants.models import Participant


def consent_rule_check(*, participant: Participant, purpose: str, given_by: str, on: dt.date) -> None:
    """The sensitive section needs a known birth year; under 16 a parent's or guardian's consent."""
    if purpose != ConsentPurpose.SENSITIVE:
        return
    age = participant.age_on(on)
    if age is None:
        raise ValidationError(
            _("Record the year of birth first: the sensitive section needs a known age."),
            code="age_unknown",
        )
    if age < GUARDIAN_CONSENT_AGE and given_by != ConsentGiver.GUARDIAN:
        raise ValidationError(
            _("Under 16 the consent of a parent or guardian is needed (name and date)."),
            code="guardian_required",
        )
