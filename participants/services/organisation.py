"""Writes of person-centred data and of the organisation's settings.

Every function is keyword-only, runs in one transaction and validates with ``full_clean()`` before
saving. Rule violations surface as ``ValidationError`` keyed by field name, so a view can show
them next to the field that was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participants.constants import Dagdeel, MunicipalityKind
from participants.models import (
    Activity,
    Location,
    LocationClosure,
    LocationOpening,
    Municipality,
    Organisation,
)
from participants.selectors import MANAGED_STAFF_ROLES
from voorveld.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a development dependency, for type checking only

# The two entries every gemeente list offers. Their names are data (shown as stored), in Dutch like
# migration 0002 that first created them.
SPECIAL_MUNICIPALITY_NAMES: dict[str, str] = {
    MunicipalityKind.OTHER: "Andere gemeente",
    MunicipalityKind.UNKNOWN: "Onbekend / geen vaste woonplaats",
}


# --- Organisation ---------------------------------------------------------------------------


@transaction.atomic
def organisation_update(
    *, name: str, logo: File[bytes] | None = None, remove_logo: bool = False
) -> Organisation:
    """Set the organisation's name and optionally replace or remove its logo.

    ``logo`` must already be checked (PNG or JPEG, size) and carry its final file name. The file
    of a replaced or removed logo is deleted once the transaction commits.
    """
    organisation = Organisation.objects.select_for_update().first() or Organisation()
    old_logo_name = organisation.logo.name or ""
    storage = organisation.logo.storage
    organisation.name = name
    if logo is not None:
        organisation.logo = logo  # written to storage by FileField.pre_save on save()
    elif remove_logo:
        organisation.logo = ""
    organisation.full_clean()
    organisation.save()
    if old_logo_name and old_logo_name != organisation.logo.name:
        transaction.on_commit(lambda: storage.delete(old_logo_name))
    return organisation


# --- Locations ------------------------------------------------------------------------------


def _check_location_name_free(*, name: str, location: Location | None) -> None:
    others = Location.objects.filter(name__iexact=name)
    if location is not None:
        others = others.exclude(pk=location.pk)
    if others.exists():
        raise ValidationError({"name": _("There is already a location with this name.")})


def _location_set_openings(*, location: Location, openings: Iterable[tuple[int, str]]) -> None:
    wanted = set(openings)
    for weekday, dagdeel in wanted:
        if not 0 <= weekday <= 6 or dagdeel not in Dagdeel.values:
            raise ValidationError(_("The weekly schedule contains an unknown dagdeel."))
    current = {(o.weekday, o.dagdeel): o.pk for o in location.openings.all()}
    removed = [pk for key, pk in current.items() if key not in wanted]
    if removed:
        LocationOpening.objects.filter(pk__in=removed).delete()
    LocationOpening.objects.bulk_create(
        [
            LocationOpening(location=location, weekday=weekday, dagdeel=dagdeel)
            for weekday, dagdeel in sorted(wanted - current.keys())
        ]
    )


@transaction.atomic
def location_create(
    *, name: str, address: str, capacity: int, openings: Iterable[tuple[int, str]]
) -> Location:
    """Create a location with its weekly schedule: ``openings`` are (weekday 0–6, dagdeel) pairs."""
    _check_location_name_free(name=name, location=None)
    location = Location(name=name, address=address, capacity=capacity)
    location.full_clean()
    location.save()
    _location_set_openings(location=location, openings=openings)
    return location


@transaction.atomic
def location_update(
    *, location: Location, name: str, address: str, capacity: int,
    openings: Iterable[tuple[int, str]],
) -> Location:
    """Change a location and replace its weekly schedule with ``openings``."""
    _check_location_name_free(name=name, location=location)
    location.name = name
    location.address = address
    location.capacity = capacity
    location.full_clean()
    location.save()
    _location_set_openings(location=location, openings=openings)
    return location


@transaction.atomic
def location_set_active(*, location: Location, is_active: bool) -> Location:
    """(De)activate a location. Locations are never deleted: visits keep pointing at them."""
    location.is_active = is_active
    location.save(update_fields=["is_active"])
    return location


@transaction.atomic
def closure_add(*, location: Location, date: dt.date, reason: str) -> LocationClosure:
    if LocationClosure.objects.filter(location=location, date=date).exists():
        raise ValidationError(
            {"date": _("This location is already closed on this date.")}
        )
    closure = LocationClosure(location=location, date=date, reason=reason)
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def closure_remove(*, closure: LocationClosure) -> None:
    closure.delete()


# --- Activities -----------------------------------------------------------------------------


def _check_activity_name_free(*, name: str, activity: Activity | None) -> None:
    others = Activity.objects.filter(name__iexact=name)
    if activity is not None:
        others = others.exclude(pk=activity.pk)
    if others.exists():
        raise ValidationError({"name": _("There is already an activity with this name.")})


@transaction.atomic
def activity_create(*, name: str) -> Activity:
    _check_activity_name_free(name=name, activity=None)
    activity = Activity(name=name)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, name: str) -> Activity:
    _check_activity_name_free(name=name, activity=activity)
    activity.name = name
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_set_active(*, activity: Activity, is_active: bool) -> Activity:
    activity.is_active = is_active
    activity.save(update_fields=["is_active"])
    return activity


# --- Gemeenten ------------------------------------------------------------------------------


def _check_municipality_free(*, name: str, cbs_code: str, municipality: Municipality | None) -> None:
    others = Municipality.objects.all()
    if municipality is not None:
        others = others.exclude(pk=municipality.pk)
    errors: dict[str, StrOrPromise] = {}
    if others.filter(name__iexact=name).exists():
        errors["name"] = _("There is already a municipality with this name.")
    if cbs_code and others.filter(cbs_code__iexact=cbs_code).exists():
        errors["cbs_code"] = _("There is already a municipality with this CBS code.")
    if errors:
        raise ValidationError(errors)


def _refuse_special(municipality: Municipality) -> None:
    if municipality.is_special:
        raise ValidationError(
            _("“%(name)s” is always available and cannot be changed or deactivated.")
            % {"name": municipality.name}
        )


@transaction.atomic
def municipality_create(*, name: str, cbs_code: str) -> Municipality:
    """Add a regular gemeente; ``cbs_code`` is already normalised (``GM`` and four digits)."""
    _check_municipality_free(name=name, cbs_code=cbs_code, municipality=None)
    municipality = Municipality(name=name, cbs_code=cbs_code, kind=MunicipalityKind.REGULAR)
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def municipality_update(*, municipality: Municipality, name: str, cbs_code: str) -> Municipality:
    _refuse_special(municipality)
    _check_municipality_free(name=name, cbs_code=cbs_code, municipality=municipality)
    municipality.name = name
    municipality.cbs_code = cbs_code
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def municipality_set_active(*, municipality: Municipality, is_active: bool) -> Municipality:
    """(De)activate a regular gemeente. The two special entries always stay active."""
    _refuse_special(municipality)
    municipality.is_active = is_active
    municipality.save(update_fields=["is_active"])
    return municipality


@transaction.atomic
def municipality_ensure_special() -> None:
    """Make sure "other municipality" and "unknown / no fixed abode" exist and are active.

    Idempotent and cheap: one query when nothing is missing.
    """
    present = dict(
        Municipality.objects.filter(kind__in=SPECIAL_MUNICIPALITY_NAMES).values_list("kind", "is_active")
    )
    for kind, name in SPECIAL_MUNICIPALITY_NAMES.items():
        if kind not in present:
            Municipality.objects.create(kind=kind, name=name, cbs_code="")
        elif not present[kind]:
            Municipality.objects.filter(kind=kind).update(is_active=True)


# --- Staff accounts -------------------------------------------------------------------------


def _check_staff_role(role: str) -> None:
    if role not in MANAGED_STAFF_ROLES:
        raise ValidationError({"role": _("Choose coordinator, coach or volunteer.")})


def _check_manageable(user: User) -> None:
    # Officers and administrators are managed by an administrator, not in the portal.
    if user.role and user.role not in MANAGED_STAFF_ROLES:
        raise ValidationError(_("This account is not managed here."))


def _set_locations(*, user: User, locations: Iterable[Location]) -> None:
    # The form offers active locations only; keep assignments to inactive ones as they were.
    kept = list(user.locations.filter(is_active=False))
    user.locations.set([*locations, *kept])


@transaction.atomic
def staff_create(
    *, username: str, first_name: str, last_name: str, email: str, role: str, password: str,
    locations: Iterable[Location],
) -> User:
    """Create a staff account with an initial password that passes the password validators."""
    _check_staff_role(role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    _set_locations(user=user, locations=locations)
    return user


@transaction.atomic
def staff_update(
    *, user: User, actor: User, first_name: str, last_name: str, email: str, role: str,
    locations: Iterable[Location],
) -> User:
    """Change a staff account's name, e-mail, role and locations. Nobody changes their own role."""
    _check_manageable(user)
    _check_staff_role(role)
    if user.pk == actor.pk and role != user.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.role = role
    user.full_clean()
    user.save()
    _set_locations(user=user, locations=locations)
    return user


@transaction.atomic
def staff_set_active(*, user: User, actor: User, is_active: bool) -> User:
    """Block or unblock a staff account's login; an account is never deleted here."""
    _check_manageable(user)
    if user.pk == actor.pk and not is_active:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    return user
