"""Forms validate and normalise what people type; services do the writing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image

from participants.constants import MAX_NAME_LENGTH, Dagdeel, Weekday
from participants.models import Location
from participants.selectors import MANAGED_STAFF_ROLES, NO_ROLE
from voorveld.constants import Role
from voorveld.forms import NewAccountForm

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 5000  # pixels; a larger image is no logo and could exhaust memory when decoded
# Pillow's name of the format → the extension the stored file gets (and the view serves by).
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    logo = forms.FileField(
        label=_("Logo"), required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("A PNG or JPEG image of at most 1 MB. Leave empty to keep the current logo."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def __init__(self, *args: Any, has_logo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]

    def clean_logo(self) -> UploadedFile | None:
        """Accept only a real PNG or JPEG (judged by its content, not its name) up to 1 MB."""
        upload: UploadedFile | None = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size is not None and upload.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo may be at most 1 MB; this file is %(size)s."),
                params={"size": filesizeformat(upload.size)}, code="too_large",
            )
        not_an_image = ValidationError(
            _("The logo must be a PNG or JPEG image. This file is not."), code="not_png_or_jpeg"
        )
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise not_an_image from error
        if image_format not in LOGO_FORMATS:
            raise not_an_image
        if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
            raise ValidationError(
                _("The logo may be at most %(max)s pixels wide and high."),
                params={"max": LOGO_MAX_SIDE}, code="too_many_pixels",
            )
        upload.seek(0)
        # The stored name follows the content, so the file is always served with the right type.
        upload.name = f"logo.{LOGO_FORMATS[image_format]}"
        return upload


# --- Locations ------------------------------------------------------------------------------


def schedule_value(weekday: int, dagdeel: str) -> str:
    return f"{weekday}-{dagdeel}"


SCHEDULE_CHOICES = [
    (schedule_value(day, dagdeel), format_lazy("{} {}", day_label, dagdeel_label))
    for day, day_label in Weekday.choices
    for dagdeel, dagdeel_label in Dagdeel.choices
]


@dataclass(frozen=True)
class ScheduleCell:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class ScheduleRow:
    weekday: int
    label: str
    cells: list[ScheduleCell]


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=1000,
        help_text=_("How many people can take part in one dagdeel."),
        error_messages={
            "min_value": _("The capacity must be at least 1."),
            "max_value": _("The capacity can be at most 1000."),
        },
    )
    schedule = forms.MultipleChoiceField(
        label=_("Weekly schedule"), choices=SCHEDULE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_schedule(self) -> set[tuple[int, str]]:
        openings: set[tuple[int, str]] = set()
        for value in self.cleaned_data.get("schedule", []):
            weekday, dagdeel = value.split("-", 1)
            openings.add((int(weekday), dagdeel))
        return openings

    def schedule_grid(self) -> list[ScheduleRow]:
        """The schedule as rows of weekdays with a cell per dagdeel, checked as typed or stored."""
        selected = {str(value) for value in (self["schedule"].value() or [])}
        return [
            ScheduleRow(
                weekday=day,
                label=str(day_label),
                cells=[
                    ScheduleCell(
                        value=schedule_value(day, dagdeel),
                        label=str(dagdeel_label),
                        checked=schedule_value(day, dagdeel) in selected,
                    )
                    for dagdeel, dagdeel_label in Dagdeel.choices
                ],
            )
            for day, day_label in Weekday.choices
        ]


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(
        label=_("Reason"), max_length=200, required=False,
        help_text=_("For example: public holiday, summer break, maintenance."),
    )


class SetActiveForm(forms.Form):
    """The hidden field of a (de)activate button: 1 switches on, 0 switches off."""

    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


# --- Activities and gemeenten ---------------------------------------------------------------


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


CBS_CODE = re.compile(r"GM\d{4}")


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    cbs_code = forms.CharField(
        label=_("CBS code"), max_length=12,
        help_text=_("GM followed by four digits, for example GM0119 for Meppel."),
    )

    def clean_cbs_code(self) -> str:
        code = "".join(self.cleaned_data["cbs_code"].split()).upper()
        if not CBS_CODE.fullmatch(code):
            raise ValidationError(
                _("A CBS code is GM followed by four digits, for example GM0119."), code="cbs_format"
            )
        return code


# --- Staff accounts -------------------------------------------------------------------------

# Django 5.2 changed this message of MinimumLengthValidator and its Dutch catalogue has not caught
# up; naming it here keeps its translation in our own catalogue.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    10,
)


def _staff_role_choices() -> list[tuple[str, object]]:
    labels = dict(Role.choices)
    return [("", _("Choose a role")), *((role, labels[role]) for role in MANAGED_STAFF_ROLES)]


class StaffForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=MAX_NAME_LENGTH)
    last_name = forms.CharField(label=_("Last name"), max_length=MAX_NAME_LENGTH, required=False)
    email = forms.EmailField(
        label=_("E-mail address"), required=False,
        help_text=_("Needed to reset a forgotten password."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=_staff_role_choices)
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"), queryset=Location.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Coaches and volunteers see the locations they are assigned to."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = Location.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]


class StaffCreateForm(StaffForm, NewAccountForm):
    field_order = ["username", "first_name", "last_name", "email", "role", "locations", "password"]


ROLE_FILTER_ALL = ""
ACTIVE_FILTER = {"": None, "active": True, "inactive": False}


class StaffFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Active and inactive")), ("active", _("Active")), ("inactive", _("Inactive"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (ROLE_FILTER_ALL, _("All roles")),
            *((role, labels[role]) for role in MANAGED_STAFF_ROLES),
            (NO_ROLE, _("No role yet")),
        ]

    def filters(self) -> tuple[str, bool | None]:
        """(role, is_active) to pass to ``staff_list``; an unknown value means no filter."""
        if not self.is_valid():
            return ROLE_FILTER_ALL, None
        return self.cleaned_data["role"], ACTIVE_FILTER[self.cleaned_data["active"]]
