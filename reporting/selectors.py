from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from reporting.models import Funder


def funder_for_officer(*, user: AbstractBaseUser | AnonymousUser) -> Funder | None:
    """The one funder an officer may see, or None when the account is not tied to one."""
    if not user.is_authenticated:
        return None
    return Funder.objects.filter(officers__user__pk=user.pk).first()
