"""The coordinator's overview: who needs attention, in one screen."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from participants.access import access_context
from participants.constants import AccessAction
from participants.forms_overview import OverviewFilterForm
from participants.selectors import local_today
from participants.selectors.overview import (
    CASELOAD,
    NEW,
    NO_GOAL,
    NO_GOAL_AFTER_VISITS,
    NOT_SEEN,
    OVERVIEW_LISTS,
    REVIEW,
    caseload_per_coach,
    overview_counts,
    overview_people,
)
from participants.services import access_log_record
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

PAGE_SIZE = 25
LIST_TITLES = {
    NOT_SEEN: _("Not seen lately"),
    REVIEW: _("Goal review due"),
    NEW: _("New this month"),
    NO_GOAL: _("No goal after 3 visits"),
    CASELOAD: _("Caseload per coach"),
}


def list_titles() -> list[tuple[str, Any]]:
    """(lijst, title) in the order of the page: the dashboard uses the same titles."""
    return [(name, LIST_TITLES[name]) for name in OVERVIEW_LISTS]


@allow(*MANAGEMENT)
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Counts of every list, one list opened (`lijst=`), filters and pagination in the query string."""
    form = OverviewFilterForm(request.GET)
    form.is_valid()  # errors are shown; fields with an error count as not chosen
    filters = form.filters()
    data = getattr(form, "cleaned_data", {})
    chosen = data.get("lijst") or NOT_SEEN
    weeks: int = data.get("weken") or settings.NOT_SEEN_WEEKS
    today = local_today()

    if chosen == CASELOAD:
        rows: Any = caseload_per_coach(filters=filters, today=today, not_seen_weeks=weeks)
    else:
        rows = overview_people(name=chosen, filters=filters, today=today, not_seen_weeks=weeks)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    counts = overview_counts(filters=filters, today=today, not_seen_weeks=weeks)
    # The page shows names: one row in the access log, without the filters (no search terms).
    access_log_record(context=access_context(request), action=AccessAction.LIST)

    return render(
        request,
        "participants/overview/overview.html",
        {
            "form": form,
            "chosen": chosen,
            "title": LIST_TITLES[chosen],
            "tabs": [(name, title, counts.for_list(name)) for name, title in list_titles()],
            "count": counts.for_list(chosen),
            "page": page,
            "today": today,
            "weeks": weeks,
            "no_goal_visits": NO_GOAL_AFTER_VISITS,
            "filtered": any(value for key, value in data.items() if key != "lijst"),
        },
    )
