"""The participant page and the small forms that change a participant's journey.

Every view loads the participant through the need-to-know selector (404 when not visible),
writes exactly one access-log row, and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from participants import forms_person as f
from participants.access import access_context
from participants.constants import AccessAction, TagKind
from participants.models import (
    AccessLogEntry,
    Goal,
    GoalStep,
    Participant,
    ParticipantMerge,
    Questionnaire,
    Referral,
    VolunteerRole,
)
from participants.selectors import (
    TIMELINE_KINDS,
    attendance_summary,
    can_see_sensitive,
    goals_with_steps,
    latest_handover,
    latest_ladders,
    latest_profile,
    participant_for_user,
    sensitive_consent_active,
    tag_suggestions,
    timeline,
)
from participants.services import (
    access_log_record,
    coach_assign,
    contact_add,
    goal_create,
    goal_note_add,
    goal_status_set,
    goal_step_add,
    goal_step_complete,
    ladder_record,
    measurement_record,
    outflow_record,
    participant_merge,
    participant_reactivate,
    referral_create,
    referral_outcome_set,
    sensitive_entry_add,
    talent_profile_update,
    volunteer_role_add,
)
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, Role, allow

CARE_ROLES = (Role.COACH, Role.COORDINATOR, Role.ADMIN)
TIMELINE_PAGE_SIZE = 20


def _participant(request: AuthenticatedRequest, pk: int) -> Participant:
    participant = participant_for_user(user=request.user, pk=pk)
    if participant is None:
        raise Http404
    return participant


def _log(request: AuthenticatedRequest, action: AccessAction, participant: Participant) -> None:
    access_log_record(
        context=access_context(request), action=action, participant_pseudonym=participant.pseudonym
    )


@allow(*CARE_ROLES)
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    today = timezone.localdate()
    chosen = [k for k in request.GET.getlist("soort") if k in TIMELINE_KINDS] or list(TIMELINE_KINDS)
    sensitive_open = can_see_sensitive(user=request.user, participant=participant)
    items = timeline(participant=participant, kinds=set(chosen), include_sensitive=sensitive_open)
    page = Paginator(items, TIMELINE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    _log(request, AccessAction.READ, participant)
    return render(
        request,
        "participants/person/detail.html",
        {
            "participant": participant,
            "age": participant.age_on(today),
            "attendance": attendance_summary(participant=participant, today=today),
            "profile": latest_profile(participant=participant),
            "goals": goals_with_steps(participant=participant),
            "ladders": latest_ladders(participant=participant),
            "handover": latest_handover(participant=participant),
            "volunteer_roles": list(participant.volunteer_roles.all()),
            "page": page,
            "kinds": [
                (key, label, key in chosen)
                for key, label in TIMELINE_KINDS.items()
                if key != "sensitive" or sensitive_open
            ],
            "filter_query": "&".join(f"soort={k}" for k in chosen),
            "sensitive_open": sensitive_open,
            "sensitive_consent": sensitive_consent_active(participant=participant),
            "is_management": request.user.role in MANAGEMENT,
            "questionnaires": Questionnaire.objects.filter(is_active=True),
        },
    )


def _action(
    request: AuthenticatedRequest,
    participant: Participant,
    *,
    form: forms.Form,
    title: str | Promise,
    run: Callable[[dict[str, Any]], Any],
    success: str | Promise,
    action: AccessAction = AccessAction.UPDATE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs one service, logs it and returns to the page."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _log(request, action, participant)
            messages.success(request, str(success))
            return redirect("participants:detail", pk=participant.pk)
    if request.method != "POST":
        _log(request, AccessAction.READ, participant)
    return render(
        request,
        "participants/person/action_form.html",
        {"participant": participant, "form": form, "title": title, **(extra or {})},
    )


def _bound(request: AuthenticatedRequest, form_class: type[forms.Form], **kwargs: Any) -> forms.Form:
    return form_class(request.POST or None, **kwargs)


@allow(*CARE_ROLES)
def profile_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    current = latest_profile(participant=participant)
    initial = {}
    if current is not None:
        initial = {
            "talents": ", ".join(t.name for t in current.talents.all()),
            "interests": ", ".join(t.name for t in current.interests.all()),
            "learning_wishes": current.learning_wishes,
            "roles": current.roles,
        }
    return _action(
        request,
        participant,
        form=f.TalentProfileForm(request.POST or None, initial=initial),
        title=gettext_lazy("Talent profile"),
        success=gettext_lazy("The talent profile is saved."),
        run=lambda d: talent_profile_update(participant=participant, recorded_by=request.user, **d),
        extra={
            "talent_suggestions": tag_suggestions(kind=TagKind.TALENT),
            "interest_suggestions": tag_suggestions(kind=TagKind.INTEREST),
        },
    )


@allow(*CARE_ROLES)
def goal_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.GoalForm),
        title=gettext_lazy("New goal"),
        success=gettext_lazy("The goal is saved."),
        action=AccessAction.CREATE,
        run=lambda d: goal_create(participant=participant, created_by=request.user, **d),
    )


def _goal(request: AuthenticatedRequest, pk: int, goal_id: int) -> tuple[Participant, Goal]:
    participant = _participant(request, pk)
    return participant, get_object_or_404(Goal, pk=goal_id, participant=participant)


@allow(*CARE_ROLES)
def goal_step_add_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=_bound(request, f.StepForm),
        title=gettext_lazy("Add a step"),
        success=gettext_lazy("The step is added."),
        run=lambda d: goal_step_add(goal=goal, added_by=request.user, **d),
        extra={"goal": goal},
    )


@allow(*CARE_ROLES)
@require_POST
def goal_step_complete_view(
    request: AuthenticatedRequest, pk: int, goal_id: int, step_id: int
) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    step = get_object_or_404(GoalStep, pk=step_id, goal=goal)
    goal_step_complete(step=step, done_on=None, completed_by=request.user)
    _log(request, AccessAction.UPDATE, participant)
    messages.success(request, _("Step done: %(step)s") % {"step": step.description})
    return redirect("participants:detail", pk=participant.pk)


@allow(*CARE_ROLES)
def goal_status_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=_bound(request, f.GoalStatusForm, initial={"status": goal.status}),
        title=gettext_lazy("Change the status of the goal"),
        success=gettext_lazy("The status is changed."),
        run=lambda d: goal_status_set(goal=goal, changed_by=request.user, **d),
        extra={"goal": goal},
    )


@allow(*CARE_ROLES)
def goal_note_view(request: AuthenticatedRequest, pk: int, goal_id: int) -> HttpResponse:
    participant, goal = _goal(request, pk, goal_id)
    return _action(
        request,
        participant,
        form=_bound(request, f.GoalNoteForm),
        title=gettext_lazy("Progress note"),
        success=gettext_lazy("The note is saved."),
        run=lambda d: goal_note_add(goal=goal, written_by=request.user, **d),
        extra={"goal": goal},
    )


@allow(*CARE_ROLES)
def ladder_record_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.LadderForm),
        title=gettext_lazy("Ladder step"),
        success=gettext_lazy("The ladder step is saved."),
        action=AccessAction.CREATE,
        run=lambda d: ladder_record(participant=participant, recorded_by=request.user, **d),
    )


@allow(*CARE_ROLES)
def measurement_record_view(request: AuthenticatedRequest, pk: int, questionnaire_id: int) -> HttpResponse:
    participant = _participant(request, pk)
    questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_id, is_active=True)
    form = f.MeasurementForm(request.POST or None, questionnaire=questionnaire)
    return _action(
        request,
        participant,
        form=form,
        title=questionnaire.name,
        success=gettext_lazy("The answers are saved."),
        action=AccessAction.CREATE,
        run=lambda d: measurement_record(
            participant=participant,
            questionnaire=questionnaire,
            taken_on=d["taken_on"],
            occasion=d["occasion"],
            answers=form.answers(),
            recorded_by=request.user,
        ),
    )


@allow(*CARE_ROLES)
def sensitive_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if not can_see_sensitive(user=request.user, participant=participant):
        _log(request, AccessAction.DENIED, participant)
        return render(
            request, "participants/person/sensitive_closed.html", {"participant": participant}, status=403
        )
    return _action(
        request,
        participant,
        form=_bound(request, f.SensitiveForm),
        title=gettext_lazy("Sensitive section"),
        success=gettext_lazy("Saved in the sensitive section."),
        action=AccessAction.CREATE,
        run=lambda d: sensitive_entry_add(participant=participant, recorded_by=request.user, **d),
        extra={"entries": list(participant.sensitive_entries.all())},
    )


@allow(*CARE_ROLES)
def referral_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.ReferralForm),
        title=gettext_lazy("Referral"),
        success=gettext_lazy("The referral is saved."),
        action=AccessAction.CREATE,
        run=lambda d: referral_create(participant=participant, recorded_by=request.user, **d),
    )


@allow(*CARE_ROLES)
def referral_outcome_view(request: AuthenticatedRequest, pk: int, referral_id: int) -> HttpResponse:
    participant = _participant(request, pk)
    referral = get_object_or_404(Referral, pk=referral_id, participant=participant)
    return _action(
        request,
        participant,
        form=_bound(request, f.ReferralOutcomeForm, initial={"outcome": referral.outcome}),
        title=gettext_lazy("Outcome of the referral"),
        success=gettext_lazy("The outcome is saved."),
        run=lambda d: referral_outcome_set(referral=referral, **d),
    )


@allow(*CARE_ROLES)
def outflow_record_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.OutflowForm),
        title=gettext_lazy("Outflow"),
        success=gettext_lazy("The outflow is saved. Nazorg contacts can continue."),
        action=AccessAction.CREATE,
        run=lambda d: outflow_record(participant=participant, recorded_by=request.user, **d),
    )


@allow(*CARE_ROLES)
@require_POST
def reactivate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if request.method == "POST":
        participant_reactivate(participant=participant)
        _log(request, AccessAction.UPDATE, participant)
        messages.success(
            request, _("%(name)s is active again. Welcome back!") % {"name": participant.short_name}
        )
    return redirect("participants:detail", pk=participant.pk)


@allow(*CARE_ROLES)
def contact_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.ContactForm),
        title=gettext_lazy("Contact (nazorg)"),
        success=gettext_lazy("The contact is saved."),
        action=AccessAction.CREATE,
        run=lambda d: contact_add(participant=participant, recorded_by=request.user, **d),
    )


@allow(*CARE_ROLES)
def volunteer_role_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.VolunteerRoleForm),
        title=gettext_lazy("Volunteer role"),
        success=gettext_lazy("The volunteer role is saved."),
        action=AccessAction.CREATE,
        run=lambda d: volunteer_role_add(participant=participant, recorded_by=request.user, **d),
    )


@allow(*CARE_ROLES)
def coach_assign_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    return _action(
        request,
        participant,
        form=_bound(request, f.CoachForm, initial={"coach": participant.fixed_coach_id}),
        title=gettext_lazy("Vaste begeleider"),
        success=gettext_lazy("The vaste begeleider is saved."),
        run=lambda d: coach_assign(participant=participant, assigned_by=request.user, **d),
    )


@allow(*MANAGEMENT)
def merge_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = f.MergeForm(request.POST or None, keep=participant)
    return _action(
        request,
        participant,
        form=form,
        title=gettext_lazy("Merge a duplicate into this record"),
        success=gettext_lazy("The records are merged."),
        run=lambda d: participant_merge(keep=participant, remove=d["remove"], merged_by=request.user),
    )


@allow(*MANAGEMENT)
def access_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who looked at or changed this record — including records merged into it."""
    participant = _participant(request, pk)
    # Log first: the paginator counts the rows now and would otherwise cut off one of them.
    _log(request, AccessAction.READ, participant)
    pseudonyms = [
        participant.pseudonym,
        *ParticipantMerge.objects.filter(kept_pseudonym=participant.pseudonym).values_list(
            "removed_pseudonym", flat=True
        ),
    ]
    rows = AccessLogEntry.objects.filter(participant_pseudonym__in=pseudonyms).order_by("-at", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request, "participants/person/access_history.html", {"participant": participant, "page": page}
    )


@allow(Role.VOLUNTEER)
def my_volunteering(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer sees their own roles, never anyone else's profile."""
    roles = VolunteerRole.objects.filter(participant__account=request.user).order_by("-started_on")
    return render(request, "participants/person/my_volunteering.html", {"roles": roles})
