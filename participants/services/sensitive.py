"""Writes to the sensitive section: life domains the participant chose to discuss and a short note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import SensitiveDomain
from participants.models import Participant, SensitiveEntry
from participants.selectors.profile.sensitive import sensitive_access
from voorveld.models import User


@transaction.atomic
def sensitive_entry_add(
    *,
    participant: Participant,
    domains: Iterable[str],
    note: str,
    recorded_on: dt.date,
    recorded_by: User,
) -> SensitiveEntry:
    """Add a dated entry to the sensitive section.

    Only someone who may open the section (the vaste begeleider, a coach of the participant's
    locations, a coordinator) and only while an active consent for it meets the consent rule —
    the same selector the pages use decides. At least one domain or a note; never in the future.
    Raises ``ValidationError`` otherwise."""
    access = sensitive_access(user=recorded_by, participant=participant)
    if not access.person_allowed:
        raise ValidationError(
            _(
                "Only the vaste begeleider, the coaches of this person's locations and coordinators "
                "can write in the sensitive section."
            ),
            code="not_allowed",
        )
    if access.consent is None:
        raise ValidationError(_("Record consent for the sensitive section first."), code="no_consent")
    chosen = set(domains)
    unknown = chosen - set(SensitiveDomain.values)
    if unknown:
        raise ValidationError(_("Choose life domains from the list."), code="domain")
    note = note.strip()
    if not chosen and not note:
        raise ValidationError(_("Choose a life domain or write a short note."), code="empty")
    if recorded_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    entry = SensitiveEntry(
        participant=participant,
        domains=[d for d in SensitiveDomain.values if d in chosen],
        note=note,
        recorded_on=recorded_on,
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry
