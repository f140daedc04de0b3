"""The one access mechanism every view uses.

Each view is wrapped by exactly one of ``public``, ``authenticated`` or ``allow(*roles)``. The
wrapper records its rule on the view (``view.access_rule``) so a test can walk all URL patterns
and fail when a view has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from voorveld.constants import Role

__all__ = [
    "MANAGEMENT",
    "STAFF_AT_DOOR",
    "AccessRule",
    "AuthenticatedRequest",
    "Role",
    "allow",
    "authenticated",
    "public",
]

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from voorveld.models import User

    class AuthenticatedRequest(HttpRequest):
        """What a view behind `allow` or `authenticated` receives: the user is logged in."""

        user: User
        htmx: HtmxDetails
else:
    AuthenticatedRequest = HttpRequest

STAFF_AT_DOOR = (Role.COACH, Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN)
MANAGEMENT = (Role.COORDINATOR, Role.ADMIN)


@dataclass(frozen=True)
class AccessRule:
    kind: str  # "public", "authenticated" or "roles"
    roles: frozenset[str] = frozenset()

    def describe(self) -> str:
        return self.kind if self.kind != "roles" else "roles:" + ",".join(sorted(self.roles))


V = TypeVar("V", bound=Callable[..., Any])


def _mark(view: Callable[..., Any], rule: AccessRule) -> None:
    view.access_rule = rule  # type: ignore[attr-defined]


def public(view: V) -> V:
    """Open to everyone, logged in or not (login page, health check)."""
    _mark(view, AccessRule("public"))
    return view


def authenticated(view: V) -> V:
    """Open to every logged-in user, also one without a role."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    _mark(wrapper, AccessRule("authenticated"))
    return wrapper  # type: ignore[return-value]


def allow(*roles: Role) -> Callable[[V], V]:
    """Open to logged-in users holding one of ``roles``; others get 403, anonymous users the login."""
    allowed = frozenset(str(role) for role in roles)

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        _mark(wrapper, AccessRule("roles", allowed))
        return wrapper  # type: ignore[return-value]

    return decorator
