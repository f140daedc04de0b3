"""The door: today's board, check-in, the paper list, anonymous visitors, newcomers and the
kennismaking. Views stay thin: participants' selectors read, its services write."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from intake.forms import (
    AnonymousForm,
    BoardChoiceForm,
    CheckInForm,
    ConversationForm,
    GuardianConsentForm,
    NewcomerForm,
    new_request_key,
)
from participants.access import access_context
from participants.constants import DOOR_CONSENT_VERSION, AccessAction, ConsentPurpose, Dagdeel, TagKind
from participants.models import Location, Participant, Visit
from participants.selectors import (
    attendance_for_day,
    board_get,
    conversations_for,
    local_today,
    location_dagdelen,
    locations_for_user,
    participant_for_user,
    participant_registered_with,
    participant_search,
    possible_duplicates,
    regulars_for_paper_list,
    tag_suggestions,
)
from participants.services import (
    AlreadyCheckedIn,
    CheckInTarget,
    NewcomerDetails,
    access_log_record,
    anonymous_count_adjust,
    consent_record,
    conversation_add,
    participant_register,
    visit_check_in,
    visit_date_validate,
    visit_undo,
    visits_record_bulk,
)
from voorveld.roles import STAFF_AT_DOOR, AuthenticatedRequest, Role, allow

COACHES = (Role.COACH, Role.COORDINATOR, Role.ADMIN)


@allow(*STAFF_AT_DOOR)
def today(request: AuthenticatedRequest) -> HttpResponse:
    """The door's start page: today's dagdelen of the user's locations, each opening its board."""
    day = local_today()
    locations = locations_for_user(user=request.user)
    return render(request, "intake/today.html", {
        "day": day,
        "attendance": attendance_for_day(locations=locations, date=day),
        "locations": list(locations),
        "backdate_days": settings.VISIT_BACKDATE_DAYS,
    })


def _board_target(
    request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str
) -> tuple[Location, dt.date]:
    """The location (one of the user's), a valid day within the back-dating window, a dagdeel."""
    location = get_object_or_404(locations_for_user(user=request.user), pk=location_id)
    try:
        day = dt.date.fromisoformat(date)
        visit_date_validate(date=day)
    except (ValueError, ValidationError) as exc:
        raise Http404(str(exc)) from exc
    if dagdeel not in Dagdeel.values:
        raise Http404
    return location, day


def _visible_participant(request: AuthenticatedRequest, participant_id: int) -> Participant:
    """The participant, when this user may see them (need to know); 404 otherwise."""
    participant = participant_for_user(user=request.user, pk=participant_id)
    if participant is None:
        raise Http404
    return participant


def _board_url(location: Location, day: dt.date, dagdeel: str, name: str = "board") -> str:
    return reverse(f"intake:{name}", args=[location.pk, day.isoformat(), dagdeel])


@allow(*STAFF_AT_DOOR)
def board(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    location, day = _board_target(request, location_id, date, dagdeel)
    choice = BoardChoiceForm(request.GET or None, dagdelen=location_dagdelen(location=location))
    if choice.is_valid():
        return redirect(_board_url(location, choice.cleaned_data["date"], choice.cleaned_data["dagdeel"]))
    if not choice.is_bound:
        choice = BoardChoiceForm(initial={"date": day, "dagdeel": dagdeel},
                                 dagdelen=location_dagdelen(location=location))
    access_log_record(context=access_context(request), action=AccessAction.LIST)
    return render(request, "intake/board.html", {
        "board": board_get(location=location, date=day, dagdeel=dagdeel),
        "choice": choice,
        "dagdeel_label": Dagdeel(dagdeel).label,
        "is_today": day == local_today(),
        "request_key": new_request_key(),
        "last_visit_id": request.session.get("last_check_in"),
        "can_see_profiles": request.user.role in COACHES,
    })


@allow(*STAFF_AT_DOOR)
def search(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    """The check-in search, refreshed by htmx while typing. Logs the search, never the term."""
    location, day = _board_target(request, location_id, date, dagdeel)
    query = request.GET.get("q", "")
    hits = participant_search(user=request.user, query=query)
    access_log_record(context=access_context(request), action=AccessAction.SEARCH)
    template = "intake/_search_results.html" if request.htmx else "intake/search_page.html"
    return render(request, template, {
        # One key per result: each is its own check-in form (a shared key would turn the second
        # person's check-in into a 'retry' of the first).
        "hits": [(hit, new_request_key()) for hit in hits],
        "query": query,
        "location": location,
        "day": day,
        "dagdeel": dagdeel,
        "check_in_form": CheckInForm(),
    })


@allow(*STAFF_AT_DOOR)
@require_POST
def check_in(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    location, day = _board_target(request, location_id, date, dagdeel)
    form = CheckInForm(request.POST)
    back = _board_url(location, day, dagdeel)
    if not form.is_valid():
        messages.error(request, _("Check-in failed: choose the person again."))
        return redirect(back)
    participant = _visible_participant(request, form.cleaned_data["participant"])
    try:
        result = visit_check_in(
            participant=participant, location=location, activity=form.cleaned_data["activity"],
            date=day, dagdeel=dagdeel, checked_in_by=request.user,
            request_key=form.cleaned_data["request_key"],
        )
    except AlreadyCheckedIn as exc:
        messages.warning(request, exc.messages[0])
        return redirect(back)
    if result.created:
        access_log_record(context=access_context(request), action=AccessAction.CREATE,
                          participant_pseudonym=participant.pseudonym)
    # A retry (same key) answers like the first request did: its response may have been lost.
    request.session["last_check_in"] = result.visit.pk
    messages.success(request, _("%(name)s is checked in.") % {"name": participant.short_name})
    return redirect(back)


@allow(*STAFF_AT_DOOR)
@require_POST
def undo(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.select_related("participant", "location"),
        pk=visit_id, location__in=locations_for_user(user=request.user),
    )
    back = _board_url(visit.location, visit.date, visit.dagdeel)
    try:
        visit_undo(visit=visit)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    access_log_record(context=access_context(request), action=AccessAction.DELETE,
                      participant_pseudonym=visit.participant.pseudonym)
    request.session.pop("last_check_in", None)
    messages.info(request, _("The check-in of %(name)s is undone.") % {"name": visit.participant.short_name})
    return redirect(back)


@allow(*STAFF_AT_DOOR)
def paper_list(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    """Record attendance in bulk, for a dagdeel when the tablet was not used."""
    location, day = _board_target(request, location_id, date, dagdeel)
    regulars = regulars_for_paper_list(location=location, date=day, dagdeel=dagdeel)
    if request.method == "POST":
        chosen_ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        chosen = [p for p, present in regulars if p.pk in chosen_ids and not present]
        added = visits_record_bulk(
            participants=chosen, location=location, date=day, dagdeel=dagdeel, checked_in_by=request.user
        )
        context = access_context(request)
        for person in chosen:
            access_log_record(
                context=context, action=AccessAction.CREATE, participant_pseudonym=person.pseudonym
            )
        messages.success(request, ngettext(
            "%(n)s visit recorded.", "%(n)s visits recorded.", added) % {"n": added})
        return redirect(_board_url(location, day, dagdeel))
    access_log_record(context=access_context(request), action=AccessAction.LIST)
    return render(request, "intake/paper_list.html", {
        "location": location, "day": day, "dagdeel": dagdeel,
        "dagdeel_label": Dagdeel(dagdeel).label, "regulars": regulars,
    })


@allow(*STAFF_AT_DOOR)
@require_POST
def anonymous(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    location, day = _board_target(request, location_id, date, dagdeel)
    form = AnonymousForm(request.POST)
    if form.is_valid():
        count = anonymous_count_adjust(
            location=location, date=day, dagdeel=dagdeel, delta=form.cleaned_data["delta"], user=request.user
        )
        if request.htmx:
            return render(request, "intake/_anonymous.html", {
                "board": board_get(location=location, date=day, dagdeel=dagdeel), "count": count,
            })
    return redirect(_board_url(location, day, dagdeel))


@allow(*STAFF_AT_DOOR)
def newcomer(request: AuthenticatedRequest, location_id: int, date: str, dagdeel: str) -> HttpResponse:
    """Register someone new and check them in, in one form; possible duplicates are shown first."""
    location, day = _board_target(request, location_id, date, dagdeel)
    form = NewcomerForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        already = participant_registered_with(request_key=data["request_key"])
        if already is not None:
            messages.info(request, _("%(name)s was already registered with this form.") % {
                "name": already.short_name})
            return redirect(_board_url(location, day, dagdeel))
        if not data["confirm_new"]:
            born = data["date_of_birth"]
            duplicates = possible_duplicates(
                user=request.user, first_name=data["first_name"], nickname=data["nickname"],
                last_name=data["last_name"], birth_year=data["birth_year"] or (born.year if born else None),
                municipality_id=data["municipality"].pk,
            )
            # The duplicate hint is a search by name: logged like one, without the name.
            access_log_record(context=access_context(request), action=AccessAction.SEARCH)
        if duplicates:
            # Ask once: the next submit of the same form saves a new person.
            form = NewcomerForm({**request.POST.dict(), "confirm_new": "on"})
            form.is_valid()
        else:
            try:
                registration = participant_register(
                    details=NewcomerDetails(
                        municipality=data["municipality"], first_name=data["first_name"],
                        nickname=data["nickname"], last_name=data["last_name"],
                        birth_year=data["birth_year"], date_of_birth=data["date_of_birth"],
                        phone=data["phone"], usual_activity=data["usual_activity"],
                        referral_source=data["referral_source"],
                        indicatie_category=data["indicatie_category"],
                    ),
                    registered_by=request.user,
                    check_in=CheckInTarget(location=location, date=day, dagdeel=dagdeel),
                    request_key=data["request_key"],
                )
            except ValidationError as exc:
                # The model's last word (a rule the form did not know): a message, every value kept.
                form.add_error(None, exc.messages)
            else:
                participant = registration.participant
                if registration.created:
                    access_log_record(context=access_context(request), action=AccessAction.CREATE,
                                      participant_pseudonym=participant.pseudonym)
                    messages.success(request, _("%(name)s is registered and checked in. Welcome!") % {
                        "name": participant.short_name})
                else:
                    messages.info(request, _("%(name)s was already registered with this form.") % {
                        "name": participant.short_name})
                return redirect(_board_url(location, day, dagdeel))
    return render(request, "intake/newcomer.html", {
        "form": form, "duplicates": [(person, new_request_key()) for person in duplicates],
        "location": location, "day": day, "dagdeel": dagdeel,
        "dagdeel_label": Dagdeel(dagdeel).label, "consent_version": DOOR_CONSENT_VERSION,
        "check_in_form": CheckInForm(), "show_birth_year": request.user.role in COACHES,
    })


@allow(*COACHES)
def kennismaking(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """Record a (first) conversation: talents, interests, wishes, a small next step, notes."""
    participant = _visible_participant(request, participant_id)
    context = access_context(request)
    form = ConversationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            conversation_add(participant=participant, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            access_log_record(context=context, action=AccessAction.CREATE,
                              participant_pseudonym=participant.pseudonym)
            messages.success(request, _("The conversation is saved."))
            return redirect("intake:kennismaking", participant_id=participant.pk)
    access_log_record(context=context, action=AccessAction.READ, participant_pseudonym=participant.pseudonym)
    return render(request, "intake/kennismaking.html", {
        "participant": participant,
        "form": form,
        "conversations": conversations_for(participant=participant),
        "talent_suggestions": tag_suggestions(kind=TagKind.TALENT),
        "interest_suggestions": tag_suggestions(kind=TagKind.INTEREST),
    })


@allow(*COACHES)
def sensitive_consent(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """Record consent for the sensitive section: needs a known age; under 16 a parent or guardian."""
    participant = _visible_participant(request, participant_id)
    context = access_context(request)
    form = GuardianConsentForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(
                participant=participant, purpose=ConsentPurpose.SENSITIVE,
                text_version=DOOR_CONSENT_VERSION, recorded_by=request.user, **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            access_log_record(context=context, action=AccessAction.CREATE,
                              participant_pseudonym=participant.pseudonym)
            messages.success(request, _("The consent is recorded."))
            return redirect("intake:kennismaking", participant_id=participant.pk)
    access_log_record(context=context, action=AccessAction.READ, participant_pseudonym=participant.pseudonym)
    return render(request, "intake/sensitive_consent.html", {"participant": participant, "form": form})
