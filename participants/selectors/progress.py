"""Reads for the write side of progress: the goal page and what a merge of two records moves."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, ForeignKey, OuterRef, Prefetch

from participants.models import Goal, GoalEvent, GoalStep, Participant, Visit
from participants.selectors.door import participant_search
from voorveld.models import User

MERGE_SEARCH_LIMIT = 20


def goal_for_page(*, participant: Participant, goal_id: int) -> Goal | None:
    """One goal of this participant with its steps and its history, newest first (three queries)."""
    return (
        Goal.objects.filter(participant=participant, pk=goal_id)
        .select_related("life_domain", "created_by")
        .prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("order", "id")),
            Prefetch(
                "events",
                queryset=GoalEvent.objects.select_related("recorded_by").order_by("-happened_on", "-id"),
            ),
        )
        .first()
    )


def merge_candidates(*, user: User, query: str, exclude: Participant) -> list[Participant]:
    """Records whose name looks like ``query`` (typo- and accent-tolerant), best match first."""
    ids = [
        hit.id
        for hit in participant_search(user=user, query=query, limit=MERGE_SEARCH_LIMIT + 1)
        if hit.id != exclude.pk
    ][:MERGE_SEARCH_LIMIT]
    found = Participant.objects.filter(pk__in=ids).select_related("municipality").in_bulk()
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class MergeRow:
    label: str
    first: int
    second: int


@dataclass(frozen=True)
class MergePreview:
    """What each record holds, per kind of data, and how many visits fall on the same dagdeel."""

    rows: list[MergeRow]
    colliding_visits: int


def merge_preview(*, first: Participant, second: Participant) -> MergePreview:
    """Counts per model that points at a participant, found by walking the model graph, so a model
    added later shows up here as well. One query per model."""
    rows = []
    for relation in Participant._meta.related_objects:
        field = relation.field
        if not isinstance(field, ForeignKey) or relation.related_model is Participant:
            continue
        counts = dict(
            relation.related_model._default_manager.filter(**{f"{field.name}__in": [first, second]})
            .order_by()
            .values(field.name)
            .annotate(n=Count("pk"))
            .values_list(field.name, "n")
        )
        label = str(relation.related_model._meta.verbose_name_plural)
        label = label[:1].upper() + label[1:]
        rows.append(MergeRow(label, counts.get(first.pk, 0), counts.get(second.pk, 0)))
    colliding = (
        Visit.objects.filter(participant=second)
        .filter(
            Exists(
                Visit.objects.filter(participant=first, date=OuterRef("date"), dagdeel=OuterRef("dagdeel"))
            )
        )
        .count()
    )
    return MergePreview(rows=rows, colliding_visits=colliding)
