"""The coordinator's lists to act on: who has not been seen for a while, whose goal needs a review,
who is new this month, who has come three times without a goal, and the caseload per vaste
begeleider. Membership and counts are computed in SQL, so the number of queries stays the same
however many participants there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractDay, Floor, TruncDate

from participants.constants import GoalStatus, ParticipantStatus
from participants.models import Goal, Participant, Visit

NOT_SEEN = "niet-gezien"
REVIEW = "review"
NEW = "nieuw"
NO_GOAL = "zonder-doel"
CASELOAD = "per-begeleider"
OVERVIEW_LISTS: tuple[str, ...] = (NOT_SEEN, REVIEW, NEW, NO_GOAL, CASELOAD)
"""Every list, in the order the page shows them; the values are the `lijst=` GET parameter."""
PEOPLE_LISTS: tuple[str, ...] = (NOT_SEEN, REVIEW, NEW, NO_GOAL)
"""The lists whose rows are participants (the caseload list has a row per coach)."""
NO_GOAL_AFTER_VISITS = 3


@dataclass(frozen=True)
class OverviewFilters:
    """What the coordinator narrowed the lists to; None or "" means no filter."""

    location_id: int | None = None
    """Visited this location at least once."""
    activity_id: int | None = None
    """Usual activity."""
    municipality_id: int | None = None
    coach_id: int | None = None
    """Vaste begeleider."""
    status: str = ""


@dataclass(frozen=True)
class OverviewCounts:
    not_seen: int
    review: int
    new: int
    no_goal: int
    without_coach: int
    """Participants (not outflowed) without a vaste begeleider: the count the caseload list acts on."""

    def for_list(self, name: str) -> int:
        return {
            NOT_SEEN: self.not_seen,
            REVIEW: self.review,
            NEW: self.new,
            NO_GOAL: self.no_goal,
            CASELOAD: self.without_coach,
        }[name]


@dataclass(frozen=True)
class CaseloadRow:
    coach_id: int | None
    """None: the participants without a vaste begeleider."""
    coach_name: str
    participants: int
    not_seen: int
    review_due: int


def _filtered(filters: OverviewFilters) -> QuerySet[Participant]:
    # An anonymised record has nobody left to reach out to.
    people = Participant.objects.filter(anonymised_at__isnull=True)
    if filters.location_id:
        people = people.filter(
            Exists(Visit.objects.filter(participant=OuterRef("pk"), location_id=filters.location_id))
        )
    if filters.activity_id:
        people = people.filter(usual_activity_id=filters.activity_id)
    if filters.municipality_id:
        people = people.filter(municipality_id=filters.municipality_id)
    if filters.coach_id:
        people = people.filter(fixed_coach_id=filters.coach_id)
    if filters.status:
        people = people.filter(status=filters.status)
    return people


def _review_due(today: dt.date) -> QuerySet[Goal]:
    return Goal.objects.filter(participant=OuterRef("pk"), status=GoalStatus.ACTIVE, review_on__lte=today)


def _cutoff(today: dt.date, not_seen_weeks: int) -> dt.date:
    """Last seen on this day or earlier: not seen for `not_seen_weeks` whole weeks or longer."""
    return today - dt.timedelta(weeks=not_seen_weeks)


def _annotated(filters: OverviewFilters, today: dt.date) -> QuerySet[Participant, Any]:
    """Every participant passing the filters with what the lists decide on.

    `last_seen` is the last visit, or the registration date for someone who never came: a person
    registered two months ago who never came back is also someone to reach out to."""
    return _filtered(filters).annotate(
        last_visit=Max("visits__date"),
        visit_count=Count("visits"),
        last_seen=Coalesce(F("last_visit"), TruncDate("registered_at")),
        review_due=Exists(_review_due(today)),
        has_goal=Exists(Goal.objects.filter(participant=OuterRef("pk"))),
    )


def _not_seen(today: dt.date, not_seen_weeks: int) -> Q:
    # Outflowed people are followed up through nazorg, not through this list.
    return ~Q(status=ParticipantStatus.OUTFLOWED) & Q(last_seen__lte=_cutoff(today, not_seen_weeks))


def _new(today: dt.date) -> Q:
    # registered_at__date is the local (Europe/Amsterdam) date.
    return Q(registered_at__date__gte=today.replace(day=1), registered_at__date__lte=today)


def _no_goal() -> Q:
    return ~Q(status=ParticipantStatus.OUTFLOWED) & Q(visit_count__gte=NO_GOAL_AFTER_VISITS, has_goal=False)


def _without_coach(filters: OverviewFilters) -> Q:
    condition = Q(fixed_coach__isnull=True)
    return condition if filters.status else condition & ~Q(status=ParticipantStatus.OUTFLOWED)


def overview_people(
    *, name: str, filters: OverviewFilters, today: dt.date, not_seen_weeks: int
) -> QuerySet[Any]:
    """The participants on one list, ordered for acting on them and ready to paginate.

    Each row carries `last_visit`, `visit_count`, `last_seen`, `weeks_away` (whole weeks since
    `last_seen`), `review_on` (the earliest review date due, on the review list) and the gemeente and
    vaste begeleider."""
    people: QuerySet[Any] = (
        _annotated(filters, today)
        .annotate(
            weeks_away=Cast(
                Floor(
                    ExtractDay(ExpressionWrapper(Value(today) - F("last_seen"), output_field=DurationField()))
                    / Value(7)
                ),
                IntegerField(),
            )
        )
        .select_related("municipality", "fixed_coach")
    )
    if name == NOT_SEEN:
        # Who just crossed the line first: they are the easiest to reach.
        return people.filter(_not_seen(today, not_seen_weeks)).order_by("-last_seen", "first_name", "pk")
    if name == REVIEW:
        first_due = _review_due(today).order_by("review_on", "pk")
        due: QuerySet[Any] = (
            people.filter(Q(review_due=True))
            .annotate(
                review_on=Subquery(first_due.values("review_on")[:1]),
                review_goal_id=Subquery(first_due.values("pk")[:1]),
                review_goal=Subquery(first_due.values("description")[:1]),
            )
            .order_by("review_on", "first_name", "pk")
        )
        return due
    if name == NEW:
        return people.filter(_new(today)).order_by("-registered_at", "pk")
    if name == NO_GOAL:
        return people.filter(_no_goal()).order_by("-visit_count", "first_name", "pk")
    raise ValueError(f"not a list of participants: {name}")


def overview_counts(*, filters: OverviewFilters, today: dt.date, not_seen_weeks: int) -> OverviewCounts:
    """The size of every list, in one query, with the same rules as the lists themselves."""
    totals: dict[str, Any] = _annotated(filters, today).aggregate(
        not_seen=Count("pk", filter=_not_seen(today, not_seen_weeks)),
        review=Count("pk", filter=Q(review_due=True)),
        new=Count("pk", filter=_new(today)),
        no_goal=Count("pk", filter=_no_goal()),
        without_coach=Count("pk", filter=_without_coach(filters)),
    )
    return OverviewCounts(**totals)


def caseload_per_coach(*, filters: OverviewFilters, today: dt.date, not_seen_weeks: int) -> list[CaseloadRow]:
    """Participants per vaste begeleider (by name), then those without one; with how many of them
    are on the "not seen" and "review" lists. Outflowed people count only when the status filter
    asks for them. One query."""
    people = _filtered(filters)
    if not filters.status:
        people = people.exclude(status=ParticipantStatus.OUTFLOWED)
    last_visit = Visit.objects.filter(participant=OuterRef("pk")).values("participant").annotate(
        last=Max("date")
    )
    rows = (
        people.annotate(
            last_seen=Coalesce(Subquery(last_visit.values("last")), TruncDate("registered_at")),
            review_due=Exists(_review_due(today)),
        )
        .values(
            "fixed_coach_id", "fixed_coach__first_name", "fixed_coach__last_name", "fixed_coach__username"
        )
        .annotate(
            participants=Count("pk"),
            away=Count("pk", filter=_not_seen(today, not_seen_weeks)),
            due=Count("pk", filter=Q(review_due=True)),
        )
        .order_by(
            F("fixed_coach__first_name").asc(nulls_last=True),
            "fixed_coach__last_name",
            "fixed_coach__username",
        )
    )
    return [
        CaseloadRow(
            coach_id=row["fixed_coach_id"],
            coach_name=" ".join(
                part for part in (row["fixed_coach__first_name"], row["fixed_coach__last_name"]) if part
            )
            or (row["fixed_coach__username"] or ""),
            participants=row["participants"],
            not_seen=row["away"],
            review_due=row["due"],
        )
        for row in rows
    ]
