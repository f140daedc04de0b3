"""The coordinator's reporting settings: funders and their officer accounts, funding arrangements
(with the agreed indicators and custom periods) and the stories for reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from participants.access import access_context
from participants.constants import AccessAction
from participants.forms import SetActiveForm
from participants.services import access_log_record
from reporting.forms import (
    QUESTION_PREFIX,
    ArrangementForm,
    FunderForm,
    IndicatorFormSet,
    OfficerCreateForm,
    PeriodFormSet,
    StoryForm,
    indicator_inputs,
    period_inputs,
)
from reporting.models import Funder, FundingArrangement, Story
from reporting.selectors.portal import (
    arrangement_for_edit,
    funder_list,
    officer_list,
    story_consents,
    story_list,
)
from reporting.services.arrangements import (
    ArrangementInput,
    arrangement_create,
    arrangement_update,
    funder_create,
    funder_update,
    officer_create,
    officer_set_active,
    story_create,
    story_delete,
    story_update,
)
from reporting.views.common import add_service_errors, page_of
from voorveld.constants import Role
from voorveld.models import User
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

GET_OR_POST = require_http_methods(["GET", "POST"])

# --- Funders --------------------------------------------------------------------------------


@allow(*MANAGEMENT)
@require_safe
def funder_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "reporting/manage/funder_list.html", {
        "page_obj": page_of(request, funder_list()), "section": "funders",
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def funder_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = FunderForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            funder = funder_create(
                name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                municipality=form.cleaned_data["municipality"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Funder “%(name)s” is added.") % {"name": funder.name})
            return redirect("reporting:funder_edit", pk=funder.pk)
    return render(request, "reporting/manage/funder_form.html", {
        "form": form, "funder": None, "section": "funders",
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def funder_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    funder = get_object_or_404(Funder.objects.select_related("municipality"), pk=pk)
    if request.method == "POST":
        form = FunderForm(request.POST, funder=funder)
        if form.is_valid():
            try:
                funder_update(
                    funder=funder, name=form.cleaned_data["name"],
                    municipality=form.cleaned_data["municipality"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Funder “%(name)s” is saved.") % {"name": funder.name})
                return redirect("reporting:funder_edit", pk=funder.pk)
    else:
        form = FunderForm(funder=funder, initial={"name": funder.name, "municipality": funder.municipality})
    return render(request, "reporting/manage/funder_form.html", {
        "form": form, "funder": funder, "officers": officer_list(funder=funder),
        "arrangements": funder.arrangements.order_by("-starts_on", "name"), "section": "funders",
    })


# --- Officer accounts -----------------------------------------------------------------------


@allow(*MANAGEMENT)
@require_safe
def officer_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "reporting/manage/officer_list.html", {
        "page_obj": page_of(request, officer_list()), "section": "officers",
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def officer_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    funder = get_object_or_404(Funder, pk=pk)
    form = OfficerCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            officer = officer_create(
                funder=funder, username=data["username"], first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"], password=data["password"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _(
                "The officer account “%(username)s” for %(funder)s is made. It sees only the published "
                "reports of %(funder)s."
            ) % {"username": officer.username, "funder": funder.name})
            return redirect("reporting:funder_edit", pk=funder.pk)
    return render(request, "reporting/manage/officer_form.html", {
        "form": form, "funder": funder, "section": "officers",
    })


@allow(*MANAGEMENT)
@require_POST
def officer_set_active_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(User, pk=pk, role=Role.OFFICER)
    form = SetActiveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    active = form.cleaned_data["active"]
    officer_set_active(user=officer, is_active=active)
    name = officer.get_full_name() or officer.username
    if active:
        messages.success(request, _("The officer account of %(name)s is active again.") % {"name": name})
    else:
        messages.success(request, _(
            "The officer account of %(name)s is deactivated; it can no longer log in."
        ) % {"name": name})
    target = request.POST.get("next", "")
    if target.startswith(reverse("reporting:arrangement_list")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("reporting:officer_list")


# --- Funding arrangements -------------------------------------------------------------------


def _arrangement_initial(arrangement: FundingArrangement) -> dict[str, Any]:
    return {
        "funder": arrangement.funder, "name": arrangement.name,
        "municipalities": list(arrangement.municipalities.all()),
        "locations": list(arrangement.locations.all()), "activities": list(arrangement.activities.all()),
        "starts_on": arrangement.starts_on, "ends_on": arrangement.ends_on,
        "funded_places": arrangement.funded_places, "budget": arrangement.budget,
        "cadence": arrangement.cadence, "suppression_threshold": arrangement.suppression_threshold,
    }


def _indicator_initial(arrangement: FundingArrangement) -> list[dict[str, Any]]:
    return [
        {
            "figure": f"{QUESTION_PREFIX}{i.question_id}" if i.question_id else i.key,
            "text": i.text, "planned_value": i.planned_value, "order": i.order,
        }
        for i in arrangement.indicators.all()
    ]


def _period_initial(arrangement: FundingArrangement) -> list[dict[str, Any]]:
    return [
        {"label": p.label, "starts_on": p.starts_on, "ends_on": p.ends_on} for p in arrangement.periods.all()
    ]


def _arrangement_form_page(
    request: AuthenticatedRequest, arrangement: FundingArrangement | None
) -> HttpResponse:
    if request.method == "POST":
        form = ArrangementForm(request.POST, arrangement=arrangement)
        indicators = IndicatorFormSet(request.POST, prefix="indicators")
        periods = PeriodFormSet(request.POST, prefix="periods")
        if form.is_valid() and indicators.is_valid() and periods.is_valid():
            data = form.cleaned_data
            payload = ArrangementInput(
                funder=data["funder"], name=data["name"], municipalities=list(data["municipalities"]),
                locations=list(data["locations"]), activities=list(data["activities"]),
                starts_on=data["starts_on"], ends_on=data["ends_on"], funded_places=data["funded_places"],
                budget=data["budget"], cadence=data["cadence"],
                suppression_threshold=data["suppression_threshold"],
                indicators=indicator_inputs(indicators), periods=period_inputs(periods),
            )
            try:
                saved = (
                    arrangement_create(data=payload) if arrangement is None
                    else arrangement_update(arrangement=arrangement, data=payload)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Funding arrangement “%(name)s” is saved.") % {"name": saved.name}
                )
                return redirect("reporting:arrangement_detail", pk=saved.pk)
    elif arrangement is None:
        form = ArrangementForm(initial={"funder": request.GET.get("financier") or None})
        indicators = IndicatorFormSet(prefix="indicators")
        periods = PeriodFormSet(prefix="periods")
    else:
        form = ArrangementForm(initial=_arrangement_initial(arrangement), arrangement=arrangement)
        indicators = IndicatorFormSet(prefix="indicators", initial=_indicator_initial(arrangement))
        periods = PeriodFormSet(prefix="periods", initial=_period_initial(arrangement))
    return render(request, "reporting/manage/arrangement_form.html", {
        "form": form, "indicators": indicators, "periods": periods, "arrangement": arrangement,
        "section": "arrangements", "has_funders": Funder.objects.exists(),
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def arrangement_create_view(request: AuthenticatedRequest) -> HttpResponse:
    return _arrangement_form_page(request, None)


@allow(*MANAGEMENT)
@GET_OR_POST
def arrangement_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    arrangement = arrangement_for_edit(pk=pk)
    if arrangement is None:
        raise Http404
    return _arrangement_form_page(request, arrangement)


# --- Stories --------------------------------------------------------------------------------


def _story_form_page(request: AuthenticatedRequest, story: Story | None) -> HttpResponse:
    # Active story consents only: a story whose consent was withdrawn needs another one (or removal).
    consents = story_consents()
    if request.method == "POST":
        form = StoryForm(request.POST, consents=consents)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if story is None:
                    saved = story_create(
                        arrangement=data["arrangement"], title=data["title"], text=data["text"],
                        told_on=data["told_on"], consent=data["consent"], written_by=request.user,
                    )
                else:
                    saved = story_update(
                        story=story, arrangement=data["arrangement"], title=data["title"], text=data["text"],
                        told_on=data["told_on"], consent=data["consent"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Story “%(title)s” is saved.") % {"title": saved.title})
                return redirect("reporting:story_list")
    elif story is None:
        form = StoryForm(consents=consents)
    else:
        form = StoryForm(consents=consents, initial={
            "title": story.title, "text": story.text, "told_on": story.told_on, "consent": story.consent,
            "arrangement": story.arrangement,
        })
    # The consent list names participants: a list read of participant data, so it is logged.
    access_log_record(context=access_context(request), action=AccessAction.LIST)
    return render(request, "reporting/manage/story_form.html", {
        "form": form, "story": story, "section": "stories", "has_consents": consents.exists(),
    })


@allow(*MANAGEMENT)
@require_safe
def story_list_view(request: AuthenticatedRequest) -> HttpResponse:
    access_log_record(context=access_context(request), action=AccessAction.LIST)
    return render(request, "reporting/manage/story_list.html", {
        "page_obj": page_of(request, story_list()), "section": "stories",
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def story_create_view(request: AuthenticatedRequest) -> HttpResponse:
    return _story_form_page(request, None)


@allow(*MANAGEMENT)
@GET_OR_POST
def story_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _story_form_page(request, get_object_or_404(story_list(), pk=pk))


@allow(*MANAGEMENT)
@require_POST
def story_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=pk)
    story_delete(story=story)
    messages.success(request, _("Story “%(title)s” is removed from reports still to be made.") % {
        "title": story.title,
    })
    return redirect("reporting:story_list")
