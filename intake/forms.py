from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    MAX_NAME_LENGTH,
    ConsentGiver,
    HealthDimension,
    IndicatieCategory,
    ReferralSource,
)
from participants.forms_person import IsoDateInput
from participants.models import Activity, Municipality
from participants.selectors import activity_list, municipality_list

MAX_TAGS = 15


class BoardChoiceForm(forms.Form):
    """Which day and dagdeel the board shows; today by default, never the future."""

    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    dagdeel = forms.ChoiceField(label=_("Dagdeel"), choices=[])

    def __init__(self, *args: Any, dagdelen: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        earliest = today - dt.timedelta(days=settings.VISIT_BACKDATE_DAYS)
        self.fields["dagdeel"].choices = dagdelen  # type: ignore[attr-defined]
        self.fields["date"].widget.attrs.update({"max": today.isoformat(), "min": earliest.isoformat()})


class CheckInForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False,
        empty_label=_("(no particular activity)"),
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activity_list()  # type: ignore[attr-defined]


class AnonymousForm(forms.Form):
    delta = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "-1")], coerce=int)


def _clean_name(value: str) -> str:
    value = " ".join(value.split())
    if any(ord(ch) < 32 for ch in value):
        raise forms.ValidationError(_("Use letters, not special characters."))
    return value


class NewcomerForm(forms.Form):
    """Two required fields: a first name or nickname, and the gemeente. Everything else may wait."""

    first_name = forms.CharField(label=_("First name"), max_length=MAX_NAME_LENGTH, required=False)
    nickname = forms.CharField(
        label=_("Nickname"), max_length=MAX_NAME_LENGTH, required=False,
        help_text=_("A first name or a nickname is enough."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Lives in gemeente"), queryset=Municipality.objects.none(),
        empty_label=_("Choose a gemeente"),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=MAX_NAME_LENGTH, required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=IsoDateInput()
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    usual_activity = forms.ModelChoiceField(
        label=_("Activity of interest"), queryset=Activity.objects.none(), required=False,
        empty_label=_("(not yet known)"),
    )
    referral_source = forms.ChoiceField(
        label=_("How did they come?"), required=False,
        choices=[("", _("(not asked)")), *ReferralSource.choices],
    )
    indicatie_category = forms.ChoiceField(
        label=_("Indicatie"), choices=IndicatieCategory.choices, initial=IndicatieCategory.NONE,
        required=False, help_text=_("Never required. Most people come without an indicatie."),
    )
    consent = forms.BooleanField(
        label=_("I explained what we record and why, and the person agreed."),
        error_messages={"required": _(
            "Without consent we record nothing. Count the visitor as an anonymous visitor instead."
        )},
    )
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # One key per filled-in form: a double tap or a retry registers one person, not two.
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_list()  # type: ignore[attr-defined]
        self.fields["usual_activity"].queryset = activity_list()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())

    def clean_first_name(self) -> str:
        return _clean_name(self.cleaned_data["first_name"])

    def clean_nickname(self) -> str:
        return _clean_name(self.cleaned_data["nickname"])

    def clean_last_name(self) -> str:
        return _clean_name(self.cleaned_data["last_name"])

    def clean_indicatie_category(self) -> str:
        # Never required: left out, the person counts as coming without an indicatie.
        return str(self.cleaned_data["indicatie_category"] or IndicatieCategory.NONE)

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year

    def clean_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data["date_of_birth"]
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born is not None and born.year < 1900:
            # The year is derived from it; the database refuses years before 1900.
            raise forms.ValidationError(_("The date of birth cannot be before 1900."))
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("first_name") and not data.get("nickname") and not self.has_error("first_name"):
            self.add_error("first_name", _("Fill in a first name or a nickname."))
        born, year = data.get("date_of_birth"), data.get("birth_year")
        if born and year and born.year != year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        return data


def _split_tags(value: str) -> list[str]:
    return [t for t in (" ".join(part.split()) for part in value.split(",")) if t]


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    talents = forms.CharField(
        label=_("Good at (talents)"), required=False, max_length=1000,
        help_text=_("Separate with commas, e.g. sawing, listening, cooking."),
    )
    interests = forms.CharField(
        label=_("Likes (interests)"), required=False, max_length=1000,
        help_text=_("Separate with commas."),
    )
    wishes = forms.CharField(
        label=_("Wants to learn or achieve"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's own words."),
    )
    next_step = forms.CharField(label=_("A first small next step"), required=False, max_length=300)
    topics = forms.MultipleChoiceField(
        label=_("Talked about (optional prompts, never scores)"), required=False,
        choices=HealthDimension.choices, widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A conversation cannot be dated in the future."))
        return held_on

    def _clean_tags(self, field: str) -> list[str]:
        tags = _split_tags(self.cleaned_data[field])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(n)s tags.") % {"n": MAX_TAGS})
        if any(len(t) > 50 for t in tags):
            raise forms.ValidationError(_("A tag can be at most 50 characters."))
        return tags

    def clean_talents(self) -> list[str]:
        return self._clean_tags("talents")

    def clean_interests(self) -> list[str]:
        return self._clean_tags("interests")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        content = ("talents", "interests", "wishes", "next_step", "topics", "notes")
        if not self.errors and not any(data.get(f) for f in content):
            raise forms.ValidationError(_("Write down at least one thing from the conversation."))
        return data


class GuardianConsentForm(forms.Form):
    given_by = forms.ChoiceField(label=_("Consent given by"), choices=ConsentGiver.choices)
    guardian_name = forms.CharField(label=_("Name of parent or guardian"), required=False, max_length=200)
    given_on = forms.DateField(label=_("Date"), widget=IsoDateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("given_by") == ConsentGiver.GUARDIAN and not data.get("guardian_name", "").strip():
            self.add_error("guardian_name", _("Fill in the name of the parent or guardian."))
        return data


def new_request_key() -> uuid.UUID:
    return uuid.uuid4()
