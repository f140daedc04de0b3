from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.constants import (
    DOOR_CONSENT_VERSION,
    ConsentGiver,
    ConsentPurpose,
    ReferralDirection,
)
from participants.models import Activity, Consent, Location, Municipality, Participant, Referral
from participants.services.attendance import CheckInResult, visit_check_in
from voorveld.models import User


@dataclass(frozen=True)
class NewcomerDetails:
    """What the coach typed at the door. Only a first name or nickname and the gemeente are required."""

    municipality: Municipality
    first_name: str = ""
    nickname: str = ""
    last_name: str = ""
    birth_year: int | None = None
    date_of_birth: dt.date | None = None
    phone: str = ""
    usual_activity: Activity | None = None
    referral_source: str = ""
    indicatie_category: str = "none"


@dataclass(frozen=True)
class CheckInTarget:
    location: Location
    date: dt.date
    dagdeel: str


@dataclass(frozen=True)
class Registration:
    participant: Participant
    check_in: CheckInResult | None
    created: bool


@transaction.atomic
def participant_register(
    *,
    details: NewcomerDetails,
    registered_by: User,
    check_in: CheckInTarget | None = None,
    request_key: uuid.UUID | None = None,
) -> Registration:
    """Register a newcomer at the door with the verbal consent for recording that the coach just
    asked for, record how they came as the referral in, and (usually) check them in — all in one
    transaction. Idempotent per ``request_key``: a double submit returns the person already made."""
    if request_key is not None:
        existing = Participant.objects.filter(registration_key=request_key).first()
        if existing is not None:
            return Registration(existing, None, created=False)
    birth_year = details.birth_year
    if details.date_of_birth and not birth_year:
        birth_year = details.date_of_birth.year
    participant = Participant(
        first_name=details.first_name.strip(),
        nickname=details.nickname.strip(),
        last_name=details.last_name.strip(),
        birth_year=birth_year,
        date_of_birth=details.date_of_birth,
        phone=details.phone.strip(),
        municipality=details.municipality,
        indicatie_category=details.indicatie_category,
        referral_source=details.referral_source,
        usual_activity=details.usual_activity,
        registered_by=registered_by,
        registration_key=request_key,
    )
    # The key's uniqueness is left to the database: a twin request that commits in between must
    # end in the IntegrityError below (return that person), not in a validation error.
    participant.full_clean(exclude=["registration_key"])
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        if request_key is None:
            raise
        # The same form arrived twice at the same moment: the other request made the person.
        return Registration(Participant.objects.get(registration_key=request_key), None, created=False)
    Consent.objects.create(
        participant=participant,
        purpose=ConsentPurpose.RECORDING,
        text_version=DOOR_CONSENT_VERSION,
        given_by=ConsentGiver.PARTICIPANT,
        given_on=timezone.localdate(),
        recorded_by=registered_by,
    )
    if details.referral_source:
        Referral.objects.create(
            participant=participant, direction=ReferralDirection.IN, partner=details.referral_source,
            referred_on=timezone.localdate(), recorded_by=registered_by,
        )
    result = None
    if check_in is not None:
        result = visit_check_in(
            participant=participant,
            location=check_in.location,
            activity=details.usual_activity,
            date=check_in.date,
            dagdeel=check_in.dagdeel,
            checked_in_by=registered_by,
        )
    return Registration(participant, result, created=True)
