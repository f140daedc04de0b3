from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from participants.selectors import attendance_for_day, local_today, locations_for_user
from voorveld.roles import STAFF_AT_DOOR, AuthenticatedRequest, allow


@allow(*STAFF_AT_DOOR)
def today(request: AuthenticatedRequest) -> HttpResponse:
    """The door's start page: today's dagdelen of the user's locations with who is in."""
    day = local_today()
    return render(request, "intake/today.html", {
        "day": day,
        "attendance": attendance_for_day(locations=locations_for_user(user=request.user), date=day),
    })
