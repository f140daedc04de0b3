"""Reads of person-centred data. Scoping by role happens here, so no view can forget it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.db.models.functions import Lower
from django.utils import timezone

from participants.constants import Dagdeel, MunicipalityKind, ParticipantStatus
from participants.models import (
    Activity,
    Location,
    LocationClosure,
    Municipality,
    Organisation,
    Participant,
    Visit,
)
from voorveld.constants import Role
from voorveld.models import User


def local_today() -> dt.date:
    """Today in Europe/Amsterdam: visits are dated by the local date."""
    return timezone.localdate()


def organisation_get() -> Organisation | None:
    return Organisation.objects.first()


def locations_for_user(*, user: User) -> QuerySet[Location]:
    """Coordinators and admins see every active location; other staff only their own."""
    locations = Location.objects.filter(is_active=True)
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return locations
    return locations.filter(staff=user)


def municipality_list(*, active_only: bool = True) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.all()
    if active_only:
        municipalities = municipalities.filter(is_active=True)
    # Regular gemeenten first, then "other" and "unknown" at the end of every list.
    return municipalities.order_by(
        Case(When(kind=MunicipalityKind.REGULAR, then=0), default=1), "kind", "name"
    )


def activity_list(*, active_only: bool = True) -> QuerySet[Activity]:
    activities = Activity.objects.all()
    return activities.filter(is_active=True) if active_only else activities


@dataclass(frozen=True)
class DagdeelAttendance:
    location: Location
    dagdeel: str
    dagdeel_label: str
    count: int
    is_open: bool

    @property
    def capacity(self) -> int:
        return self.location.capacity


def attendance_for_day(*, locations: QuerySet[Location], date: dt.date) -> list[DagdeelAttendance]:
    """Per location and dagdeel: the number checked in on ``date``, and whether it is scheduled open.

    Two queries whatever the number of locations or visits.
    """
    weekday = date.weekday()
    location_list = list(
        locations.annotate(
            closed=Count("closures", filter=Q(closures__date=date)),
        ).prefetch_related("openings")
    )
    counts = {
        (row["location_id"], row["dagdeel"]): row["n"]
        for row in Visit.objects.filter(date=date, location__in=[loc.pk for loc in location_list])
        .values("location_id", "dagdeel")
        .annotate(n=Count("id"))
    }
    rows: list[DagdeelAttendance] = []
    for location in location_list:
        open_dagdelen = (
            set()
            if location.closed
            else {o.dagdeel for o in location.openings.all() if o.weekday == weekday}
        )
        for value, label in Dagdeel.choices:
            count = counts.get((location.pk, value), 0)
            if value in open_dagdelen or count:
                rows.append(
                    DagdeelAttendance(location, value, str(label), count, value in open_dagdelen)
                )
    return rows


@dataclass(frozen=True)
class DashboardFigures:
    participants_active: int
    participants_new_this_month: int
    visits_this_month: int
    unique_visitors_this_month: int


def dashboard_figures(*, today: dt.date) -> DashboardFigures:
    """Key figures for the coordinator's overview, in two aggregate queries."""
    month_start = today.replace(day=1)
    people = Participant.objects.aggregate(
        active=Count("id", filter=~Q(status=ParticipantStatus.OUTFLOWED)),
        new=Count("id", filter=Q(registered_at__date__gte=month_start)),
    )
    visits = Visit.objects.filter(date__gte=month_start, date__lte=today).aggregate(
        visits=Count("id"), unique=Count("participant_id", distinct=True)
    )
    return DashboardFigures(
        participants_active=people["active"],
        participants_new_this_month=people["new"],
        visits_this_month=visits["visits"],
        unique_visitors_this_month=visits["unique"],
    )


# --- Organisation settings -------------------------------------------------------------------

# The roles a coordinator hands out in the portal; officers and administrators are managed by an
# administrator elsewhere.
MANAGED_STAFF_ROLES: tuple[str, ...] = (Role.COORDINATOR, Role.COACH, Role.VOLUNTEER)
# The staff list's role filter value for accounts that have no role yet.
NO_ROLE = "none"


@dataclass(frozen=True)
class SettingsOverview:
    organisation: Organisation | None
    locations_active: int
    locations_inactive: int
    activities_active: int
    activities_inactive: int
    municipalities_active: int
    staff_active: int
    staff_inactive: int


def settings_overview() -> SettingsOverview:
    """The short counts on the settings start page: one query per section."""
    locations = Location.objects.aggregate(
        active=Count("id", filter=Q(is_active=True)), inactive=Count("id", filter=Q(is_active=False))
    )
    activities = Activity.objects.aggregate(
        active=Count("id", filter=Q(is_active=True)), inactive=Count("id", filter=Q(is_active=False))
    )
    staff = staff_manageable().aggregate(
        active=Count("id", filter=Q(is_active=True)), inactive=Count("id", filter=Q(is_active=False))
    )
    return SettingsOverview(
        organisation=organisation_get(),
        locations_active=locations["active"],
        locations_inactive=locations["inactive"],
        activities_active=activities["active"],
        activities_inactive=activities["inactive"],
        municipalities_active=Municipality.objects.filter(is_active=True).count(),
        staff_active=staff["active"],
        staff_inactive=staff["inactive"],
    )


def location_settings_list() -> QuerySet[Location]:
    """Every location, active ones first, with the counts the settings list shows."""
    today = local_today()
    return Location.objects.annotate(
        opening_count=Count("openings", distinct=True),
        staff_count=Count("staff", distinct=True),
        upcoming_closure_count=Count("closures", filter=Q(closures__date__gte=today), distinct=True),
    ).order_by("-is_active", Lower("name"))


def location_opening_keys(*, location: Location) -> set[tuple[int, str]]:
    """The weekly schedule as (weekday, dagdeel) pairs."""
    return set(location.openings.values_list("weekday", "dagdeel"))


def closure_list(*, location: Location, today: dt.date) -> QuerySet[LocationClosure]:
    """Closure dates of one location: upcoming ones first (soonest first), then past ones (latest first)."""
    return (
        LocationClosure.objects.filter(location=location)
        .annotate(is_past=Case(When(date__lt=today, then=True), default=False))
        .order_by("is_past", Case(When(date__gte=today, then=F("date"))).asc(), "-date")
    )


def activity_settings_list() -> QuerySet[Activity]:
    return Activity.objects.order_by("-is_active", Lower("name"))


def staff_manageable() -> QuerySet[User]:
    """Accounts a coordinator manages: coordinators, coaches, volunteers and accounts without a role."""
    return User.objects.filter(role__in=[*MANAGED_STAFF_ROLES, ""])


def staff_list(*, role: str = "", is_active: bool | None = None) -> QuerySet[User]:
    """Staff accounts for the settings list, each with its locations in one extra query.

    ``role`` filters on one role (``NO_ROLE`` for accounts without a role); empty means all.
    """
    users = staff_manageable()
    if role == NO_ROLE:
        users = users.filter(role="")
    elif role:
        users = users.filter(role=role)
    if is_active is not None:
        users = users.filter(is_active=is_active)
    return users.prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("name"))
    ).order_by("-is_active", Lower("first_name"), Lower("last_name"), "username")
