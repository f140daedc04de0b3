"""Writes behind the coordinator's reporting settings: funders, officer accounts, funding
arrangements (with their indicators and custom periods) and stories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ConsentPurpose
from participants.models import Activity, Consent, Location, Municipality, Question
from reporting.constants import MIN_SUPPRESSION_THRESHOLD, Cadence, FunderKind, IndicatorKey
from reporting.models import (
    ArrangementPeriod,
    Funder,
    FundingArrangement,
    Indicator,
    OfficerAssignment,
    Story,
)
from voorveld.constants import Role
from voorveld.models import User

# --- Funders --------------------------------------------------------------------------------


def _funder_check(*, funder: Funder, kind: str, municipality: Municipality | None) -> None:
    if kind == FunderKind.MUNICIPALITY:
        if municipality is None:
            raise ValidationError({"municipality": _("Choose the gemeente this funder is.")})
        if not municipality.cbs_code:
            raise ValidationError({"municipality": _(
                "This gemeente has no CBS code. Add it first under Organisation → Municipalities."
            )})
        taken = Funder.objects.filter(municipality=municipality).exclude(pk=funder.pk).first()
        if taken is not None:
            raise ValidationError({"municipality": _("“%(funder)s” is already the funder for this gemeente.")
                                   % {"funder": taken.name}})
    elif municipality is not None:
        raise ValidationError({"municipality": _("A fund is not tied to a gemeente.")})
    if Funder.objects.filter(name__iexact=funder.name).exclude(pk=funder.pk).exists():
        raise ValidationError({"name": _("There already is a funder with this name.")})


@transaction.atomic
def funder_create(*, name: str, kind: str, municipality: Municipality | None) -> Funder:
    """A gemeente (tied to the Municipality, whose CBS code it takes) or a fund."""
    funder = Funder(name=name.strip(), kind=kind, municipality=municipality)
    _funder_check(funder=funder, kind=kind, municipality=municipality)
    funder.cbs_code = municipality.cbs_code if municipality is not None else ""
    funder.full_clean()
    funder.save()
    return funder


@transaction.atomic
def funder_update(*, funder: Funder, name: str, municipality: Municipality | None) -> Funder:
    """Rename a funder or tie a gemeente funder to another gemeente; the kind never changes."""
    funder.name = name.strip()
    _funder_check(funder=funder, kind=funder.kind, municipality=municipality)
    funder.municipality = municipality
    funder.cbs_code = municipality.cbs_code if municipality is not None else ""
    funder.full_clean()
    funder.save()
    return funder


# --- Officer accounts -----------------------------------------------------------------------


@transaction.atomic
def officer_create(
    *, funder: Funder, username: str, first_name: str, last_name: str, email: str, password: str
) -> User:
    """An officer account tied to exactly one funder: it sees that funder's published reports only."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, role=Role.OFFICER
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    assignment = OfficerAssignment(user=user, funder=funder)
    assignment.full_clean()
    assignment.save()
    return user


@transaction.atomic
def officer_set_active(*, user: User, is_active: bool) -> User:
    """Block or unblock an officer's login; the account and its tie to the funder stay."""
    if user.role != Role.OFFICER:
        raise ValidationError(_("This account is not an officer account."))
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    return user


# --- Funding arrangements -------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    """One agreed figure: a standard key, or ``IndicatorKey.QUESTION`` with its question."""

    key: str
    question: Question | None
    text: str
    planned_value: Decimal | None
    order: int


@dataclass(frozen=True)
class PeriodInput:
    label: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ArrangementInput:
    funder: Funder
    name: str
    municipalities: Sequence[Municipality]
    locations: Sequence[Location]
    activities: Sequence[Activity]
    starts_on: dt.date
    ends_on: dt.date
    funded_places: int | None
    budget: Decimal | None
    cadence: str
    suppression_threshold: int
    indicators: Sequence[IndicatorInput]
    periods: Sequence[PeriodInput]


def _arrangement_check(data: ArrangementInput, *, arrangement: FundingArrangement | None) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.suppression_threshold < MIN_SUPPRESSION_THRESHOLD:
        add("suppression_threshold", _(
            "The threshold must be at least %(min)s: smaller groups could be recognised."
        ) % {"min": MIN_SUPPRESSION_THRESHOLD})
    if data.ends_on < data.starts_on:
        add("ends_on", _("The end lies before the start."))
    if data.funded_places is None and data.budget is None:
        add("funded_places", _("Fill in the funded places, the budget or both."))
    if data.funder.kind == FunderKind.FUND and data.municipalities:
        add("municipalities", _("A fund covers no gemeenten: leave them all unticked."))
    if data.funder.kind == FunderKind.MUNICIPALITY and not data.municipalities:
        add("municipalities", _("Tick the gemeente (or gemeenten) whose residents this arrangement covers."))
    if data.cadence == Cadence.CUSTOM and not data.periods:
        add("cadence", _("Add at least one reporting period, or choose half-yearly."))
    if data.cadence == Cadence.CUSTOM and data.ends_on >= data.starts_on:
        for span in data.periods:
            if span.ends_on < span.starts_on:
                add("periods", _("Period “%(label)s” ends before it starts.") % {"label": span.label})
            elif span.starts_on < data.starts_on or span.ends_on > data.ends_on:
                add("periods", _("Period “%(label)s” lies outside the arrangement.") % {"label": span.label})
        dates = sorted((p.starts_on, p.ends_on) for p in data.periods)
        if len(set(dates)) != len(dates):
            add("periods", _("Two periods have the same start and end."))
    for indicator in data.indicators:
        if (indicator.key == IndicatorKey.QUESTION) != (indicator.question is not None):
            add("indicators", _("A measurement question indicator needs its question."))
    if arrangement is not None and arrangement.funder_id != data.funder.pk and arrangement.reports.exists():
        # Reports are scoped by their arrangement's funder: another funder's officers would see them.
        add("funder", _(
            "This arrangement already has reports for %(funder)s, so its funder cannot change. Add a new "
            "arrangement for the other funder instead."
        ) % {"funder": arrangement.funder.name})
    same_name = FundingArrangement.objects.filter(funder=data.funder, name__iexact=data.name.strip())
    if arrangement is not None:
        same_name = same_name.exclude(pk=arrangement.pk)
    if same_name.exists():
        add("name", _("This funder already has an arrangement with this name."))
    if errors:
        raise ValidationError(errors)


def _arrangement_save(arrangement: FundingArrangement, data: ArrangementInput) -> FundingArrangement:
    _arrangement_check(data, arrangement=arrangement if arrangement.pk else None)
    arrangement.funder = data.funder
    arrangement.name = data.name.strip()
    arrangement.starts_on = data.starts_on
    arrangement.ends_on = data.ends_on
    arrangement.funded_places = data.funded_places
    arrangement.budget = data.budget
    arrangement.cadence = data.cadence
    arrangement.suppression_threshold = data.suppression_threshold
    arrangement.full_clean()
    arrangement.save()
    arrangement.municipalities.set(data.municipalities)
    arrangement.locations.set(data.locations)
    arrangement.activities.set(data.activities)
    # Indicators and periods are replaced as a whole: published reports keep their own frozen copy.
    arrangement.indicators.all().delete()
    for agreed in data.indicators:
        indicator = Indicator(
            arrangement=arrangement, key=agreed.key, question=agreed.question, text=agreed.text.strip(),
            planned_value=agreed.planned_value, order=agreed.order,
        )
        indicator.full_clean()
        indicator.save()
    arrangement.periods.all().delete()
    if data.cadence == Cadence.CUSTOM:
        for item in data.periods:
            period = ArrangementPeriod(
                arrangement=arrangement, label=item.label.strip(), starts_on=item.starts_on,
                ends_on=item.ends_on,
            )
            period.full_clean()
            period.save()
    return arrangement


@transaction.atomic
def arrangement_create(*, data: ArrangementInput) -> FundingArrangement:
    """A new funding arrangement. Its start may lie in the past (a late beschikking): every visit
    since the start counts towards it."""
    return _arrangement_save(FundingArrangement(), data)


@transaction.atomic
def arrangement_update(*, arrangement: FundingArrangement, data: ArrangementInput) -> FundingArrangement:
    """Change an arrangement. Reports already made keep the figures they were made with."""
    return _arrangement_save(arrangement, data)


# --- Stories --------------------------------------------------------------------------------


def _story_check(*, consent: Consent, told_on: dt.date) -> None:
    if consent.purpose != ConsentPurpose.STORY:
        raise ValidationError({"consent": _("Choose a consent for a story in a report.")})
    if consent.withdrawn_on is not None:
        raise ValidationError({"consent": _("This consent was withdrawn; the story cannot be used.")})
    if told_on > timezone.localdate():
        raise ValidationError({"told_on": _("The date cannot lie in the future.")})


def _story_fill(
    story: Story, *, arrangement: FundingArrangement | None, title: str, text: str, told_on: dt.date,
    consent: Consent,
) -> Story:
    _story_check(consent=consent, told_on=told_on)
    story.arrangement = arrangement
    story.title = title.strip()
    story.text = text.strip()
    story.told_on = told_on
    story.consent = consent
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_create(
    *, arrangement: FundingArrangement | None, title: str, text: str, told_on: dt.date, consent: Consent,
    written_by: User,
) -> Story:
    """An anonymised story for reports, tied to the participant's active story consent."""
    return _story_fill(
        Story(written_by=written_by), arrangement=arrangement, title=title, text=text, told_on=told_on,
        consent=consent,
    )


@transaction.atomic
def story_update(
    *, story: Story, arrangement: FundingArrangement | None, title: str, text: str, told_on: dt.date,
    consent: Consent,
) -> Story:
    """Change a story. A report already published keeps the text it was published with."""
    return _story_fill(
        story, arrangement=arrangement, title=title, text=text, told_on=told_on, consent=consent
    )


@transaction.atomic
def story_delete(*, story: Story) -> None:
    """Remove a story from future reports (published reports keep their frozen copy)."""
    story.delete()

