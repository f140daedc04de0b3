"""The goal page with its small forms (steps, notes, status, reopen) and merging duplicates.

Like the other participant pages: the participant is loaded through the need-to-know selector
(404 when not visible), every request leaves an access-log row, and each POST calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from participants import forms_person
from participants.access import access_context, log_access
from participants.constants import AccessAction, GoalStatus, StepStatus
from participants.forms_progress import (
    GoalCloseForm,
    GoalReopenForm,
    MergeConfirmForm,
    MergeSearchForm,
    StepCompleteForm,
    StepDropForm,
)
from participants.models import Goal, GoalStep, Participant
from participants.selectors import goal_for_page, merge_candidates, merge_preview
from participants.services import (
    access_log_record,
    goal_note_add,
    goal_reopen,
    goal_status_set,
    goal_step_add,
    goal_step_complete,
    goal_step_drop,
    participant_merge,
)
from participants.views.person import CARE_ROLES, _action, _participant
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

# A step button on the participant page sends this, so the coach returns there.
BACK_TO_PARTICIPANT = "deelnemer"


def _goal(request: AuthenticatedRequest, pk: int, goal_id: int) -> tuple[Participant, Goal]:
    participant = _participant(request, pk)
    return participant, get_object_or_404(Goal, pk=goal_id, participant=participant)


def _goal_url(request: AuthenticatedRequest, goal: Goal) -> str:
    if request.POST.get("terug") == BACK_TO_PARTICIPANT:
        return reverse("participants:detail", args=[goal.participant_id])
    return reverse("participants:goal_detail", args=[goal.participant_id, goal.pk])


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    """Bound data for a POST (even an empty one), nothing for a GET."""
    return request.POST if request.method == "POST" else None


@allow(*CARE_ROLES)
@require_GET
def goal_detail(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant = _participant(request, pk)
    goal = goal_for_page(participant=participant, goal_id=goal_id)
    if goal is None:
        raise Http404
    log_access(request, AccessAction.READ, participant)
    closed = goal.status != GoalStatus.ACTIVE
    return render(
        request,
        "participants/progress/goal_detail.html",
        {
            "participant": participant,
            "goal": goal,
            "steps": list(goal.steps.all()),
            "events": list(goal.events.all()),
            "closed": closed,
            # Several forms on one page: each gets its own id prefix so labels stay unique.
            "step_form": forms_person.StepForm(auto_id="step_%s"),
            "note_form": forms_person.GoalNoteForm(auto_id="note_%s"),
            "close_form": None if closed else GoalCloseForm(auto_id="status_%s"),
            "reopen_form": GoalReopenForm(auto_id="reopen_%s") if closed else None,
            "open_status": StepStatus.OPEN,
            "done_status": StepStatus.DONE,
            "today": timezone.localdate(),
        },
    )


@allow(*CARE_ROLES)
def goal_step_add_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=forms_person.StepForm(_posted(request)),
        title=gettext_lazy("Add a step"),
        success=gettext_lazy("The step is added."),
        run=lambda d: goal_step_add(goal=goal, added_by=request.user, **d),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*CARE_ROLES)
def goal_step_complete_view(
    request: AuthenticatedRequest, pk: int, goal_id: int, step_id: int
) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    step = get_object_or_404(GoalStep, pk=step_id, goal=goal)
    return _action(
        request,
        participant,
        form=StepCompleteForm(_posted(request)),
        title=_("Step done: %(step)s") % {"step": step.description},
        success=_("Step done: %(step)s") % {"step": step.description},
        run=lambda d: goal_step_complete(step=step, done_on=d["done_on"], completed_by=request.user),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*CARE_ROLES)
def goal_step_drop_view(request: AuthenticatedRequest, pk: int, goal_id: int, step_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    step = get_object_or_404(GoalStep, pk=step_id, goal=goal)
    return _action(
        request,
        participant,
        form=StepDropForm(_posted(request)),
        title=_("Drop the step: %(step)s") % {"step": step.description},
        success=_("The step is dropped: %(step)s") % {"step": step.description},
        run=lambda d: goal_step_drop(step=step, dropped_by=request.user),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*CARE_ROLES)
def goal_status_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    if goal.status != GoalStatus.ACTIVE and request.method != "POST":
        # A closed goal is reopened first; that has its own form.
        return redirect("participants:goal_reopen", pk=participant.pk, goal_id=goal.pk)
    return _action(
        request,
        participant,
        form=GoalCloseForm(_posted(request)),
        title=gettext_lazy("Change the status of the goal"),
        success=gettext_lazy("The status is changed."),
        run=lambda d: goal_status_set(goal=goal, changed_by=request.user, **d),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*CARE_ROLES)
def goal_reopen_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=GoalReopenForm(_posted(request)),
        title=gettext_lazy("Reopen the goal"),
        success=gettext_lazy("The goal is active again."),
        run=lambda d: goal_reopen(goal=goal, reopened_by=request.user, **d),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*CARE_ROLES)
def goal_note_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=forms_person.GoalNoteForm(_posted(request)),
        title=gettext_lazy("Progress note"),
        success=gettext_lazy("The note is saved."),
        run=lambda d: goal_note_add(goal=goal, written_by=request.user, **d),
        extra={"goal": goal},
        next_url=_goal_url(request, goal),
    )


@allow(*MANAGEMENT)
@require_GET
def merge_search(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Step 1: find the other record of the same person by name (the term is never logged)."""
    participant = _participant(request, pk)
    form = MergeSearchForm(request.GET if "q" in request.GET else None)
    hits = (
        merge_candidates(user=request.user, query=form.cleaned_data["q"], exclude=participant)
        if form.is_valid()
        else None
    )
    log_access(request, AccessAction.READ, participant)
    if hits is not None:  # the hits name other participants: a search, logged without the term
        access_log_record(context=access_context(request), action=AccessAction.SEARCH)
    return render(
        request,
        "participants/progress/merge_search.html",
        {"participant": participant, "form": form, "hits": hits},
    )


@allow(*MANAGEMENT)
def merge_confirm(request: AuthenticatedRequest, pk: int, other_id: int) -> HttpResponse:
    """Step 2: both records side by side, what each holds, which one to keep — then merge."""
    first = _participant(request, pk)
    second = _participant(request, other_id)
    if first.pk == second.pk:
        raise Http404
    form = MergeConfirmForm(_posted(request), first=first, second=second, initial={"keep": first.pk})
    if request.method == "POST" and form.is_valid():
        keep, remove = (first, second) if form.cleaned_data["keep"] == first.pk else (second, first)
        removed_pseudonym = remove.pseudonym
        try:
            participant_merge(keep=keep, remove=remove, merged_by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_access(request, AccessAction.UPDATE, keep)
            # The removed record is gone; its pseudonym still gets its row (the log has no FK).
            access_log_record(
                context=access_context(request),
                action=AccessAction.DELETE,
                participant_pseudonym=removed_pseudonym,
            )
            messages.success(request, _("The records are merged into %(name)s.") % {"name": keep.short_name})
            return redirect("participants:detail", pk=keep.pk)
    # Both records are shown: one read for each.
    log_access(request, AccessAction.READ, first)
    log_access(request, AccessAction.READ, second)
    return render(
        request,
        "participants/progress/merge_confirm.html",
        {
            "participant": first,
            "first": first,
            "second": second,
            "preview": merge_preview(first=first, second=second),
            "form": form,
        },
    )
