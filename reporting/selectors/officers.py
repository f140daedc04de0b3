"""What an officer may see: their own funder's arrangements and its published reports, scoped in the
query so no view can forget it."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from reporting.constants import ReportStatus
from reporting.models import Funder, FundingArrangement, Report


def funder_for_officer(*, user: AbstractBaseUser | AnonymousUser) -> Funder | None:
    """The one funder an officer may see, or None when the account is not tied to one."""
    if not user.is_authenticated:
        return None
    return Funder.objects.filter(officers__user__pk=user.pk).first()


def arrangements_for_officer(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[FundingArrangement]:
    """The arrangements of the officer's own funder; none for anyone not tied to a funder."""
    if not user.is_authenticated:
        return FundingArrangement.objects.none()
    return FundingArrangement.objects.filter(funder__officers__user__pk=user.pk).select_related("funder")


def reports_for_officer(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Report]:
    """Published reports of the officer's own funder, newest period first. Concepts, failures and
    other funders' reports never appear, whatever the id asked for."""
    if not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(
        status=ReportStatus.PUBLISHED, arrangement__funder__officers__user__pk=user.pk
    ).select_related("arrangement", "arrangement__funder")


def report_for_officer(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> Report | None:
    return reports_for_officer(user=user).filter(pk=pk).first()
