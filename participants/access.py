"""Builds the access-log context of a request: the one place views get it from."""

from __future__ import annotations

from django.http import HttpRequest

from participants.services import AccessContext
from voorveld.models import User


def access_context(request: HttpRequest) -> AccessContext:
    user = request.user
    assert isinstance(user, User), "access_context needs a logged-in user"  # noqa: S101
    match = request.resolver_match
    return AccessContext(
        user=user,
        client_ip=request.META.get("REMOTE_ADDR") or None,
        view_name=match.view_name if match else "",
    )
