"""The small forms that change a participant's journey (the page itself is views/profile.py).

Every view loads the participant through the need-to-know selector (404 when not visible),
writes exactly one access-log row, and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from participants import forms_person as f
from participants.access import log_access
from participants.constants import AccessAction, TagKind
from participants.models import (
    Participant,
    Questionnaire,
    Referral,
)
from participants.selectors import (
    latest_profile,
    participant_for_user,
    tag_suggestions,
)
from participants.services import (
    coach_assign,
    contact_add,
    goal_create,
    ladder_record,
    measurement_record,
    outflow_record,
    participant_reactivate,
    referral_create,
    referral_outcome_set,
    talent_profile_update,
    volunteer_role_add,
)
from voorveld.roles import AuthenticatedRequest, Role, allow

CARE_ROLES = (Role.COACH, Role.COORDINATOR, Role.ADMIN)
TIMELINE_PAGE_SIZE = 20


def _participant(request: AuthenticatedRequest, pk: int) -> Participant:
    participant = participant_for_user(user=request.user, pk=pk)
    if participant is None:
        raise Http404
    return participant



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
    next_url: str | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs one service, logs it and returns to the page
    (``next_url``, or the participant page). Either way the request leaves one access-log row."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_access(request, action, participant)
            messages.success(request, str(success))
            return redirect(next_url or reverse("participants:detail", args=[participant.pk]))
    # The form (again, with what was typed) shows the participant: that is a read.
    log_access(request, AccessAction.READ, participant)
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
    if referral.consent is not None and referral.consent.withdrawn_on is not None:
        log_access(request, AccessAction.READ, participant)
        messages.error(request, _("The consent for this referral was withdrawn: it is blocked."))
        return redirect("participants:detail", pk=participant.pk)
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
    try:
        participant_reactivate(participant=participant)
    except ValidationError as exc:
        log_access(request, AccessAction.READ, participant)
        messages.error(request, " ".join(exc.messages))
    else:
        log_access(request, AccessAction.UPDATE, participant)
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
