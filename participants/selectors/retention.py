"""Who is past, or nearly past, the retention period: the last visit or nazorg contact (or the
registration, for someone with neither) more than ``RETENTION_MONTHS`` ago."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest, TruncDate

from participants.constants import RETENTION_PREVIEW_DAYS
from participants.models import NazorgContact, Participant, Visit


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def erase_on(last_seen: dt.date, months: int) -> dt.date:
    """The first day on which someone last seen on ``last_seen`` is past the retention period."""
    return months_before(last_seen, -months) + dt.timedelta(days=1)


def last_seen_before(day: dt.date) -> QuerySet[Participant]:
    """Who is retainable (not anonymised, not on legal hold) and was last seen before ``day``,
    the longest ago first, with ``last_seen``: the latest visit or nazorg contact, else the
    registration date."""
    last_visit = Visit.objects.filter(participant=OuterRef("pk")).values("participant").annotate(
        d=Max("date")
    ).values("d")
    last_contact = NazorgContact.objects.filter(participant=OuterRef("pk")).values("participant").annotate(
        d=Max("contact_on")
    ).values("d")
    # Greatest skips NULLs on PostgreSQL; the registration date is never NULL.
    return Participant.objects.filter(anonymised_at__isnull=True, legal_hold=False).annotate(
        last_seen=Greatest(
            Subquery(last_visit, output_field=DateField()),
            Subquery(last_contact, output_field=DateField()),
            TruncDate("registered_at"),
            output_field=DateField(),
        )
    ).filter(last_seen__lt=day).order_by("last_seen", "pk")


def retention_due(*, today: dt.date, months: int) -> QuerySet[Participant]:
    """Everyone the retention job anonymises today (not on legal hold, not anonymised yet)."""
    return last_seen_before(months_before(today, months))


def retention_upcoming(
    *, today: dt.date, months: int, days: int = RETENTION_PREVIEW_DAYS
) -> QuerySet[Participant]:
    """Everyone who will be anonymised within ``days`` (and anyone overdue), the soonest first;
    a coordinator can still record a contact or a legal hold."""
    horizon = months_before(today + dt.timedelta(days=days), months)
    return last_seen_before(horizon).select_related("municipality", "fixed_coach")
