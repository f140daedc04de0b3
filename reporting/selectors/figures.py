"""The figures of one report: one arrangement, one period, aggregated in SQL.

Which visits count (the *scope*): the visit's local date lies in the period, the gemeente snapshot on
the visit is one of the arrangement's gemeenten (a fund without gemeenten: every gemeente), and its
location and activity are in the arrangement's lists when those are not empty. The participants in
scope are the people with at least one such visit. Every other figure (goals, ladders, outflow, …)
is about these people only.

No function here loops over participants in Python: counting happens in the database. The only
Python loop is the opening calendar (days of the period × the weekly schedule).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from participants.constants import (
    ConsentPurpose,
    Dagdeel,
    GoalEventKind,
    GoalStatus,
    Ladder,
    ReferralDirection,
)
from participants.models import (
    AnonymousVisitCount,
    Goal,
    GoalEvent,
    LadderEntry,
    Location,
    LocationClosure,
    LocationOpening,
    Measurement,
    MeasurementAnswer,
    Outflow,
    Participant,
    Question,
    Referral,
    Visit,
    VolunteerRole,
)
from reporting.models import FundingArrangement, Story

# Age bands at the end of the period, in report order; "unknown" when neither date nor year of birth
# is known. (lower bound in years, key)
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "<18"), (18, "18-26"), (27, "27-44"), (45, "45-66"), (67, "67+"),
)
AGE_UNKNOWN = "unknown"
AGE_BAND_KEYS: tuple[str, ...] = (*(key for _, key in AGE_BANDS), AGE_UNKNOWN)

DAGDEEL_ORDER: tuple[str, ...] = (Dagdeel.MORNING, Dagdeel.AFTERNOON, Dagdeel.EVENING)
_DAGDEEL_RANK = Case(
    *(When(dagdeel=dagdeel, then=Value(rank)) for rank, dagdeel in enumerate(DAGDEEL_ORDER)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Scope:
    """What one report counts: the arrangement's lists (empty = all) and the period."""

    arrangement_id: int
    start: dt.date
    end: dt.date
    municipality_ids: tuple[int, ...]
    location_ids: tuple[int, ...]
    activity_ids: tuple[int, ...]


def report_scope(*, arrangement: FundingArrangement, start: dt.date, end: dt.date) -> Scope:
    return Scope(
        arrangement_id=arrangement.pk,
        start=start,
        end=end,
        municipality_ids=tuple(sorted(arrangement.municipalities.values_list("pk", flat=True))),
        location_ids=tuple(sorted(arrangement.locations.values_list("pk", flat=True))),
        activity_ids=tuple(sorted(arrangement.activities.values_list("pk", flat=True))),
    )


def visits_in_scope(*, scope: Scope) -> QuerySet[Visit]:
    visits = Visit.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if scope.municipality_ids:
        visits = visits.filter(municipality_id__in=scope.municipality_ids)
    if scope.location_ids:
        visits = visits.filter(location_id__in=scope.location_ids)
    if scope.activity_ids:
        visits = visits.filter(activity_id__in=scope.activity_ids)
    return visits


def participants_in_scope(*, scope: Scope) -> QuerySet[Participant]:
    return Participant.objects.filter(pk__in=visits_in_scope(scope=scope).values("participant_id"))


# --- Reach ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    unique_participants: int
    new_participants: int
    by_category: dict[str, int]
    by_age_band: dict[str, int]
    by_referral_source: dict[str, int]
    anonymous_visits: int


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _age_at_least(years: int, *, on: dt.date) -> Q:
    """Participant.age_on(on) >= years, in SQL. With only a year of birth the birthday counts as
    not yet reached (as Participant.age_on does)."""
    return Q(date_of_birth__lte=_years_before(on, years)) | Q(
        date_of_birth__isnull=True, birth_year__lte=on.year - years - 1
    )


def age_band_expression(*, on: dt.date) -> Case:
    whens = [When(date_of_birth__isnull=True, birth_year__isnull=True, then=Value(AGE_UNKNOWN))]
    whens += [When(_age_at_least(lower, on=on), then=Value(key)) for lower, key in reversed(AGE_BANDS[1:])]
    return Case(*whens, default=Value(AGE_BANDS[0][1]), output_field=CharField())


def _counts(rows: Iterable[Mapping[str, object]], key: str) -> dict[str, int]:
    return {str(row[key]): int(str(row["n"])) for row in rows}


def reach_figures(*, scope: Scope) -> Reach:
    """Unique and new participants, indicatie category, age band, referral route, anonymous visits.

    A person's indicatie category is the one recorded on their latest visit in scope; their age is
    the age at the end of the period; *new* means their first visit ever (in any scope) lies in the
    period.
    """
    visits = visits_in_scope(scope=scope)
    people = participants_in_scope(scope=scope)
    unique = people.count()
    new = people.annotate(first_visit=Min("visits__date")).filter(first_visit__gte=scope.start).count()
    latest_visits = (
        visits.order_by("participant_id", "-date", _DAGDEEL_RANK.desc(), "-id")
        .distinct("participant_id")
        .values("pk")
    )
    by_category = _counts(
        Visit.objects.filter(pk__in=latest_visits)
        .values("indicatie_category")
        .annotate(n=Count("pk"))
        .order_by(),
        "indicatie_category",
    )
    by_age = _counts(
        people.annotate(band=age_band_expression(on=scope.end)).values("band").annotate(n=Count("pk")).order_by(),
        "band",
    )
    by_source = _counts(
        people.values("referral_source").annotate(n=Count("pk")).order_by(), "referral_source"
    )
    anonymous = AnonymousVisitCount.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if scope.location_ids:
        anonymous = anonymous.filter(location_id__in=scope.location_ids)
    anonymous_total = anonymous.aggregate(total=Coalesce(Sum("count"), 0))["total"]
    return Reach(
        unique_participants=unique,
        new_participants=new,
        by_category=by_category,
        by_age_band=by_age,
        by_referral_source=by_source,
        anonymous_visits=int(anonymous_total),
    )


# --- Occupancy -----------------------------------------------------------------------------------

Slot = tuple[dt.date, str]  # (date, dagdeel)


def report_location_ids(*, scope: Scope) -> list[int]:
    """The arrangement's locations; for "all locations" the active ones plus any with visits."""
    if scope.location_ids:
        return list(scope.location_ids)
    visited = visits_in_scope(scope=scope).values("location_id")
    return list(
        Location.objects.filter(Q(is_active=True) | Q(pk__in=visited))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def opening_calendar(*, location_ids: list[int], start: dt.date, end: dt.date) -> dict[int, set[Slot]]:
    """Per location, the dagdelen it was open in the period: its weekly schedule minus closure
    dates. (The schedule as it is now: schedules keep no history.)"""
    weekly: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for location_id, weekday, dagdeel in LocationOpening.objects.filter(
        location_id__in=location_ids
    ).values_list("location_id", "weekday", "dagdeel"):
        weekly[weekday].append((location_id, dagdeel))
    closed = set(
        LocationClosure.objects.filter(
            location_id__in=location_ids, date__gte=start, date__lte=end
        ).values_list("location_id", "date")
    )
    calendar: dict[int, set[Slot]] = {location_id: set() for location_id in location_ids}
    day = start
    while day <= end:
        for location_id, dagdeel in weekly.get(day.weekday(), ()):
            if (location_id, day) not in closed:
                calendar[location_id].add((day, dagdeel))
        day += dt.timedelta(days=1)
    return calendar


@dataclass(frozen=True)
class OccupancyRow:
    """One line of an occupancy breakdown. ``average`` = visits on opening dagdelen divided by the
    opening dagdelen; None without opening dagdelen."""

    key: str
    label: str
    opening_dagdelen: int | None
    visits: int
    unique_participants: int
    visits_on_opening: int = 0

    @property
    def average(self) -> float | None:
        if not self.opening_dagdelen:
            return None
        return round(self.visits_on_opening / self.opening_dagdelen, 1)


@dataclass(frozen=True)
class Occupancy:
    total: OccupancyRow
    by_month: list[OccupancyRow] = field(default_factory=list)
    by_location: list[OccupancyRow] = field(default_factory=list)
    by_activity: list[OccupancyRow] = field(default_factory=list)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def occupancy_figures(*, scope: Scope) -> Occupancy:
    """Dagdelen attended and the average number of participants per opening dagdeel, in total and
    by month, location and activity.

    An opening dagdeel is a date and dagdeel on which at least one of the arrangement's locations
    is open by its schedule and not closed; a person can be at one place per dagdeel, so the
    visits on it are distinct participants. Visits outside the schedule count as attended but not
    in the average.
    """
    visits = visits_in_scope(scope=scope)
    location_ids = report_location_ids(scope=scope)
    calendar = opening_calendar(location_ids=location_ids, start=scope.start, end=scope.end)
    open_slots: set[Slot] = set().union(*calendar.values()) if calendar else set()

    # Visits per location and dagdeel: at most locations × days × dagdelen rows, never per person.
    per_slot: dict[tuple[int, dt.date, str], int] = {
        (row["location_id"], row["date"], row["dagdeel"]): row["n"]
        for row in visits.values("location_id", "date", "dagdeel").annotate(n=Count("pk")).order_by()
    }
    on_opening = {
        key: n for key, n in per_slot.items() if (key[1], key[2]) in calendar.get(key[0], set())
    }

    totals = visits.aggregate(n=Count("pk"), u=Count("participant_id", distinct=True))
    total = OccupancyRow(
        key="total", label="", opening_dagdelen=len(open_slots), visits=totals["n"],
        unique_participants=totals["u"], visits_on_opening=sum(on_opening.values()),
    )

    monthly = {
        row["month"]: row
        for row in visits.annotate(month=TruncMonth("date")).values("month")
        .annotate(n=Count("pk"), u=Count("participant_id", distinct=True)).order_by()
    }
    by_month = []
    for month in _months(scope.start, scope.end):
        row = monthly.get(month, {"n": 0, "u": 0})
        by_month.append(OccupancyRow(
            key=month.isoformat(), label="",
            opening_dagdelen=sum(1 for day, _ in open_slots if day.replace(day=1) == month),
            visits=row["n"], unique_participants=row["u"],
            visits_on_opening=sum(n for (_, day, _), n in on_opening.items() if day.replace(day=1) == month),
        ))

    per_location: dict[int, tuple[int, int]] = {
        row["location_id"]: (row["n"], row["u"])
        for row in visits.values("location_id")
        .annotate(n=Count("pk"), u=Count("participant_id", distinct=True))
        .order_by()
    }
    names = dict(Location.objects.filter(pk__in=location_ids).values_list("pk", "name"))
    by_location = [
        OccupancyRow(
            key=str(location_id), label=names[location_id],
            opening_dagdelen=len(calendar[location_id]),
            visits=per_location.get(location_id, (0, 0))[0],
            unique_participants=per_location.get(location_id, (0, 0))[1],
            visits_on_opening=sum(n for (loc, _, _), n in on_opening.items() if loc == location_id),
        )
        for location_id in sorted(location_ids, key=lambda pk: (names[pk], pk))
    ]

    by_activity = [
        OccupancyRow(
            key=str(row["activity_id"] or ""), label=row["activity__name"] or "",
            opening_dagdelen=None, visits=row["n"], unique_participants=row["u"],
        )
        for row in visits.values("activity_id", "activity__name")
        .annotate(n=Count("pk"), u=Count("participant_id", distinct=True))
        .order_by(F("activity__name").asc(nulls_last=True), "activity_id")
    ]
    return Occupancy(total=total, by_month=by_month, by_location=by_location, by_activity=by_activity)


# --- Progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LadderChange:
    """People with at least two ladder entries in the period: latest against first position."""

    up: int
    same: int
    down: int

    @property
    def people(self) -> int:
        return self.up + self.same + self.down


@dataclass(frozen=True)
class Progress:
    goals_set: int
    goals_achieved: int
    ladders: dict[str, LadderChange]


def ladder_change(*, scope: Scope, ladder: str) -> LadderChange:
    """First against latest position on one ladder, within the period, per person in scope."""
    entries = LadderEntry.objects.filter(
        participant_id=OuterRef("pk"), ladder=ladder, recorded_on__gte=scope.start, recorded_on__lte=scope.end
    )
    first = Subquery(entries.order_by("recorded_on", "pk").values("value")[:1])
    latest = Subquery(entries.order_by("-recorded_on", "-pk").values("value")[:1])
    count = Subquery(
        entries.order_by().values("participant_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    figures = (
        participants_in_scope(scope=scope)
        .annotate(first=first, latest=latest, entries=count)
        .filter(entries__gte=2)
        .aggregate(
            up=Count("pk", filter=Q(latest__gt=F("first"))),
            same=Count("pk", filter=Q(latest=F("first"))),
            down=Count("pk", filter=Q(latest__lt=F("first"))),
        )
    )
    return LadderChange(up=figures["up"], same=figures["same"], down=figures["down"])


def progress_figures(*, scope: Scope) -> Progress:
    """Goals set and achieved in the period, and ladder movement, for the people in scope."""
    people = participants_in_scope(scope=scope)
    goals_set = Goal.objects.filter(
        participant__in=people, started_on__gte=scope.start, started_on__lte=scope.end
    ).count()
    goals_achieved = (
        GoalEvent.objects.filter(
            goal__participant__in=people, kind=GoalEventKind.STATUS, status=GoalStatus.ACHIEVED,
            happened_on__gte=scope.start, happened_on__lte=scope.end,
        )
        .values("goal_id")
        .distinct()
        .count()
    )
    return Progress(
        goals_set=goals_set,
        goals_achieved=goals_achieved,
        ladders={ladder: ladder_change(scope=scope, ladder=ladder) for ladder in Ladder.values},
    )


@dataclass(frozen=True)
class QuestionFigures:
    """One measurement question: people with at least two answers in the period, and the mean of
    their first and of their latest answer."""

    question_id: int
    text: str
    scale_min: int
    scale_max: int
    people: int
    first_mean: float | None
    latest_mean: float | None


def question_figures(*, scope: Scope, question: Question) -> QuestionFigures:
    answers = MeasurementAnswer.objects.filter(
        measurement__participant_id=OuterRef("pk"), question=question,
        measurement__taken_on__gte=scope.start, measurement__taken_on__lte=scope.end,
    )
    first = Subquery(
        answers.order_by("measurement__taken_on", "measurement_id").values("value")[:1],
        output_field=IntegerField(),
    )
    latest = Subquery(
        answers.order_by("-measurement__taken_on", "-measurement_id").values("value")[:1],
        output_field=IntegerField(),
    )
    count = Subquery(
        answers.order_by().values("measurement__participant_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    figures = (
        participants_in_scope(scope=scope)
        .annotate(first=first, latest=latest, answers=count)
        .filter(answers__gte=2)
        .aggregate(people=Count("pk"), first_mean=Avg("first"), latest_mean=Avg("latest"))
    )

    def rounded(value: object) -> float | None:
        return None if value is None else round(float(str(value)), 1)

    return QuestionFigures(
        question_id=question.pk, text=question.text, scale_min=question.scale_min,
        scale_max=question.scale_max, people=figures["people"],
        first_mean=rounded(figures["first_mean"]), latest_mean=rounded(figures["latest_mean"]),
    )


def report_questions(*, arrangement: FundingArrangement) -> list[Question]:
    """The measurement questions agreed with the funder, in indicator order."""
    indicators = arrangement.indicators.filter(question__isnull=False).select_related("question")
    questions: list[Question] = []
    for indicator in indicators.order_by("order", "pk"):
        if indicator.question is not None and indicator.question not in questions:
            questions.append(indicator.question)
    return questions


# --- Outflow, referrals, volunteers --------------------------------------------------------------


def outflow_figures(*, scope: Scope) -> dict[str, int]:
    """Outflows (times someone left) in the period by destination, for the people in scope."""
    return _counts(
        Outflow.objects.filter(
            participant__in=participants_in_scope(scope=scope),
            outflow_on__gte=scope.start, outflow_on__lte=scope.end,
        ).values("destination").annotate(n=Count("pk")).order_by(),
        "destination",
    )


def referral_figures(*, scope: Scope) -> dict[str, dict[str, int]]:
    """Referrals in the period by partner, as {partner: {"in": n, "out": n}}."""
    figures: dict[str, dict[str, int]] = {}
    for row in (
        Referral.objects.filter(
            participant__in=participants_in_scope(scope=scope),
            referred_on__gte=scope.start, referred_on__lte=scope.end,
        ).values("partner", "direction").annotate(n=Count("pk")).order_by()
    ):
        figures.setdefault(row["partner"], {ReferralDirection.IN: 0, ReferralDirection.OUT: 0})
        figures[row["partner"]][row["direction"]] = row["n"]
    return figures


def volunteers_active(*, scope: Scope) -> int:
    """People in scope with a volunteer role at some point in the period."""
    return (
        VolunteerRole.objects.filter(
            participant__in=participants_in_scope(scope=scope), started_on__lte=scope.end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start))
        .values("participant_id")
        .distinct()
        .count()
    )


# --- Stories and the watermark -------------------------------------------------------------------


def stories_for_report(*, arrangement: FundingArrangement, start: dt.date, end: dt.date) -> QuerySet[Story]:
    """Stories told in the period for this arrangement (or for every arrangement) whose story
    consent is recorded and not withdrawn."""
    return Story.objects.filter(
        Q(arrangement=arrangement) | Q(arrangement__isnull=True),
        told_on__gte=start, told_on__lte=end,
        consent__purpose=ConsentPurpose.STORY, consent__withdrawn_on__isnull=True,
    ).order_by("told_on", "pk")


def data_watermark(*, scope: Scope) -> dt.datetime | None:
    """The latest creation or change among the rows the figures read (deletions leave no trace)."""
    people = participants_in_scope(scope=scope)
    period = {"gte": scope.start, "lte": scope.end}
    anonymous = AnonymousVisitCount.objects.filter(date__gte=period["gte"], date__lte=period["lte"])
    if scope.location_ids:
        anonymous = anonymous.filter(location_id__in=scope.location_ids)
    candidates = [
        visits_in_scope(scope=scope).aggregate(at=Max("created_at"))["at"],
        people.aggregate(at=Max("updated_at"))["at"],
        anonymous.aggregate(at=Max("updated_at"))["at"],
        Goal.objects.filter(participant__in=people).aggregate(at=Max("created_at"))["at"],
        GoalEvent.objects.filter(goal__participant__in=people).aggregate(at=Max("created_at"))["at"],
        LadderEntry.objects.filter(participant__in=people).aggregate(at=Max("created_at"))["at"],
        Measurement.objects.filter(participant__in=people).aggregate(at=Max("created_at"))["at"],
        Outflow.objects.filter(participant__in=people).aggregate(at=Max("created_at"))["at"],
        Referral.objects.filter(participant__in=people).aggregate(at=Max("created_at"))["at"],
        Story.objects.filter(Q(arrangement_id=scope.arrangement_id) | Q(arrangement__isnull=True))
        .aggregate(at=Max("created_at"))["at"],
        FundingArrangement.objects.filter(pk=scope.arrangement_id).aggregate(at=Max("created_at"))["at"],
    ]
    present = [moment for moment in candidates if moment is not None]
    return max(present) if present else None
