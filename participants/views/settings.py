from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from voorveld.roles import MANAGEMENT, allow


@allow(*MANAGEMENT)
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "participants/settings/index.html")
