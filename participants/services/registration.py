from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from participants.constants import DOOR_CONSENT_VERSION, ConsentGiver, ConsentPurpose
from participants.models import Activity, Consent, Location, Municipality, Participant
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


@transaction.atomic
def participant_register(
    *,
    details: NewcomerDetails,
    registered_by: User,
    check_in: CheckInTarget | None = None,
    request_key: object | None = None,
) -> tuple[Participant, CheckInResult | None]:
    """Register a newcomer at the door with the verbal consent for recording that the coach just
    asked for, and (usually) check them in, all in one transaction."""
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
    )
    participant.full_clean()
    participant.save()
    Consent.objects.create(
        participant=participant,
        purpose=ConsentPurpose.RECORDING,
        text_version=DOOR_CONSENT_VERSION,
        given_by=ConsentGiver.PARTICIPANT,
        given_on=timezone.localdate(),
        recorded_by=registered_by,
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
    return participant, result
