from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from voorveld.constants import Role


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
    role = getattr(user, "role", "")
    return {"nav_items": [item for item in NAVIGATION if role in item.roles]}
