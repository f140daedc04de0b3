"""Forms for a participant's journey. They validate and normalise only; services do the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    PARTICIPATION_LADDER_STEPS,
    TALENT_LADDER_STEPS,
    ContactChannel,
    Ladder,
    MeasurementOccasion,
    OutflowDestination,
    ReferralDirection,
    ReferralOutcome,
    ReferralSource,
    SensitiveDomain,
)
from participants.models import LifeDomain, Questionnaire
from voorveld.constants import Role
from voorveld.models import User


class IsoDateInput(forms.DateInput):
    """The browser's date picker needs ISO dates, whatever the active language formats."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date_field(label: Any = None) -> forms.DateField:
    return forms.DateField(label=label or _("Date"), widget=IsoDateInput(), initial=timezone.localdate)


class NotFutureMixin:
    date_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        for name in self.date_fields:
            value = data.get(name)
            if isinstance(value, dt.date) and value > timezone.localdate():
                self.add_error(name, _("The date cannot be in the future."))  # type: ignore[attr-defined]
        return data


def split_tags(value: str) -> list[str]:
    return [t for t in (" ".join(p.split()) for p in value.split(",")) if t][:15]


class TalentProfileForm(forms.Form):
    # The <datalist> elements with earlier tags are rendered by the template.
    talents = forms.CharField(
        label=_("Good at (talents)"),
        required=False,
        max_length=1000,
        help_text=_("Separate with commas."),
        widget=forms.TextInput(attrs={"list": "talent-suggestions", "autocomplete": "off"}),
    )
    interests = forms.CharField(
        label=_("Likes (interests)"),
        required=False,
        max_length=1000,
        help_text=_("Separate with commas."),
        widget=forms.TextInput(attrs={"list": "interest-suggestions", "autocomplete": "off"}),
    )
    learning_wishes = forms.CharField(
        label=_("Wants to learn"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    roles = forms.CharField(
        label=_("Roles taken on"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. helps in the eetcafé."),
    )

    def clean_talents(self) -> list[str]:
        return split_tags(self.cleaned_data["talents"])

    def clean_interests(self) -> list[str]:
        return split_tags(self.cleaned_data["interests"])


class GoalForm(forms.Form):
    life_domain = forms.ModelChoiceField(
        label=_("Life domain"), queryset=LifeDomain.objects.filter(is_active=True)
    )
    description = forms.CharField(
        label=_("Goal, in the participant's own words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_on = forms.DateField(label=_("Review date"), required=False, widget=IsoDateInput())
    steps = forms.CharField(
        label=_("First small steps (one per line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()][:10]


class StepForm(forms.Form):
    description = forms.CharField(label=_("Step"), max_length=300)


class GoalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LadderForm(NotFutureMixin, forms.Form):
    date_fields = ("recorded_on",)
    ladder = forms.ChoiceField(label=_("Ladder"), choices=Ladder.choices)
    value = forms.TypedChoiceField(
        label=_("Step"),
        coerce=int,
        choices=[
            (_("Talent ladder"), [(k, v) for k, v in TALENT_LADDER_STEPS.items()]),
            (_("Participatieladder"), [(k, v) for k, v in PARTICIPATION_LADDER_STEPS.items()]),
        ],
    )
    recorded_on = _date_field()
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ladder, value = data.get("ladder"), data.get("value")
        steps = TALENT_LADDER_STEPS if ladder == Ladder.TALENT else PARTICIPATION_LADDER_STEPS
        if ladder and value is not None and value not in steps:
            self.add_error("value", _("Choose a step of this ladder."))
        return data


class MeasurementForm(NotFutureMixin, forms.Form):
    date_fields = ("taken_on",)
    taken_on = _date_field()
    occasion = forms.ChoiceField(label=_("Moment"), choices=MeasurementOccasion.choices)

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for q in self.questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=q.text,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[(v, v) for v in range(q.scale_min, q.scale_max + 1)],
            )

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class SensitiveForm(NotFutureMixin, forms.Form):
    date_fields = ("recorded_on",)
    domains = forms.MultipleChoiceField(
        label=_("Life domains the participant chose to discuss"),
        required=False,
        choices=SensitiveDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Short note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    recorded_on = _date_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("domains") and not data.get("note", "").strip():
            raise forms.ValidationError(_("Choose a life domain or write a short note."))
        return data


class ReferralForm(NotFutureMixin, forms.Form):
    date_fields = ("referred_on",)
    direction = forms.ChoiceField(label=_("Direction"), choices=ReferralDirection.choices)
    partner = forms.ChoiceField(label=_("Partner"), choices=ReferralSource.choices)
    partner_name = forms.CharField(label=_("Name of the partner"), required=False, max_length=200)
    referred_on = _date_field()
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    consent_given = forms.BooleanField(
        label=_("The participant agrees to this referral to the named partner (needed for a referral out)."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("direction") == ReferralDirection.OUT and not data.get("consent_given"):
            self.add_error("consent_given", _("Referring someone out needs their consent."))
        return data


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices, required=False)


class OutflowForm(NotFutureMixin, forms.Form):
    date_fields = ("outflow_on",)
    outflow_on = _date_field()
    destination = forms.ChoiceField(label=_("Destination"), choices=OutflowDestination.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ContactForm(NotFutureMixin, forms.Form):
    date_fields = ("contact_on",)
    contact_on = _date_field()
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VolunteerRoleForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=100)
    dagdelen = forms.CharField(
        label=_("Dagdelen"), required=False, max_length=200, help_text=_("E.g. Tuesday and Thursday morning.")
    )
    learning_goals = forms.CharField(
        label=_("Learning goals"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    started_on = _date_field(_("Since"))
    ended_on = forms.DateField(label=_("Until (optional)"), required=False, widget=IsoDateInput())
    account = forms.ModelChoiceField(
        label=_("Volunteer account (optional)"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.VOLUNTEER, is_active=True, participant__isnull=True
        ).order_by("first_name", "username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
        return data


class CoachForm(forms.Form):
    coach = forms.ModelChoiceField(
        label=_("Vaste begeleider"), required=False, queryset=User.objects.none(), empty_label=_("(none)")
    )
    note = forms.CharField(
        label=_("Handover note for the next coach"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.COACH, Role.COORDINATOR], is_active=True
        ).order_by("first_name", "username")
