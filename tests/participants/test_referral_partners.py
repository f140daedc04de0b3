"""A referral out can go to every partner of the shared code list (the consent's text version fits)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from participants.constants import ReferralSource
from participants.services import referral_create
from tests.factories import ParticipantFactory
from tests.personas import World


@pytest.mark.parametrize("partner", ReferralSource.values)
def test_a_referral_out_to_any_partner_records_its_consent(world: World, partner: str) -> None:
    person = ParticipantFactory(municipality=world.municipality_a)
    referral = referral_create(
        participant=person,
        direction="out",
        partner=partner,
        referred_on=timezone.localdate(),
        recorded_by=world.users["coach"],
        consent_given=True,
    )
    assert referral.consent is not None and referral.consent.purpose == "referral"
