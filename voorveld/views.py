from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from voorveld.constants import Role
from voorveld.roles import authenticated, public

# Where each role starts. URL names only: voorveld imports no domain app.
HOME_BY_ROLE: dict[str, str] = {
    Role.COACH: "intake:today",
    Role.VOLUNTEER: "intake:today",
    Role.COORDINATOR: "participants:dashboard",
    Role.ADMIN: "participants:dashboard",
    Role.OFFICER: "reporting:officer_home",
}


@authenticated
def home(request: HttpRequest) -> HttpResponse:
    target = HOME_BY_ROLE.get(request.user.role)  # type: ignore[union-attr]
    if target:
        return redirect(target)
    return render(request, "voorveld/no_role.html")


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for the proxy and docker-compose: database and Redis reachable."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not healthy
        checks["database"] = "error"
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
        client.ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        checks["redis"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks},
                        status=200 if healthy else 503)
