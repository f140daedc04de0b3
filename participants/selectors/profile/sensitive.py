"""The sensitive section: who may open it, and only with consent. The one place that decides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import (
    QuerySet,
)

from participants.consent_rules import consent_rule_check
from participants.constants import (
    ConsentPurpose,
)
from participants.models import (
    Consent,
    Participant,
    SensitiveEntry,
    Visit,
)
from voorveld.constants import Role
from voorveld.models import User

# The sensitive section


@dataclass(frozen=True)
class SensitiveAccess:
    """Whether ``user`` may open the sensitive section of ``participant``, and why not.

    Made only by ``sensitive_access``; pass it on to the other selectors to avoid asking twice."""

    user_id: int
    participant_id: int
    person_allowed: bool
    consent: Consent | None
    consent_not_valid: bool = False
    withdrawn_on: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.person_allowed and self.consent is not None


def _person_may_see_sensitive(*, user: User, participant: Participant) -> bool:
    """The vaste begeleider, the coaches of the locations the participant visits, coordinators."""
    if not user.is_active:
        return False
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    if user.role != Role.COACH:
        return False
    return (
        participant.fixed_coach_id == user.pk
        or Visit.objects.filter(participant=participant, location__staff=user).exists()
    )


def sensitive_access(*, user: User, participant: Participant) -> SensitiveAccess:
    """Open only for the allowed people (see above) and only with an active (not withdrawn)
    consent for the sensitive section that meets the consent rule (a known age; under 16 a
    parent or guardian). At most two queries."""
    if not _person_may_see_sensitive(user=user, participant=participant):
        return SensitiveAccess(user.pk, participant.pk, person_allowed=False, consent=None)
    consents = list(
        Consent.objects.filter(participant=participant, purpose=ConsentPurpose.SENSITIVE).order_by(
            "-given_on", "-id"
        )
    )
    not_valid = False
    for consent in consents:
        if consent.withdrawn_on is not None:
            continue
        try:
            consent_rule_check(
                participant=participant,
                purpose=consent.purpose,
                given_by=consent.given_by,
                on=consent.given_on,
            )
        except ValidationError:
            not_valid = True
            continue
        return SensitiveAccess(user.pk, participant.pk, person_allowed=True, consent=consent)
    withdrawn = [c.withdrawn_on for c in consents if c.withdrawn_on is not None]
    return SensitiveAccess(
        user.pk,
        participant.pk,
        person_allowed=True,
        consent=None,
        consent_not_valid=not_valid,
        withdrawn_on=max(withdrawn, default=None),
    )


def checked_access(
    access: SensitiveAccess | None, *, user: User, participant: Participant
) -> SensitiveAccess:
    if access is None:
        return sensitive_access(user=user, participant=participant)
    if (access.user_id, access.participant_id) != (user.pk, participant.pk):
        raise ValueError("This SensitiveAccess was made for another user or participant.")
    return access


def can_see_sensitive(*, user: User, participant: Participant) -> bool:
    return sensitive_access(user=user, participant=participant).is_open


def sensitive_entries_for(
    *, user: User, participant: Participant, access: SensitiveAccess | None = None
) -> QuerySet[SensitiveEntry] | None:
    """The participant's sensitive entries, newest first — or None when ``user`` may not see them."""
    if not checked_access(access, user=user, participant=participant).is_open:
        return None
    return (
        SensitiveEntry.objects.filter(participant=participant)
        .select_related("recorded_by")
        .order_by("-recorded_on", "-id")
    )
