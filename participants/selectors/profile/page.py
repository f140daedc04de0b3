"""The participant page apart from its timeline: the header, attendance in positive terms, the
talent profile, goals, ladders and volunteering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Max,
    Min,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext

from participants.constants import (
    LADDER_STEPS,
    Dagdeel,
    GoalStatus,
    StepStatus,
    TagKind,
    Weekday,
)
from participants.models import (
    Conversation,
    Goal,
    GoalStep,
    Handover,
    LadderEntry,
    Outflow,
    Participant,
    Questionnaire,
    Tag,
    TalentProfile,
    Visit,
    VolunteerRole,
)
from participants.selectors.door import participants_visible_to
from voorveld.models import User

ATTENDANCE_MONTHS = 6
REGULAR_WEEKS = 12
REGULAR_TOP = 3
# Geometry of the month chart (SVG user units): bars of at most 70 high standing on y=88.
MONTH_BAR_WIDTH = 36
MONTH_BAR_STEP = 48
MONTH_CHART_HEIGHT = 70
MONTH_CHART_BASE = 88

# --------------------------------------------------------------------------------------------
# The participant and the header


def participant_for_page(*, user: User, pk: int) -> Participant | None:
    """One participant with what the header shows, only when ``user`` may see them; else None."""
    return (
        participants_visible_to(user=user).select_related("municipality", "fixed_coach").filter(pk=pk).first()
    )


def open_outflow(*, participant: Participant) -> Outflow | None:
    """The current outflow of someone who has left (for "outflowed on … to …" in the header)."""
    return Outflow.objects.filter(participant=participant, ended_on__isnull=True).first()


def handover_for(*, user: User, participant: Participant) -> Handover | None:
    """The latest handover note, for the vaste begeleider it was written to — the next coach
    reads it first. Nobody else gets it here (it is on the timeline for everyone)."""
    if participant.fixed_coach_id != user.pk:
        return None
    return (
        Handover.objects.filter(participant=participant, to_coach=user)
        .select_related("from_coach")
        .order_by("-handed_over_on", "-id")
        .first()
    )


# --------------------------------------------------------------------------------------------
# Attendance, in positive terms only


@dataclass(frozen=True)
class MonthBar:
    """One bar of the small month chart (an SVG drawn on the server: no JavaScript)."""

    month: dt.date
    visits: int
    x: int
    y: int
    height: int

    @property
    def label_x(self) -> int:
        return self.x + MONTH_BAR_WIDTH // 2


@dataclass(frozen=True)
class Attendance:
    """How often someone came — never how often they did not. ``recent`` sums the chart's months
    (this month and the five before), so the sentence and the chart always agree."""

    recent: int
    since: dt.date
    by_month: list[tuple[dt.date, int]]
    total: int
    first_visit: dt.date | None
    last_visit: dt.date | None
    regular_activities: list[tuple[str, int]]
    regular_dagdelen: list[tuple[str, int]]

    @property
    def bars(self) -> list[MonthBar]:
        tallest = max((n for _, n in self.by_month), default=0) or 1
        bars = []
        for index, (month, n) in enumerate(self.by_month):
            height = round(MONTH_CHART_HEIGHT * n / tallest)
            bars.append(
                MonthBar(
                    month=month,
                    visits=n,
                    x=10 + index * MONTH_BAR_STEP,
                    y=MONTH_CHART_BASE - height,
                    height=height,
                )
            )
        return bars


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    """First days of this month and the ``months - 1`` before it, oldest first."""
    starts = [today.replace(day=1)]
    while len(starts) < months:
        starts.append((starts[-1] - dt.timedelta(days=1)).replace(day=1))
    return list(reversed(starts))


def _weekday_dagdeel(iso_weekday: int, dagdeel: str) -> str:
    return gettext("%(weekday)s %(dagdeel)s") % {
        "weekday": Weekday(iso_weekday - 1).label,
        "dagdeel": str(Dagdeel(dagdeel).label).lower(),
    }


def attendance_summary(*, participant: Participant, today: dt.date) -> Attendance:
    """Visits per month for the chart, the totals, and the regular activities and weekday ×
    dagdeel combinations of the last 12 weeks with their counts. Four aggregate queries in SQL,
    whatever the number of visits."""
    visits = Visit.objects.filter(participant=participant, date__lte=today)
    starts = _month_starts(today, ATTENDANCE_MONTHS)
    per_month = {
        row["month"]: row["n"]
        for row in visits.filter(date__gte=starts[0])
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    by_month = [(start, per_month.get(start, 0)) for start in starts]
    overall = visits.aggregate(total=Count("id"), first=Min("date"), last=Max("date"))
    regular = visits.filter(date__gt=today - dt.timedelta(weeks=REGULAR_WEEKS))
    activities = [
        (row["activity__name"], row["n"])
        for row in regular.exclude(activity=None)
        .values("activity__name")
        .annotate(n=Count("id"))
        .order_by("-n", "activity__name")[:REGULAR_TOP]
    ]
    dagdelen = [
        (_weekday_dagdeel(row["date__iso_week_day"], row["dagdeel"]), row["n"])
        for row in regular.values("date__iso_week_day", "dagdeel")
        .annotate(n=Count("id"))
        .order_by("-n", "date__iso_week_day", "dagdeel")[:REGULAR_TOP]
    ]
    return Attendance(
        recent=sum(n for _, n in by_month),
        since=starts[0],
        by_month=by_month,
        total=overall["total"],
        first_visit=overall["first"],
        last_visit=overall["last"],
        regular_activities=activities,
        regular_dagdelen=dagdelen,
    )


# --------------------------------------------------------------------------------------------
# Talents, goals, ladders, volunteering


@dataclass(frozen=True)
class TalentSummary:
    """The current talent profile (its newest version) and the talent and interest tags from the
    conversations that the profile does not list yet."""

    profile: TalentProfile | None
    talents: list[str]
    interests: list[str]
    talents_from_conversations: list[str]
    interests_from_conversations: list[str]

    @property
    def is_empty(self) -> bool:
        return self.profile is None and not (
            self.talents_from_conversations or self.interests_from_conversations
        )


def talent_summary(*, participant: Participant) -> TalentSummary:
    """Two queries: the newest profile version, then every tag of it and of the conversations."""
    profile = TalentProfile.objects.filter(participant=participant).order_by("-created_at", "-id").first()
    conversations = Conversation.objects.filter(participant=participant)
    in_conversations = Q(
        pk__in=Conversation.talents.through.objects.filter(conversation__in=conversations).values("tag_id")
    ) | Q(
        pk__in=Conversation.interests.through.objects.filter(conversation__in=conversations).values("tag_id")
    )
    in_profile = Q(pk__in=[])
    if profile is not None:
        in_profile = Q(
            pk__in=TalentProfile.talents.through.objects.filter(talentprofile=profile).values("tag_id")
        ) | Q(pk__in=TalentProfile.interests.through.objects.filter(talentprofile=profile).values("tag_id"))
    tags = Tag.objects.filter(in_conversations | in_profile).annotate(
        on_profile=Case(When(in_profile, then=Value(True)), default=Value(False))
    )
    talents: list[str] = []
    interests: list[str] = []
    more_talents: list[str] = []
    more_interests: list[str] = []
    for tag in tags.order_by("name"):
        if tag.kind == TagKind.TALENT:
            (talents if tag.on_profile else more_talents).append(tag.name)
        else:
            (interests if tag.on_profile else more_interests).append(tag.name)
    return TalentSummary(profile, talents, interests, more_talents, more_interests)


def active_goals(*, participant: Participant) -> list[Goal]:
    """Active goals, newest first, each with its open steps (``open_steps``). Two queries."""
    return list(
        Goal.objects.filter(participant=participant, status=GoalStatus.ACTIVE)
        .select_related("life_domain")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=GoalStep.objects.filter(status=StepStatus.OPEN).order_by("order", "id"),
                to_attr="open_steps",
            )
        )
        .order_by("-started_on", "-id")
    )


def earlier_goals(*, participant: Participant) -> list[Goal]:
    """Goals that are achieved, adjusted or stopped, newest first: each can be opened (and
    reopened) from the page. One query."""
    return list(
        Goal.objects.filter(participant=participant)
        .exclude(status=GoalStatus.ACTIVE)
        .only("id", "participant_id", "description", "status", "started_on")
        .order_by("-started_on", "-id")
    )


@dataclass(frozen=True)
class LadderPosition:
    ladder: str
    ladder_label: str
    value: int
    step_label: str
    recorded_on: dt.date


def latest_ladder_positions(*, participant: Participant) -> list[LadderPosition]:
    """The newest position on each ladder: one query (PostgreSQL DISTINCT ON)."""
    entries = (
        LadderEntry.objects.filter(participant=participant)
        .order_by("ladder", "-recorded_on", "-id")
        .distinct("ladder")
    )
    positions = []
    for entry in entries:
        steps: Mapping[int, Any] = LADDER_STEPS.get(entry.ladder, {})  # type: ignore[call-overload]
        positions.append(
            LadderPosition(
                ladder=entry.ladder,
                ladder_label=str(entry.get_ladder_display()),
                value=entry.value,
                step_label=str(steps.get(entry.value, entry.value)),
                recorded_on=entry.recorded_on,
            )
        )
    return positions


def current_volunteer_roles(*, participant: Participant, today: dt.date) -> list[VolunteerRole]:
    return list(
        VolunteerRole.objects.filter(participant=participant)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("-started_on", "-id")
    )


def questionnaires_to_record() -> list[Questionnaire]:
    """The active questionnaires a coach can fill in with the participant."""
    return list(Questionnaire.objects.filter(is_active=True).order_by("name"))


# --------------------------------------------------------------------------------------------
# A volunteer's own roles


@dataclass(frozen=True)
class Volunteering:
    participant: Participant | None
    current: list[VolunteerRole]
    earlier: list[VolunteerRole]


def volunteering_for(*, user: User, today: dt.date) -> Volunteering:
    """The roles of the participant linked to ``user``'s own account — nobody else's. Two queries."""
    participant = Participant.objects.filter(account=user).first()
    if participant is None:
        return Volunteering(None, [], [])
    roles = list(VolunteerRole.objects.filter(participant=participant).order_by("-started_on", "-id"))
    current = [r for r in roles if r.ended_on is None or r.ended_on >= today]
    earlier = [r for r in roles if r.ended_on is not None and r.ended_on < today]
    return Volunteering(participant, current, earlier)


def latest_profile(*, participant: Participant) -> TalentProfile | None:
    """The current talent profile (each change is a new version), to prefill the edit form."""
    return (
        TalentProfile.objects.filter(participant=participant)
        .prefetch_related("talents", "interests")
        .order_by("-created_at", "-id")
        .first()
    )
