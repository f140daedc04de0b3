"""Organisation settings for coordinators (and admins): name and logo, locations with their weekly
schedule and closure dates, activities, gemeenten and staff accounts."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from participants.forms import (
    ActivityForm,
    ClosureForm,
    LocationForm,
    MunicipalityForm,
    OrganisationForm,
    SetActiveForm,
    StaffCreateForm,
    StaffFilterForm,
    StaffForm,
)
from participants.models import Location
from participants.selectors import (
    activity_settings_list,
    closure_list,
    local_today,
    location_opening_keys,
    location_settings_list,
    municipality_list,
    organisation_get,
    settings_overview,
    staff_list,
    staff_manageable,
)
from participants.services import (
    activity_create,
    activity_set_active,
    activity_update,
    closure_add,
    closure_remove,
    location_create,
    location_set_active,
    location_update,
    municipality_create,
    municipality_ensure_special,
    municipality_set_active,
    municipality_update,
    organisation_update,
    staff_create,
    staff_set_active,
    staff_update,
)
from voorveld import two_factor
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow, public

PAGE_SIZE = 25
LOGO_CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
GET_OR_POST = require_http_methods(["GET", "POST"])


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _set_active_value(request: HttpRequest) -> bool | None:
    form = SetActiveForm(request.POST)
    return form.cleaned_data["active"] if form.is_valid() else None


def _back_to_list(request: HttpRequest, url_name: str) -> HttpResponse:
    """Back to the list the button was on, with its filters and page, or else to its first page."""
    url = reverse(url_name)
    target = request.POST.get("next", "")
    if target.startswith(url) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(url)


def _format_date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@allow(*MANAGEMENT)
def settings_index(request: AuthenticatedRequest) -> HttpResponse:
    municipality_ensure_special()  # so the count of gemeenten includes the two special entries
    return render(request, "participants/settings/index.html", {"overview": settings_overview()})


# --- Organisation ---------------------------------------------------------------------------


@allow(*MANAGEMENT)
@GET_OR_POST
def organisation_edit(request: AuthenticatedRequest) -> HttpResponse:
    organisation = organisation_get()
    has_logo = bool(organisation and organisation.logo)
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, has_logo=has_logo)
        if form.is_valid():
            try:
                organisation_update(
                    name=form.cleaned_data["name"], logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The details of the organisation are saved."))
                return redirect("participants:organisation")
    else:
        form = OrganisationForm(
            initial={"name": organisation.name if organisation else ""}, has_logo=has_logo
        )
    return render(request, "participants/settings/organisation.html", {
        "form": form, "current": organisation, "has_logo": has_logo,
    })


@public  # the logo is no personal data; the login page shows it too
@require_safe
def organisation_logo(request: HttpRequest) -> FileResponse:
    organisation = organisation_get()
    if organisation is None or not organisation.logo:
        raise Http404
    content_type = LOGO_CONTENT_TYPES.get(PurePosixPath(organisation.logo.name or "").suffix.lower())
    if content_type is None:
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Locations ------------------------------------------------------------------------------


@allow(*MANAGEMENT)
def location_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "participants/settings/location_list.html", {
        "page_obj": _page(request, location_settings_list()),
    })


def _render_location_form(
    request: HttpRequest, form: LocationForm, location: Location | None
) -> HttpResponse:
    return render(request, "participants/settings/location_form.html", {
        "form": form, "location": location,
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def location_create_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_location_form(request, LocationForm(), None)
    form = LocationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            location = location_create(
                name=data["name"], address=data["address"], capacity=data["capacity"],
                openings=data["schedule"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Location “%(name)s” is added.") % {"name": location.name})
            return redirect("participants:location_list")
    return _render_location_form(request, form, None)


@allow(*MANAGEMENT)
@GET_OR_POST
def location_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(location_settings_list(), pk=pk)
    if request.method != "POST":
        form = LocationForm(initial={
            "name": location.name, "address": location.address, "capacity": location.capacity,
            "schedule": [f"{day}-{dagdeel}" for day, dagdeel in location_opening_keys(location=location)],
        })
        return _render_location_form(request, form, location)
    form = LocationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            location_update(
                location=location, name=data["name"], address=data["address"],
                capacity=data["capacity"], openings=data["schedule"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Location “%(name)s” is saved.") % {"name": location.name})
            return redirect("participants:location_list")
    return _render_location_form(request, form, location)


@allow(*MANAGEMENT)
@require_POST
def location_set_active_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(location_settings_list(), pk=pk)
    active = _set_active_value(request)
    if active is None:
        return HttpResponseBadRequest()
    location_set_active(location=location, is_active=active)
    if active:
        messages.success(request, _("Location “%(name)s” is active again.") % {"name": location.name})
    else:
        messages.success(request, _(
            "Location “%(name)s” is deactivated. Its visits are kept; you can reactivate it."
        ) % {"name": location.name})
    return _back_to_list(request, "participants:location_list")


def _render_closures(
    request: HttpRequest, location: Location, form: ClosureForm, status: int = 200
) -> HttpResponse:
    today = local_today()
    return render(request, "participants/settings/closure_list.html", {
        "location": location, "form": form, "today": today,
        "page_obj": _page(request, closure_list(location=location, today=today)),
    }, status=status)


@allow(*MANAGEMENT)
def closure_list_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(location_settings_list(), pk=pk)
    return _render_closures(request, location, ClosureForm())


@allow(*MANAGEMENT)
@require_POST
def closure_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(location_settings_list(), pk=pk)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            closure = closure_add(
                location=location, date=form.cleaned_data["date"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("%(location)s is closed on %(date)s.") % {
                "location": location.name, "date": _format_date(closure.date),
            })
            return redirect("participants:closure_list", pk=location.pk)
    return _render_closures(request, location, form)


@allow(*MANAGEMENT)
@require_POST
def closure_remove_view(request: AuthenticatedRequest, pk: int, closure_pk: int) -> HttpResponse:
    location = get_object_or_404(location_settings_list(), pk=pk)
    closure = get_object_or_404(location.closures.all(), pk=closure_pk)
    closure_remove(closure=closure)
    messages.success(request, _("The closure date %(date)s of %(location)s is removed.") % {
        "location": location.name, "date": _format_date(closure.date),
    })
    return redirect("participants:closure_list", pk=location.pk)


# --- Activities -----------------------------------------------------------------------------


@allow(*MANAGEMENT)
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "participants/settings/activity_list.html", {
        "page_obj": _page(request, activity_settings_list()),
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def activity_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            activity = activity_create(name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Activity “%(name)s” is added.") % {"name": activity.name})
            return redirect("participants:activity_list")
    return render(request, "participants/settings/activity_form.html", {"form": form, "activity": None})


@allow(*MANAGEMENT)
@GET_OR_POST
def activity_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(activity_settings_list(), pk=pk)
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                activity_update(activity=activity, name=form.cleaned_data["name"])
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Activity “%(name)s” is saved.") % {"name": activity.name})
                return redirect("participants:activity_list")
    else:
        form = ActivityForm(initial={"name": activity.name})
    return render(request, "participants/settings/activity_form.html", {
        "form": form, "activity": activity,
    })


@allow(*MANAGEMENT)
@require_POST
def activity_set_active_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(activity_settings_list(), pk=pk)
    active = _set_active_value(request)
    if active is None:
        return HttpResponseBadRequest()
    activity_set_active(activity=activity, is_active=active)
    if active:
        messages.success(request, _("Activity “%(name)s” is active again.") % {"name": activity.name})
    else:
        messages.success(request, _("Activity “%(name)s” is deactivated.") % {"name": activity.name})
    return _back_to_list(request, "participants:activity_list")


# --- Gemeenten ------------------------------------------------------------------------------


@allow(*MANAGEMENT)
def municipality_list_view(request: AuthenticatedRequest) -> HttpResponse:
    # Idempotent and cheap: the two special entries are always there to list.
    municipality_ensure_special()
    return render(request, "participants/settings/municipality_list.html", {
        "page_obj": _page(request, municipality_list(active_only=False)),
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def municipality_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = MunicipalityForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            municipality = municipality_create(
                name=form.cleaned_data["name"], cbs_code=form.cleaned_data["cbs_code"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Municipality “%(name)s” is added.") % {"name": municipality.name})
            return redirect("participants:municipality_list")
    return render(request, "participants/settings/municipality_form.html", {
        "form": form, "municipality": None,
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def municipality_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(municipality_list(active_only=False), pk=pk)
    if municipality.is_special:
        messages.error(request, _(
            "“%(name)s” is always available and cannot be changed or deactivated."
        ) % {"name": municipality.name})
        return redirect("participants:municipality_list")
    if request.method == "POST":
        form = MunicipalityForm(request.POST)
        if form.is_valid():
            try:
                municipality_update(
                    municipality=municipality, name=form.cleaned_data["name"],
                    cbs_code=form.cleaned_data["cbs_code"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Municipality “%(name)s” is saved.") % {"name": municipality.name}
                )
                return redirect("participants:municipality_list")
    else:
        form = MunicipalityForm(initial={"name": municipality.name, "cbs_code": municipality.cbs_code})
    return render(request, "participants/settings/municipality_form.html", {
        "form": form, "municipality": municipality,
    })


@allow(*MANAGEMENT)
@require_POST
def municipality_set_active_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(municipality_list(active_only=False), pk=pk)
    active = _set_active_value(request)
    if active is None:
        return HttpResponseBadRequest()
    try:
        municipality_set_active(municipality=municipality, is_active=active)
    except ValidationError as error:
        _refused(request, error)
    else:
        if active:
            messages.success(
                request, _("Municipality “%(name)s” is active again.") % {"name": municipality.name}
            )
        else:
            messages.success(
                request, _("Municipality “%(name)s” is deactivated.") % {"name": municipality.name}
            )
    return _back_to_list(request, "participants:municipality_list")


# --- Staff accounts -------------------------------------------------------------------------


@allow(*MANAGEMENT)
def staff_list_view(request: AuthenticatedRequest) -> HttpResponse:
    filter_form = StaffFilterForm(request.GET)
    role, is_active = filter_form.filters()
    return render(request, "participants/settings/staff_list.html", {
        "filter_form": filter_form,
        "filtered": bool(role) or is_active is not None,
        "page_obj": _page(request, staff_list(role=role, is_active=is_active)),
    })


@allow(*MANAGEMENT)
@GET_OR_POST
def staff_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_create(
                username=data["username"], first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"], role=data["role"], password=data["password"],
                locations=data["locations"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The account of %(name)s is created.") % {"name": user.display_name})
            return redirect("participants:staff_list")
    return render(request, "participants/settings/staff_form.html", {"form": form, "account": None})


@allow(*MANAGEMENT)
@GET_OR_POST
def staff_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(staff_manageable(), pk=pk)
    if request.method == "POST":
        form = StaffForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                staff_update(
                    user=account, actor=request.user, first_name=data["first_name"],
                    last_name=data["last_name"], email=data["email"], role=data["role"],
                    locations=data["locations"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The account of %(name)s is saved.") % {"name": account.display_name}
                )
                return redirect("participants:staff_list")
    else:
        form = StaffForm(initial={
            "first_name": account.first_name, "last_name": account.last_name, "email": account.email,
            "role": account.role, "locations": list(account.locations.filter(is_active=True)),
        })
    return render(request, "participants/settings/staff_form.html", {
        "form": form, "account": account, "is_self": account.pk == request.user.pk,
        "two_factor_on": two_factor.has_two_factor(account),
        "may_reset_two_factor": two_factor.may_reset(actor=request.user, user=account),
    })


@allow(*MANAGEMENT)
@require_POST
def staff_set_active_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(staff_manageable(), pk=pk)
    active = _set_active_value(request)
    if active is None:
        return HttpResponseBadRequest()
    try:
        staff_set_active(user=account, actor=request.user, is_active=active)
    except ValidationError as error:
        _refused(request, error)
    else:
        if active:
            messages.success(request, _("%(name)s can log in again.") % {"name": account.display_name})
        else:
            messages.success(request, _(
                "The account of %(name)s is deactivated: it can no longer log in."
            ) % {"name": account.display_name})
    return _back_to_list(request, "participants:staff_list")

