from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from voorveld.constants import Role
from voorveld.middleware import session_expires_in


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[str]


# Each role sees only what it may use; the views enforce the same rules with `allow`.
NAVIGATION: tuple[NavItem, ...] = (
    NavItem("intake:today", _("Today"),
            frozenset({Role.COACH, Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN})),
    NavItem("participants:dashboard", _("Overview"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem("participants:overview", _("Attention"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem("participants:settings", _("Organisation"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem("participants:my_volunteering", _("My volunteering"), frozenset({Role.VOLUNTEER})),
    NavItem("reporting:arrangement_list", _("Reports"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    NavItem("reporting:officer_home", _("Reports"), frozenset({Role.OFFICER})),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if getattr(request, "two_factor_pending", False):  # set by voorveld.middleware.TwoFactorMiddleware
        return {"nav_items": [], "two_factor_pending": True}
    role = getattr(user, "role", "")
    return {"nav_items": [item for item in NAVIGATION if role in item.roles]}


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """What static/js/session-timeout.js reads from <body>: in how many seconds the idle session ends,
    how long before that to warn.
    ``user_key`` ties text saved in the browser before an expiry to this account (not its name)."""
    user = getattr(request, "user", None)
    # Not on the two-step verification pages of a session that has not passed it yet: nothing there to
    # keep, and the page is left within seconds.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {"session_timeout": None}
    seconds = int(settings.SESSION_COOKIE_AGE)  # SESSION_IDLE_MINUTES * 60: what the server enforces
    user_key = hashlib.sha256(f"{settings.SECRET_KEY}:session-draft:{user.pk}".encode()).hexdigest()[:16]
    return {"session_timeout": {
        "seconds": session_expires_in(request),
        "warning_seconds": min(settings.SESSION_WARNING_MINUTES * 60, seconds // 2),
        "user_key": user_key,
    }}
