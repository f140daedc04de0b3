from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from participants.selectors import (
    attendance_for_day,
    dashboard_figures,
    local_today,
    locations_for_user,
)
from participants.selectors.overview import OverviewFilters, overview_counts
from participants.views.overview import list_titles
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow


@allow(*MANAGEMENT)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's start page: this month's figures, who needs attention (counts only, so no
    names and no access-log row), and today's occupancy."""
    today = local_today()
    counts = overview_counts(filters=OverviewFilters(), today=today, not_seen_weeks=settings.NOT_SEEN_WEEKS)
    return render(request, "participants/dashboard.html", {
        "today": today,
        "figures": dashboard_figures(today=today),
        "attendance": attendance_for_day(locations=locations_for_user(user=request.user), date=today),
        "attention": [(name, title, counts.for_list(name)) for name, title in list_titles()],
        "not_seen_weeks": settings.NOT_SEEN_WEEKS,
    })
