from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorveld.constants import Role


class User(AbstractUser):
    """A person who logs in: staff of the organisation or a municipal officer.

    The role decides what the account may use. Staff are assigned to locations through
    ``Location.staff`` (participants app); an officer is tied to one funder in the reporting app.
    """

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, blank=True,
        help_text=_("Decides which pages this account can use. Empty means no access yet."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[*Role.values, ""]), name="user_role_valid"
            ),
        ]

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in {str(r) for r in roles}

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
