"""Writes for goals (doelen) with small steps. Every change writes a GoalEvent: the goal's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import GoalEventKind, GoalStatus, StepStatus
from participants.models import Goal, GoalEvent, GoalStep, LifeDomain, Participant
from voorveld.models import User

MAX_FIRST_STEPS = 10


def _not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


def _goal_event(
    goal: Goal, kind: str, by: User | None, *, status: str = "", note: str = "", on: dt.date | None = None
) -> GoalEvent:
    event = GoalEvent(
        goal=goal,
        kind=kind,
        status=status,
        note=note,
        happened_on=on or timezone.localdate(),
        recorded_by=by,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def goal_create(
    *,
    participant: Participant,
    life_domain: LifeDomain,
    description: str,
    created_by: User | None,
    review_on: dt.date | None = None,
    steps: Iterable[str] = (),
) -> Goal:
    """A goal in the participant's own words, optionally with a review date and first steps."""
    if not life_domain.is_active:
        raise ValidationError(_("Choose an active life domain."), code="inactive")
    goal = Goal(
        participant=participant,
        life_domain=life_domain,
        description=description.strip(),
        review_on=review_on,
        started_on=timezone.localdate(),
        created_by=created_by,
    )
    goal.full_clean()
    goal.save()
    _goal_event(goal, GoalEventKind.CREATED, created_by, status=GoalStatus.ACTIVE, note=goal.description)
    texts = [text for text in (s.strip() for s in steps) if text][:MAX_FIRST_STEPS]
    for order, text in enumerate(texts):
        step = GoalStep(goal=goal, description=text, order=order)
        step.full_clean()
        step.save()
    return goal


@transaction.atomic
def goal_step_add(*, goal: Goal, description: str, added_by: User | None) -> GoalStep:
    step = GoalStep(goal=goal, description=description.strip(), order=goal.steps.count())
    step.full_clean()
    step.save()
    _goal_event(goal, GoalEventKind.STEP_ADDED, added_by, note=step.description)
    return step


def _open_step(step: GoalStep) -> None:
    if step.status == StepStatus.DONE:
        raise ValidationError(_("This step is already done."), code="done")
    if step.status == StepStatus.DROPPED:
        raise ValidationError(_("This step was dropped."), code="dropped")


@transaction.atomic
def goal_step_complete(*, step: GoalStep, done_on: dt.date | None, completed_by: User | None) -> GoalStep:
    """Mark an open step done on a date (today when not given; never in the future)."""
    done_on = done_on or timezone.localdate()
    _not_future(done_on)
    _open_step(step)
    step.status, step.done_on = StepStatus.DONE, done_on
    step.full_clean()
    step.save(update_fields=["status", "done_on"])
    _goal_event(step.goal, GoalEventKind.STEP_DONE, completed_by, note=step.description, on=done_on)
    return step


@transaction.atomic
def goal_step_drop(*, step: GoalStep, dropped_by: User | None) -> GoalStep:
    """An open step that no longer fits is dropped; it stays visible in the goal's history."""
    _open_step(step)
    step.status = StepStatus.DROPPED
    step.full_clean()
    step.save(update_fields=["status"])
    _goal_event(step.goal, GoalEventKind.STEP_DROPPED, dropped_by, note=step.description)
    return step


@transaction.atomic
def goal_status_set(*, goal: Goal, status: str, note: str, changed_by: User | None) -> Goal:
    """Achieved, adjusted, stopped — or back to active, which reopens a closed goal."""
    if status not in GoalStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == goal.status:
        raise ValidationError(_("The goal already has this status."), code="same")
    if status == GoalStatus.ACTIVE:
        return goal_reopen(goal=goal, note=note, reopened_by=changed_by)
    goal.status = status
    goal.full_clean()
    goal.save(update_fields=["status"])
    _goal_event(goal, GoalEventKind.STATUS, changed_by, status=status, note=note.strip())
    return goal


@transaction.atomic
def goal_reopen(*, goal: Goal, note: str, reopened_by: User | None) -> Goal:
    """A closed goal (achieved, adjusted or stopped) becomes active again."""
    if goal.status == GoalStatus.ACTIVE:
        raise ValidationError(_("This goal is already active."), code="active")
    goal.status = GoalStatus.ACTIVE
    goal.full_clean()
    goal.save(update_fields=["status"])
    _goal_event(goal, GoalEventKind.REOPENED, reopened_by, status=GoalStatus.ACTIVE, note=note.strip())
    return goal


@transaction.atomic
def goal_note_add(*, goal: Goal, note: str, written_by: User | None) -> GoalEvent:
    if not note.strip():
        raise ValidationError(_("Write a note."), code="empty")
    return _goal_event(goal, GoalEventKind.NOTE, written_by, note=note.strip())
