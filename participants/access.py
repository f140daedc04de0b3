"""Builds the access-log context of a request (the one place views get it from), and logs refused
attempts on participant records.

The client address comes from voorveld.client_ip: REMOTE_ADDR, or — only behind
settings.TRUSTED_PROXY_COUNT trusted reverse proxies — the matching X-Forwarded-For entry (the same
setting and function django-axes uses). A header the client made up is never believed.

Refused attempts (action DENIED): ``AccessDeniedLogMiddleware`` writes one row whenever a request for
a participant record URL (``participant_id_of``) ends in 403 (PermissionDenied: a role that may not
open records at all — volunteer, officer, a user without a role — refused by ``voorveld.roles.allow``)
or 404 (Http404: the record is outside this user's need to know, e.g. a coach of another location, or
it does not exist). The row carries the record's pseudonym when the record exists, so the
coordinator's "who viewed this record" page shows the attempt; without a pseudonym when the id
matches no record (probing). Anonymous visitors are not logged: ``allow`` sends them to the login
page before anything is looked up, and they are not anyone yet (failed logins are django-axes'
business). A view that refuses in its own way (a 403 page it renders itself, like the sensitive
section without consent) logs its DENIED row itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from participants.constants import AccessAction
from participants.models import Participant
from participants.services import AccessContext, access_log_record
from voorveld.client_ip import client_ip
from voorveld.models import User

__all__ = ["AccessDeniedLogMiddleware", "access_context", "participant_id_of"]

# A participant record URL: the participant's id is the first argument after the app's prefix
# ("deelnemers/<int:pk>/…", "deur/deelnemer/<int:participant_id>/…"). Settings pages
# ("deelnemers/instellingen/locaties/<int:pk>/") and the door's board URLs do not match.
PARTICIPANT_ROUTE = re.compile(r"^[^/]+/(?:deelnemer/)?<int:(?P<kwarg>pk|participant_id)>/")
PARTICIPANT_NAMESPACES = frozenset({"participants", "intake"})


def access_context(request: HttpRequest) -> AccessContext:
    user = request.user
    assert isinstance(user, User), "access_context needs a logged-in user"  # noqa: S101
    match = request.resolver_match
    return AccessContext(
        user=user,
        client_ip=client_ip(request),
        view_name=match.view_name if match else "",
    )


def log_access(request: HttpRequest, action: AccessAction, participant: Participant | None = None) -> None:
    """One access-log row for this request: who, from where, on which page, which record (pseudonym)."""
    access_log_record(
        context=access_context(request),
        action=action,
        participant_pseudonym=participant.pseudonym if participant is not None else None,
    )


def participant_id_of(request: HttpRequest) -> int | None:
    """The id of the participant whose record the request's URL names, or None for other URLs."""
    match = request.resolver_match
    if match is None or match.namespace not in PARTICIPANT_NAMESPACES:
        return None
    found = PARTICIPANT_ROUTE.match(match.route)
    if found is None:
        return None
    value = match.kwargs.get(found["kwarg"])
    return value if isinstance(value, int) else None


def access_log_denied(request: HttpRequest) -> None:
    """Log a refused request for a participant record (see the module docstring)."""
    if not isinstance(request.user, User):
        return
    participant_id = participant_id_of(request)
    if participant_id is None:
        return
    pseudonym = Participant.objects.filter(pk=participant_id).values_list("pseudonym", flat=True).first()
    access_log_record(
        context=access_context(request), action=AccessAction.DENIED, participant_pseudonym=pseudonym
    )


class AccessDeniedLogMiddleware:
    """Logs a DENIED row when a participant record URL answers 403 or 404 (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, (PermissionDenied, Http404)):
            access_log_denied(request)
