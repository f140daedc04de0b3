from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from participants.selectors import (
    Filters,
    attendance_for_day,
    attention_counts,
    dashboard_figures,
    local_today,
    locations_for_user,
)
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow


@allow(*MANAGEMENT)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    today = local_today()
    return render(request, "participants/dashboard.html", {
        "today": today,
        "figures": dashboard_figures(today=today),
        "attendance": attendance_for_day(locations=locations_for_user(user=request.user), date=today),
        "attention": attention_counts(filters=Filters(), today=today, not_seen_weeks=settings.NOT_SEEN_WEEKS),
    })
