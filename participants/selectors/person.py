"""Reads for the participant page: header, attendance in positive terms, the timeline and the
sensitive section — each scoped by need to know."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from participants.constants import LADDER_STEPS, ConsentPurpose, Dagdeel, Weekday
from participants.models import (
    Consent,
    Conversation,
    Goal,
    GoalEvent,
    GoalStep,
    Handover,
    LadderEntry,
    Measurement,
    NazorgContact,
    Outflow,
    Participant,
    Referral,
    SensitiveEntry,
    TalentProfile,
    Visit,
)
from participants.services.consents import consent_rule_check
from voorveld.constants import Role
from voorveld.models import User

TIMELINE_KINDS: dict[str, Any] = {
    "conversation": _("Conversations"),
    "goal": _("Goals"),
    "ladder": _("Ladders"),
    "measurement": _("Measurements"),
    "referral": _("Referrals"),
    "contact": _("Contacts"),
    "outflow": _("Outflow"),
    "handover": _("Handovers"),
    "sensitive": _("Sensitive section"),
}


def can_see_sensitive(*, user: User, participant: Participant) -> bool:
    """The vaste begeleider, coaches of the participant's locations and coordinators — and only
    after an active consent for the sensitive section that meets the age rule."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        allowed = True
    elif user.role == Role.COACH:
        allowed = (
            participant.fixed_coach_id == user.pk
            or Visit.objects.filter(participant=participant, location__staff=user).exists()
        )
    else:
        allowed = False
    return allowed and sensitive_consent_active(participant=participant)


def sensitive_consent_active(*, participant: Participant) -> bool:
    consent = Consent.objects.filter(
        participant=participant, purpose=ConsentPurpose.SENSITIVE, withdrawn_on__isnull=True
    ).first()
    if consent is None:
        return False
    try:
        consent_rule_check(
            participant=participant, purpose=consent.purpose, given_by=consent.given_by, on=consent.given_on
        )
    except Exception:  # noqa: BLE001 - the rule not being met simply means: closed
        return False
    return True


@dataclass(frozen=True)
class Attendance:
    """Visits in positive terms: how often someone came, never how often they did not."""

    visits_6_months: int
    by_month: list[tuple[dt.date, int]]
    regular_activities: list[tuple[str, int]]
    regular_dagdelen: list[tuple[str, int]]

    @property
    def max_month(self) -> int:
        return max((n for _, n in self.by_month), default=0)

    @property
    def bars(self) -> list[dict[str, Any]]:
        """Geometry of the small month chart (an SVG drawn on the server, no JavaScript)."""
        tallest = self.max_month or 1
        bars = []
        for index, (month, n) in enumerate(self.by_month):
            height = round(70 * n / tallest)
            bars.append({"x": 10 + index * 48, "y": 80 - height, "height": height, "month": month, "n": n,
                         "label_x": 10 + index * 48 + 18})
        return bars


def attendance_summary(*, participant: Participant, today: dt.date) -> Attendance:
    """Four aggregate queries whatever the number of visits."""
    since = today - dt.timedelta(days=182)
    visits = Visit.objects.filter(participant=participant)
    recent = visits.filter(date__gt=since, date__lte=today)
    months = {
        row["month"]: row["n"]
        for row in recent.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("id"))
    }
    month_starts = []
    cursor = today.replace(day=1)
    for _month in range(6):
        month_starts.append(cursor)
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    twelve_weeks = visits.filter(date__gt=today - dt.timedelta(weeks=12), date__lte=today)
    activities = [
        (row["activity__name"], row["n"])
        for row in twelve_weeks.exclude(activity=None)
        .values("activity__name")
        .annotate(n=Count("id"))
        .order_by("-n", "activity__name")[:3]
    ]
    dagdeel_rows = (
        twelve_weeks.values("date__iso_week_day", "dagdeel").annotate(n=Count("id")).order_by("-n")[:3]
    )
    dagdelen = [
        (f"{Weekday(row['date__iso_week_day'] - 1).label} {Dagdeel(row['dagdeel']).label.lower()}", row["n"])
        for row in dagdeel_rows
    ]
    return Attendance(
        visits_6_months=recent.count(),
        by_month=[(start, months.get(start, 0)) for start in reversed(month_starts)],
        regular_activities=activities,
        regular_dagdelen=dagdelen,
    )


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    date: dt.date
    title: str
    detail: str = ""
    by: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _by(user: User | None) -> str:
    return user.display_name if user is not None else ""


def timeline(*, participant: Participant, kinds: set[str], include_sensitive: bool) -> list[TimelineItem]:
    """Everything dated, newest first. One query per kind (plus prefetches), whatever its length."""
    items: list[TimelineItem] = []
    if "conversation" in kinds:
        for c in (
            Conversation.objects.filter(participant=participant)
            .select_related("recorded_by")
            .prefetch_related("talents", "interests")
        ):
            tags = ", ".join(t.name for t in [*c.talents.all(), *c.interests.all()])
            detail = " · ".join(x for x in (c.wishes, c.next_step, tags) if x)
            items.append(
                TimelineItem("conversation", c.held_on, str(c.get_kind_display()), detail, _by(c.recorded_by))
            )
    if "goal" in kinds:
        for e in GoalEvent.objects.filter(goal__participant=participant).select_related(
            "goal", "recorded_by"
        ):
            title = f"{e.get_kind_display()}: {e.goal.description[:80]}"
            if e.status:
                title += f" → {e.get_status_display()}"
            items.append(
                TimelineItem(
                    "goal",
                    e.happened_on,
                    title,
                    e.note if e.note != e.goal.description else "",
                    _by(e.recorded_by),
                )
            )
    if "ladder" in kinds:
        for entry in LadderEntry.objects.filter(participant=participant).select_related("recorded_by"):
            label = LADDER_STEPS[entry.ladder].get(entry.value, entry.value)  # type: ignore[index]
            items.append(
                TimelineItem(
                    "ladder",
                    entry.recorded_on,
                    f"{entry.get_ladder_display()}: {label}",
                    entry.note,
                    _by(entry.recorded_by),
                )
            )
    if "measurement" in kinds:
        for m in (
            Measurement.objects.filter(participant=participant)
            .select_related("questionnaire", "recorded_by")
            .prefetch_related("answers__question")
        ):
            detail = "; ".join(f"{a.question.text}: {a.value}" for a in m.answers.all())
            items.append(
                TimelineItem(
                    "measurement",
                    m.taken_on,
                    f"{m.questionnaire.name} ({m.get_occasion_display()})",
                    detail,
                    _by(m.recorded_by),
                )
            )
    if "referral" in kinds:
        for r in Referral.objects.filter(participant=participant).select_related("recorded_by", "consent"):
            outcome = f" · {r.get_outcome_display()}" if r.outcome else ""
            blocked = r.consent is not None and r.consent.withdrawn_on is not None
            items.append(
                TimelineItem(
                    "referral",
                    r.referred_on,
                    f"{r.get_direction_display()}: {r.get_partner_display()}{outcome}",
                    " · ".join(x for x in (r.partner_name, r.note) if x),
                    _by(r.recorded_by),
                    {"referral": r, "blocked": blocked},
                )
            )
    if "contact" in kinds:
        for contact in NazorgContact.objects.filter(participant=participant).select_related("recorded_by"):
            items.append(
                TimelineItem(
                    "contact",
                    contact.contact_on,
                    str(contact.get_channel_display()),
                    contact.note,
                    _by(contact.recorded_by),
                )
            )
    if "outflow" in kinds:
        for o in Outflow.objects.filter(participant=participant).select_related("recorded_by"):
            items.append(
                TimelineItem(
                    "outflow", o.outflow_on, str(o.get_destination_display()), o.note, _by(o.recorded_by)
                )
            )
            if o.ended_on:
                items.append(TimelineItem("outflow", o.ended_on, str(_("Came back")), ""))
    if "handover" in kinds:
        for h in Handover.objects.filter(participant=participant).select_related("from_coach", "to_coach"):
            items.append(
                TimelineItem(
                    "handover", h.handed_over_on, f"{_by(h.from_coach)} → {_by(h.to_coach) or '–'}", h.note
                )
            )
    if "sensitive" in kinds and include_sensitive:
        for s in SensitiveEntry.objects.filter(participant=participant).select_related("recorded_by"):
            items.append(
                TimelineItem(
                    "sensitive",
                    s.recorded_on,
                    ", ".join(s.get_domains_display_list()),
                    s.note,
                    _by(s.recorded_by),
                )
            )
    items.sort(key=lambda item: item.date, reverse=True)
    return items


def goals_with_steps(*, participant: Participant) -> list[Goal]:
    return list(
        Goal.objects.filter(participant=participant)
        .select_related("life_domain")
        .prefetch_related(Prefetch("steps", queryset=GoalStep.objects.order_by("order", "id")))
        .order_by("-started_on", "-id")
    )


def latest_profile(*, participant: Participant) -> TalentProfile | None:
    return (
        TalentProfile.objects.filter(participant=participant)
        .prefetch_related("talents", "interests")
        .order_by("-created_at", "-id")
        .first()
    )


def latest_ladders(*, participant: Participant) -> dict[str, LadderEntry]:
    latest: dict[str, LadderEntry] = {}
    for entry in LadderEntry.objects.filter(participant=participant).order_by(
        "ladder", "-recorded_on", "-id"
    ):
        latest.setdefault(entry.ladder, entry)
    return latest


def latest_handover(*, participant: Participant) -> Handover | None:
    return Handover.objects.filter(participant=participant).select_related("from_coach").first()
