"""The participant page (header, attendance, profile, goals, ladders, timeline), the sensitive
section, who viewed a record, and a volunteer's own roles.

Every view loads the participant through a need-to-know selector (404 when not visible) and
writes exactly one access-log row per request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from participants.access import log_access
from participants.constants import AccessAction, ParticipantStatus
from participants.forms_profile import SensitiveEntryForm
from participants.models import Participant
from participants.selectors.profile import (
    access_history_for,
    active_goals,
    attendance_summary,
    current_volunteer_roles,
    earlier_goals,
    handover_for,
    latest_ladder_positions,
    open_outflow,
    participant_for_page,
    questionnaires_to_record,
    sensitive_access,
    sensitive_entries_for,
    talent_summary,
    timeline_kinds,
    timeline_page,
    volunteering_for,
)
from participants.services import sensitive_entry_add
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, Role, allow

CARE_ROLES = (Role.COACH, Role.COORDINATOR, Role.ADMIN)
ACCESS_HISTORY_PAGE_SIZE = 50
SENSITIVE_PAGE_SIZE = 20
# GET parameters of the timeline: which kinds ("soort", repeated) and which page ("pagina").
KIND_PARAMETER = "soort"
PAGE_PARAMETER = "pagina"
# Readable names of the pages in the access history; others show their URL name.
PAGE_LABELS = {
    "participants:detail": gettext_lazy("Participant page"),
    "participants:sensitive": gettext_lazy("Sensitive section"),
    "participants:access_history": gettext_lazy("Who viewed this record"),
    "participants:my_volunteering": gettext_lazy("My volunteering"),
    "intake:kennismaking": gettext_lazy("Conversation"),
    "intake:sensitive_consent": gettext_lazy("Consent for the sensitive section"),
}


def _participant(request: AuthenticatedRequest, pk: int) -> Participant:
    participant = participant_for_page(user=request.user, pk=pk)
    if participant is None:
        raise Http404
    return participant



@allow(*CARE_ROLES)
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    today = timezone.localdate()
    access = sensitive_access(user=request.user, participant=participant)
    kinds = timeline_kinds(access=access)
    timeline = timeline_page(
        user=request.user,
        participant=participant,
        kinds=request.GET.getlist(KIND_PARAMETER),
        page=request.GET.get(PAGE_PARAMETER),
        access=access,
    )
    filtered = len(timeline.kinds) < len(kinds)
    log_access(request, AccessAction.READ, participant)
    return render(
        request,
        "participants/profile/detail.html",
        {
            "participant": participant,
            "full_name": " ".join(n for n in (participant.first_name, participant.last_name) if n),
            "age": participant.age_on(today),
            "outflow": (
                open_outflow(participant=participant)
                if participant.status == ParticipantStatus.OUTFLOWED
                else None
            ),
            "handover": handover_for(user=request.user, participant=participant),
            "attendance": attendance_summary(participant=participant, today=today),
            "talents": talent_summary(participant=participant),
            "goals": active_goals(participant=participant),
            "earlier_goals": earlier_goals(participant=participant),
            "ladders": latest_ladder_positions(participant=participant),
            "volunteer_roles": current_volunteer_roles(participant=participant, today=today),
            "questionnaires": questionnaires_to_record(),
            "sensitive": access,
            "timeline": timeline,
            "kinds": [(key, label, key in timeline.kinds) for key, label in kinds],
            "filter_query": "&".join(f"{KIND_PARAMETER}={k}" for k in timeline.kinds) if filtered else "",
            "is_management": request.user.role in MANAGEMENT,
        },
    )


@allow(*CARE_ROLES)
def sensitive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Read and add to the sensitive section — only for the people the selector allows, and only
    with consent; otherwise a friendly explanation (and, where it helps, the way to consent)."""
    participant = _participant(request, pk)
    access = sensitive_access(user=request.user, participant=participant)
    entries = sensitive_entries_for(user=request.user, participant=participant, access=access)
    if entries is None:
        log_access(request, AccessAction.DENIED, participant)
        return render(
            request,
            "participants/profile/sensitive_closed.html",
            {"participant": participant, "sensitive": access},
            status=403,
        )
    form = SensitiveEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sensitive_entry_add(participant=participant, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_access(request, AccessAction.CREATE, participant)
            messages.success(request, _("Saved in the sensitive section."))
            return redirect("participants:sensitive", pk=participant.pk)
    log_access(request, AccessAction.READ, participant)
    return render(
        request,
        "participants/profile/sensitive.html",
        {
            "participant": participant,
            "sensitive": access,
            "page": Paginator(entries, SENSITIVE_PAGE_SIZE).get_page(request.GET.get(PAGE_PARAMETER)),
            "form": form,
        },
    )


@allow(*MANAGEMENT)
@require_GET
def access_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who looked at or changed this record — including records merged into it."""
    participant = _participant(request, pk)
    # Logged first, so this very look is on the list it shows.
    log_access(request, AccessAction.READ, participant)
    page = Paginator(access_history_for(participant=participant), ACCESS_HISTORY_PAGE_SIZE).get_page(
        request.GET.get(PAGE_PARAMETER)
    )
    roles, actions = dict(Role.choices), dict(AccessAction.choices)
    rows = [
        {
            "at": row["at"],
            "username": row["actor_username"],
            "name": (row["actor_name"] or "").strip(),
            "role": roles.get(row["actor_role"], row["actor_role"]),
            "action": actions.get(row["action"], row["action"]),
            "page": PAGE_LABELS.get(row["view_name"], row["view_name"]),
            "from_merged_record": row["from_merged_record"],
        }
        for row in page.object_list
    ]
    return render(
        request,
        "participants/profile/access_history.html",
        {"participant": participant, "page": page, "rows": rows},
    )


@allow(Role.VOLUNTEER)
@require_GET
def my_volunteering(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer sees their own roles, never anyone else's profile."""
    mine = volunteering_for(user=request.user, today=timezone.localdate())
    if mine.participant is not None:
        # Reading one's own record is a read of a participant record too.
        log_access(request, AccessAction.READ, mine.participant)
    return render(request, "participants/profile/my_volunteering.html", {"mine": mine})
