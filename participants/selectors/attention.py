"""Lists a coordinator acts on: who has not been seen, whose goal needs a review, who is new,
who has no goal after three visits, and the caseload per coach. All in SQL; constant queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from participants.constants import GoalStatus, ParticipantStatus
from participants.models import Goal, Participant, Visit

LISTS = ("niet-gezien", "review", "nieuw", "zonder-doel")


@dataclass(frozen=True)
class Filters:
    location_id: int | None = None
    activity_id: int | None = None
    municipality_id: int | None = None
    coach_id: int | None = None
    status: str = ""


def _filtered(filters: Filters) -> QuerySet[Participant]:
    people = Participant.objects.all()
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


def attention_list(
    *, name: str, filters: Filters, today: dt.date, not_seen_weeks: int
) -> QuerySet[Participant]:
    """One of the lists, annotated with last visit and visit count, ready to paginate."""
    people = _filtered(filters).annotate(last_visit=Max("visits__date"), visit_count=Count("visits"))
    people = people.select_related("municipality", "fixed_coach")
    if name == "niet-gezien":
        cutoff = today - dt.timedelta(weeks=not_seen_weeks)
        return (
            people.exclude(status=ParticipantStatus.OUTFLOWED)
            .filter(last_visit__lt=cutoff)
            .order_by("last_visit", "pk")
        )
    if name == "review":
        due = Goal.objects.filter(participant=OuterRef("pk"), status=GoalStatus.ACTIVE, review_on__lte=today)
        return people.filter(Exists(due)).order_by("first_name", "pk")
    if name == "nieuw":
        return people.filter(registered_at__date__gte=today.replace(day=1)).order_by("-registered_at", "pk")
    if name == "zonder-doel":
        return (
            people.exclude(status=ParticipantStatus.OUTFLOWED)
            .filter(visit_count__gte=3)
            .exclude(Exists(Goal.objects.filter(participant=OuterRef("pk"))))
            .order_by("first_name", "pk")
        )
    raise ValueError(name)


def attention_counts(*, filters: Filters, today: dt.date, not_seen_weeks: int) -> dict[str, int]:
    """The size of every list, in one query."""
    cutoff = today - dt.timedelta(weeks=not_seen_weeks)
    people = _filtered(filters).annotate(last_visit=Max("visits__date"), visit_count=Count("visits"))
    active = ~Q(status=ParticipantStatus.OUTFLOWED)
    due = Exists(
        Goal.objects.filter(participant=OuterRef("pk"), status=GoalStatus.ACTIVE, review_on__lte=today)
    )
    any_goal = Exists(Goal.objects.filter(participant=OuterRef("pk")))
    people = people.annotate(review_due=due, has_goal=any_goal)
    result: dict[str, Any] = people.aggregate(
        niet_gezien=Count("pk", filter=active & Q(last_visit__lt=cutoff)),
        review=Count("pk", filter=Q(review_due=True)),
        nieuw=Count("pk", filter=Q(registered_at__date__gte=today.replace(day=1))),
        zonder_doel=Count("pk", filter=active & Q(visit_count__gte=3, has_goal=False)),
    )
    return {key.replace("_", "-"): value for key, value in result.items()}


def caseload_per_coach(*, filters: Filters) -> list[dict[str, Any]]:
    """Participants (not outflowed) per vaste begeleider, and those without one."""
    rows = (
        _filtered(filters)
        .exclude(status=ParticipantStatus.OUTFLOWED)
        .values(
            "fixed_coach_id", "fixed_coach__first_name", "fixed_coach__last_name", "fixed_coach__username"
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "fixed_coach__username")
    )
    return [
        {
            "coach_id": r["fixed_coach_id"],
            "name": " ".join(x for x in (r["fixed_coach__first_name"], r["fixed_coach__last_name"]) if x)
            or r["fixed_coach__username"],
            "count": r["n"],
        }
        for r in rows
    ]
