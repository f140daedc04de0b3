from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from participants.constants import ParticipantStatus
from participants.models import Activity, Location, Municipality
from participants.selectors import (
    LISTS,
    Filters,
    attention_counts,
    attention_list,
    caseload_per_coach,
    local_today,
)
from voorveld.constants import Role
from voorveld.models import User
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

LIST_TITLES = {
    "niet-gezien": _("Not seen lately"),
    "review": _("Goal review due"),
    "nieuw": _("New this month"),
    "zonder-doel": _("No goal after 3 visits"),
}
PAGE_SIZE = 25


class OverviewFilterForm(forms.Form):
    lijst = forms.ChoiceField(label=_("List"), choices=list(LIST_TITLES.items()), required=False)
    weken = forms.IntegerField(label=_("Not seen for (weeks)"), min_value=1, max_value=104, required=False)
    locatie = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.filter(is_active=True),
        required=False,
        empty_label=_("all"),
    )
    activiteit = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.filter(is_active=True),
        required=False,
        empty_label=_("all"),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.all(), required=False, empty_label=_("all")
    )
    begeleider = forms.ModelChoiceField(
        label=_("Vaste begeleider"),
        required=False,
        empty_label=_("all"),
        queryset=User.objects.filter(role__in=[Role.COACH, Role.COORDINATOR]).order_by("first_name"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *ParticipantStatus.choices]
    )


@allow(*MANAGEMENT)
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Who needs attention, in one screen: counts of every list, one list opened, with filters."""
    form = OverviewFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = Filters(
        location_id=getattr(data.get("locatie"), "pk", None),
        activity_id=getattr(data.get("activiteit"), "pk", None),
        municipality_id=getattr(data.get("gemeente"), "pk", None),
        coach_id=getattr(data.get("begeleider"), "pk", None),
        status=data.get("status") or "",
    )
    chosen = data.get("lijst") or LISTS[0]
    weeks = data.get("weken") or settings.NOT_SEEN_WEEKS
    today = local_today()
    people = attention_list(name=chosen, filters=filters, today=today, not_seen_weeks=weeks)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "participants/overview.html",
        {
            "form": form,
            "chosen": chosen,
            "title": LIST_TITLES[chosen],
            "counts": attention_counts(filters=filters, today=today, not_seen_weeks=weeks),
            "titles": LIST_TITLES,
            "page": page,
            "today": today,
            "weeks": weeks,
            "caseload": caseload_per_coach(filters=filters),
            "query": query.urlencode(),
        },
    )
