"""Forms for the goal page and for merging duplicates. They validate and normalise only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import GoalStatus
from participants.forms_person import IsoDateInput
from participants.models import Participant


class StepCompleteForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=IsoDateInput(),
        initial=timezone.localdate,
        help_text=_("Empty means today."),
    )

    def clean_done_on(self) -> dt.date:
        value: dt.date | None = self.cleaned_data.get("done_on")
        value = value or timezone.localdate()
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class StepDropForm(forms.Form):
    """Nothing to fill in: dropping a step is confirmed with the button."""


class GoalCloseForm(forms.Form):
    """Achieved, adjusted or stopped; reopening has its own form."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(value, label) for value, label in GoalStatus.choices if value != GoalStatus.ACTIVE],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class GoalReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is open again (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the other record"),
        min_length=2,
        max_length=50,
        help_text=_("First name, nickname or last name; small typos are fine."),
    )


class MergeConfirmForm(forms.Form):
    keep = forms.TypedChoiceField(label=_("Which record do you keep?"), coerce=int, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I checked that both records are the same person."),
        error_messages={"required": _("Confirm that both records are the same person.")},
    )

    def __init__(self, *args: Any, first: Participant, second: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [  # type: ignore[attr-defined]
            (p.pk, _("Keep %(name)s (no. %(id)s)") % {"name": _full_name(p), "id": p.pk})
            for p in (first, second)
        ]


def _full_name(participant: Participant) -> str:
    parts = [
        participant.first_name,
        f"“{participant.nickname}”" if participant.nickname else "",
        participant.last_name,
    ]
    return " ".join(p for p in parts if p)
