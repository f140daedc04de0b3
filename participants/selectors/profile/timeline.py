"""The timeline: everything dated, newest first, filtered by kind and paged by the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import (
    CharField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    LADDER_STEPS,
    HealthDimension,
)
from participants.models import (
    Conversation,
    GoalEvent,
    Handover,
    LadderEntry,
    Measurement,
    MeasurementAnswer,
    NazorgContact,
    Outflow,
    Participant,
    Referral,
    SensitiveEntry,
)
from participants.selectors.profile.sensitive import SensitiveAccess, checked_access
from voorveld.models import User

TIMELINE_PAGE_SIZE = 20


# The timeline


TIMELINE_KIND_LABELS: dict[str, Promise] = {
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
CAME_BACK = "came_back"
HEALTH_DIMENSIONS = dict(HealthDimension.choices)


@dataclass(frozen=True)
class _Source:
    """One kind of dated row on the timeline: which table, which date, whose."""

    kind: str
    model: type[models.Model]
    day: str
    owner: str = "participant"
    sub: str = ""
    only: Q | None = None


_SOURCES: tuple[_Source, ...] = (
    _Source("conversation", Conversation, "held_on"),
    _Source("goal", GoalEvent, "happened_on", owner="goal__participant"),
    _Source("ladder", LadderEntry, "recorded_on"),
    _Source("measurement", Measurement, "taken_on"),
    _Source("referral", Referral, "referred_on"),
    _Source("contact", NazorgContact, "contact_on"),
    _Source("outflow", Outflow, "outflow_on"),
    _Source("outflow", Outflow, "ended_on", sub=CAME_BACK, only=Q(ended_on__isnull=False)),
    _Source("handover", Handover, "handed_over_on"),
    _Source("sensitive", SensitiveEntry, "recorded_on"),
)


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    day: dt.date
    title: str
    detail: str = ""
    by: str = ""
    goal_id: int | None = None
    referral_id: int | None = None
    blocked: bool = False

    @property
    def kind_label(self) -> str:
        return str(TIMELINE_KIND_LABELS[self.kind])


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    page: Page[dict[str, Any]]
    kinds: list[str]


def timeline_kinds(*, access: SensitiveAccess) -> list[tuple[str, str]]:
    """The kinds this viewer can filter on: the sensitive kind only when its section is open."""
    return [
        (key, str(label))
        for key, label in TIMELINE_KIND_LABELS.items()
        if key != "sensitive" or access.is_open
    ]


def _by(user: User | None) -> str:
    return user.display_name if user is not None else ""


def _joined(*parts: str, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def _conversations(ids: Collection[int]) -> dict[int, TimelineEntry]:
    entries = {}
    rows = (
        Conversation.objects.filter(pk__in=ids)
        .select_related("recorded_by")
        .prefetch_related("talents", "interests")
    )
    for c in rows:
        tags = ", ".join(t.name for t in [*c.talents.all(), *c.interests.all()])
        topics = ", ".join(str(HEALTH_DIMENSIONS.get(t, t)) for t in c.topics)
        entries[c.pk] = TimelineEntry(
            "conversation",
            c.held_on,
            str(c.get_kind_display()),
            _joined(c.wishes, c.next_step, tags, topics, c.notes),
            _by(c.recorded_by),
        )
    return entries


def _goal_events(ids: Collection[int]) -> dict[int, TimelineEntry]:
    entries = {}
    for e in GoalEvent.objects.filter(pk__in=ids).select_related("goal", "recorded_by"):
        title = f"{e.get_kind_display()}: {e.goal.description[:80]}"
        if e.status:
            title += f" → {e.get_status_display()}"
        note = e.note if e.note != e.goal.description else ""
        entries[e.pk] = TimelineEntry(
            "goal", e.happened_on, title, note, _by(e.recorded_by), goal_id=e.goal_id
        )
    return entries


def _ladder_entries(ids: Collection[int]) -> dict[int, TimelineEntry]:
    entries = {}
    for entry in LadderEntry.objects.filter(pk__in=ids).select_related("recorded_by"):
        steps: Mapping[int, Any] = LADDER_STEPS.get(entry.ladder, {})  # type: ignore[call-overload]
        entries[entry.pk] = TimelineEntry(
            "ladder",
            entry.recorded_on,
            f"{entry.get_ladder_display()}: {steps.get(entry.value, entry.value)}",
            entry.note,
            _by(entry.recorded_by),
        )
    return entries


def _measurements(ids: Collection[int]) -> dict[int, TimelineEntry]:
    entries = {}
    answers = MeasurementAnswer.objects.select_related("question").order_by("question__order", "question_id")
    rows = (
        Measurement.objects.filter(pk__in=ids)
        .select_related("questionnaire", "recorded_by")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )
    for m in rows:
        entries[m.pk] = TimelineEntry(
            "measurement",
            m.taken_on,
            f"{m.questionnaire.name} ({m.get_occasion_display()})",
            _joined(*(f"{a.question.text}: {a.value}" for a in m.answers.all()), sep="; "),
            _by(m.recorded_by),
        )
    return entries


def _referrals(ids: Collection[int]) -> dict[int, TimelineEntry]:
    entries = {}
    for r in Referral.objects.filter(pk__in=ids).select_related("recorded_by", "consent"):
        outcome = f" · {r.get_outcome_display()}" if r.outcome else ""
        entries[r.pk] = TimelineEntry(
            "referral",
            r.referred_on,
            f"{r.get_direction_display()}: {r.get_partner_display()}{outcome}",
            _joined(r.partner_name, r.note),
            _by(r.recorded_by),
            referral_id=r.pk,
            blocked=r.consent is not None and r.consent.withdrawn_on is not None,
        )
    return entries


def _contacts(ids: Collection[int]) -> dict[int, TimelineEntry]:
    return {
        c.pk: TimelineEntry("contact", c.contact_on, str(c.get_channel_display()), c.note, _by(c.recorded_by))
        for c in NazorgContact.objects.filter(pk__in=ids).select_related("recorded_by")
    }


def _outflows(ids: Collection[int]) -> dict[int, TimelineEntry]:
    return {
        o.pk: TimelineEntry(
            "outflow", o.outflow_on, str(o.get_destination_display()), o.note, _by(o.recorded_by)
        )
        for o in Outflow.objects.filter(pk__in=ids).select_related("recorded_by")
    }


def _handovers(ids: Collection[int]) -> dict[int, TimelineEntry]:
    return {
        h.pk: TimelineEntry(
            "handover",
            h.handed_over_on,
            gettext("Vaste begeleider: %(old)s → %(new)s")
            % {"old": _by(h.from_coach) or "–", "new": _by(h.to_coach) or "–"},
            h.note,
            _by(h.recorded_by),
        )
        for h in Handover.objects.filter(pk__in=ids).select_related("from_coach", "to_coach", "recorded_by")
    }


def _sensitive(ids: Collection[int]) -> dict[int, TimelineEntry]:
    # Only that something was written, and when: what it says is read in the section itself,
    # whose every opening is logged as such.
    return {
        s.pk: TimelineEntry(
            "sensitive", s.recorded_on, gettext("Entry in the sensitive section"), "", _by(s.recorded_by)
        )
        for s in SensitiveEntry.objects.filter(pk__in=ids).select_related("recorded_by")
    }


_LOADERS: dict[str, Callable[[Collection[int]], dict[int, TimelineEntry]]] = {
    "conversation": _conversations,
    "goal": _goal_events,
    "ladder": _ladder_entries,
    "measurement": _measurements,
    "referral": _referrals,
    "contact": _contacts,
    "outflow": _outflows,
    "handover": _handovers,
    "sensitive": _sensitive,
}


def _dated_rows(participant: Participant, kinds: Collection[str]) -> QuerySet[Any, dict[str, Any]]:
    """One UNION ALL of (kind, sub, id, day, created) over every chosen kind, newest first."""
    parts: list[QuerySet[Any, dict[str, Any]]] = [
        source.model._default_manager.filter(Q(**{source.owner: participant}) & (source.only or Q()))
        .annotate(
            t_kind=Value(source.kind, output_field=CharField()),
            t_sub=Value(source.sub, output_field=CharField()),
            t_id=F("pk"),
            t_day=F(source.day),
            t_at=F("created_at"),
        )
        .values("t_kind", "t_sub", "t_id", "t_day", "t_at")
        .order_by()
        for source in _SOURCES
        if source.kind in kinds
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    # Coming back sorts before the outflow it ends when both fall on one day (same created_at).
    return rows.order_by("-t_day", "-t_at", "-t_sub", "t_kind", "-t_id")


def timeline_page(
    *,
    user: User,
    participant: Participant,
    kinds: Iterable[str] | None = None,
    page: int | str | None = 1,
    per_page: int = TIMELINE_PAGE_SIZE,
    access: SensitiveAccess | None = None,
) -> TimelinePage:
    """One page of everything dated, newest first, optionally only some ``kinds`` (all when none
    is given). Sensitive entries appear only when ``user`` may open the sensitive section.

    The database sorts and pages (a count and one UNION ALL query); then each kind on the page is
    loaded with its relations in one query (plus the prefetches of conversations and
    measurements). So the number of queries never grows with the length of the timeline."""
    access = checked_access(access, user=user, participant=participant)
    allowed = [key for key, _label in timeline_kinds(access=access)]
    chosen = [k for k in allowed if k in set(kinds or ())] or allowed
    current = Paginator(_dated_rows(participant, chosen), per_page).get_page(page)
    rows: list[dict[str, Any]] = list(current.object_list)
    ids: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        ids[row["t_kind"]].add(row["t_id"])
    loaded = {kind: _LOADERS[kind](kind_ids) for kind, kind_ids in ids.items()}
    entries = []
    for row in rows:
        entry = loaded[row["t_kind"]][row["t_id"]]
        if row["t_sub"] == CAME_BACK:
            entry = TimelineEntry("outflow", row["t_day"], gettext("Came back"), "", "")
        entries.append(entry)
    return TimelinePage(entries=entries, page=current, kinds=chosen)
