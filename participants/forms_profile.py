"""Forms of the participant page. They validate and normalise only; services do the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import SensitiveDomain
from participants.forms_person import IsoDateInput


class SensitiveEntryForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label=_("Life domains the participant chose to discuss"),
        required=False,
        choices=SensitiveDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what is needed, in words the participant agrees with."),
    )
    recorded_on = forms.DateField(label=_("Date"), widget=IsoDateInput(), initial=timezone.localdate)

    def clean_recorded_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["recorded_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_note(self) -> str:
        return str(self.cleaned_data.get("note", "")).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("domains") and not data.get("note") and "note" not in self.errors:
            raise forms.ValidationError(_("Choose a life domain or write a short note."))
        return data
