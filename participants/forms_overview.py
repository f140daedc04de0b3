"""The filter form of the coordinator's overview (a GET form: it works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.constants import ParticipantStatus
from participants.models import Activity, Location, Municipality
from participants.selectors.overview import OVERVIEW_LISTS, OverviewFilters
from voorveld.constants import Role
from voorveld.models import User


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class OverviewFilterForm(forms.Form):
    lijst = forms.ChoiceField(
        choices=[(name, name) for name in OVERVIEW_LISTS], required=False, widget=forms.HiddenInput
    )
    weken = forms.IntegerField(
        label=_("Not seen for at least (weeks)"), min_value=1, max_value=104, required=False
    )
    locatie = forms.ModelChoiceField(
        label=_("Came to location"),
        queryset=Location.objects.order_by("name"),
        required=False,
        empty_label=_("All locations"),
    )
    activiteit = forms.ModelChoiceField(
        label=_("Usual activity"),
        queryset=Activity.objects.order_by("name"),
        required=False,
        empty_label=_("All activities"),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("kind", "name"),
        required=False,
        empty_label=_("All gemeenten"),
    )
    begeleider = CoachChoiceField(
        label=_("Vaste begeleider"),
        # Coaches, and anyone else who has a caseload (a coordinator can be someone's begeleider too).
        queryset=User.objects.filter(Q(role=Role.COACH) | Q(caseload__isnull=False))
        .distinct()
        .order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("All begeleiders"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ParticipantStatus.choices]
    )

    def filters(self) -> OverviewFilters:
        """The valid choices; a field with an error counts as not chosen."""
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return OverviewFilters(
            location_id=getattr(data.get("locatie"), "pk", None),
            activity_id=getattr(data.get("activiteit"), "pk", None),
            municipality_id=getattr(data.get("gemeente"), "pk", None),
            coach_id=getattr(data.get("begeleider"), "pk", None),
            status=data.get("status") or "",
        )
