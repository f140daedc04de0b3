from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ParticipantStatus
from participants.models import Activity, AnonymousVisitCount, Location, Outflow, Participant, Visit
from participants.services.journey import participant_reactivate
from voorveld.models import User


class AlreadyCheckedIn(ValidationError):
    """The person already has a visit for this dagdeel."""


@dataclass(frozen=True)
class CheckInResult:
    visit: Visit
    created: bool


def visit_date_validate(*, date: dt.date, today: dt.date | None = None) -> None:
    """A visit is logged for today or up to VISIT_BACKDATE_DAYS back; never for a future day."""
    today = today or timezone.localdate()
    if date > today:
        raise ValidationError(_("You cannot record a visit on a future day."), code="future")
    if date < today - dt.timedelta(days=settings.VISIT_BACKDATE_DAYS):
        raise ValidationError(
            _("You can record a visit up to %(days)s days back.") % {"days": settings.VISIT_BACKDATE_DAYS},
            code="too_old",
        )


def _reactivate_if_back(*, participant: Participant, date: dt.date) -> None:
    """Someone who outflowed and comes back is re-activated, never registered anew. A back-dated
    visit from before the outflow (a late paper list) does not count as coming back."""
    if participant.status != ParticipantStatus.OUTFLOWED:
        return
    if Outflow.objects.filter(participant=participant, ended_on__isnull=True, outflow_on__gt=date).exists():
        return
    participant_reactivate(participant=participant, on=date)


def _visit_for(
    *, participant: Participant, location: Location, activity: Activity | None, date: dt.date,
    dagdeel: str, checked_in_by: User, request_key: uuid.UUID | None = None,
) -> Visit:
    return Visit(
        participant=participant,
        location=location,
        activity=activity,
        date=date,
        dagdeel=dagdeel,
        municipality_id=participant.municipality_id,
        indicatie_category=participant.indicatie_category,
        checked_in_by=checked_in_by,
        request_key=request_key,
    )


def visit_check_in(
    *,
    participant: Participant,
    location: Location,
    activity: Activity | None,
    date: dt.date,
    dagdeel: str,
    checked_in_by: User,
    request_key: uuid.UUID | None = None,
) -> CheckInResult:
    """Check a person in for one dagdeel, with a snapshot of gemeente and indicatie on that day.

    Idempotent per ``request_key``: a retried or double-tapped form returns the visit it already
    made (``created`` False). A second, different check-in for the same dagdeel raises
    AlreadyCheckedIn.
    """
    visit_date_validate(date=date)
    if request_key is not None:
        existing = Visit.objects.filter(request_key=request_key).first()
        if existing is not None:
            if existing.participant_id == participant.pk:
                return CheckInResult(existing, created=False)
            # A form already used for someone else (a page reused after going back): this is a
            # new check-in, not a retry, so it must not return the other person's visit.
            request_key = None
    visit = _visit_for(
        participant=participant, location=location, activity=activity, date=date, dagdeel=dagdeel,
        checked_in_by=checked_in_by, request_key=request_key,
    )
    visit.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            visit.save()
            _reactivate_if_back(participant=participant, date=date)
    except IntegrityError:
        if request_key is not None:
            existing = Visit.objects.filter(request_key=request_key, participant=participant).first()
            if existing is not None:
                return CheckInResult(existing, created=False)
        raise AlreadyCheckedIn(
            _("%(name)s is already checked in for this dagdeel.") % {"name": participant.short_name},
            code="already_checked_in",
        ) from None
    return CheckInResult(visit, created=True)


def visit_undo(*, visit: Visit) -> None:
    """Remove a mistaken check-in (within the period a coach may still log visits)."""
    visit_date_validate(date=visit.date)
    visit.delete()


@transaction.atomic
def visits_record_bulk(
    *,
    participants: list[Participant],
    location: Location,
    date: dt.date,
    dagdeel: str,
    checked_in_by: User,
) -> int:
    """Record attendance from a paper list; people already checked in are skipped. Returns how
    many visits were added."""
    visit_date_validate(date=date)
    present = set(
        Visit.objects.filter(participant__in=participants, date=date, dagdeel=dagdeel)
        .values_list("participant_id", flat=True)
    )
    new = [
        _visit_for(
            participant=p, location=location, activity=p.usual_activity, date=date,
            dagdeel=dagdeel, checked_in_by=checked_in_by,
        )
        for p in participants
        if p.pk not in present
    ]
    created = Visit.objects.bulk_create(new, ignore_conflicts=True)
    for participant in participants:
        if participant.pk not in present:
            _reactivate_if_back(participant=participant, date=date)
    return len(created)


MAX_ANONYMOUS = 500


@transaction.atomic
def anonymous_count_adjust(
    *, location: Location, date: dt.date, dagdeel: str, delta: int, user: User
) -> int:
    """Add ``delta`` (may be negative) to the anonymous visitors of a dagdeel, kept within
    0..MAX_ANONYMOUS. Safe under concurrent taps: one row per dagdeel, updated in SQL."""
    visit_date_validate(date=date)
    where = {"location": location, "date": date, "dagdeel": dagdeel}
    AnonymousVisitCount.objects.bulk_create(
        [AnonymousVisitCount(**where, updated_by=user)], ignore_conflicts=True
    )
    AnonymousVisitCount.objects.filter(**where).update(
        count=Least(Greatest(F("count") + delta, Value(0)), Value(MAX_ANONYMOUS)), updated_by=user
    )
    return AnonymousVisitCount.objects.values_list("count", flat=True).get(**where)
