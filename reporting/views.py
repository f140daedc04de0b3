from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reporting.selectors import funder_for_officer
from voorveld.roles import Role, allow


@allow(Role.OFFICER)
def officer_home(request: HttpRequest) -> HttpResponse:
    funder = funder_for_officer(user=request.user)
    return render(request, "reporting/officer_home.html", {"funder": funder})
