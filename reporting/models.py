"""Funders and the officers who read their reports. Reads participants; nothing imports this app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Municipality
from reporting.constants import FunderKind


class Funder(models.Model):
    """Who pays: a gemeente (with its CBS code) or a fund."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=FunderKind.choices)
    cbs_code = models.CharField(_("CBS code"), max_length=6, blank=True)
    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="funder",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=FunderKind.MUNICIPALITY) & ~Q(cbs_code=""))
                | (Q(kind=FunderKind.FUND) & Q(cbs_code="") & Q(municipality__isnull=True)),
                name="funder_municipality_has_cbs_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfficerAssignment(models.Model):
    """Ties an officer account to exactly one funder: everything an officer sees is scoped by it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_assignment"
    )
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="officers")

    class Meta:
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")

    def __str__(self) -> str:
        return f"{self.user} → {self.funder}"
