"""Consent for the sensitive section: a known age, and under 16 a parent or guardian with a name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from participants.constants import DOOR_CONSENT_VERSION, AccessAction, ConsentGiver, ConsentPurpose
from participants.models import AccessLogEntry, Consent, Participant
from participants.services import consent_record
from tests.factories import LocationFactory
from tests.intake.door import TODAY, regular
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.usefixtures("friday")


def record(world: World, person: Participant, **kwargs: object) -> Consent:
    return consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version=DOOR_CONSENT_VERSION,
        recorded_by=world.users["coach"],
        **kwargs,  # type: ignore[arg-type]
    )


# --- the rule in the service ----------------------------------------------------------------


def test_sensitive_consent_is_refused_without_a_birth_year(world: World) -> None:
    person = regular(world, birth_year=None)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        record(world, person)
    assert refused.value.messages == [
        "Leg eerst het geboortejaar vast: voor de gevoelige gegevens moet de leeftijd bekend zijn."
    ]
    assert not Consent.objects.exists()


def test_sensitive_consent_of_a_15_year_old_given_by_themselves_is_refused(world: World) -> None:
    person = regular(world, birth_year=None, date_of_birth=dt.date(2011, 1, 1))  # 15 on 20 Nov 2026
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        record(world, person, given_by=ConsentGiver.PARTICIPANT)
    assert refused.value.messages == [
        "Onder de 16 is toestemming van een ouder of voogd nodig (naam en datum)."
    ]
    assert not Consent.objects.exists()


def test_sensitive_consent_of_a_15_year_old_is_accepted_from_a_named_guardian(world: World) -> None:
    person = regular(world, birth_year=2011)
    consent = record(world, person, given_by=ConsentGiver.GUARDIAN, guardian_name="  M. de Groot ")
    assert (consent.given_by, consent.guardian_name, consent.given_on) == (
        ConsentGiver.GUARDIAN, "M. de Groot", TODAY,
    )
    assert (consent.text_version, consent.recorded_by) == (DOOR_CONSENT_VERSION, world.users["coach"])


def test_a_guardian_without_a_name_is_refused(world: World) -> None:
    person = regular(world, birth_year=2011)
    with pytest.raises(ValidationError):
        record(world, person, given_by=ConsentGiver.GUARDIAN, guardian_name="  ")
    assert not Consent.objects.exists()


def test_only_a_birth_year_counts_the_birthday_as_not_yet_reached(world: World) -> None:
    """Born in 2010, the person may be 15 or 16 on 20 November 2026: the safe side is 15."""
    person = regular(world, birth_year=2010)
    with pytest.raises(ValidationError):
        record(world, person)


def test_someone_who_turned_16_yesterday_gives_consent_themselves(world: World) -> None:
    person = regular(world, birth_year=2010, date_of_birth=dt.date(2010, 11, 19))
    assert record(world, person).given_by == ConsentGiver.PARTICIPANT


def test_someone_who_turns_16_tomorrow_still_needs_a_guardian(world: World) -> None:
    person = regular(world, birth_year=2010, date_of_birth=dt.date(2010, 11, 21))
    with pytest.raises(ValidationError):
        record(world, person)


def test_an_adult_gives_consent_themselves(world: World) -> None:
    person = regular(world, birth_year=1980)
    assert record(world, person).given_by == ConsentGiver.PARTICIPANT


def test_consent_cannot_be_dated_in_the_future(world: World) -> None:
    person = regular(world, birth_year=1980)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        record(world, person, given_on=TODAY + dt.timedelta(days=1))
    assert refused.value.messages == ["Toestemming kan niet in de toekomst liggen."]


def test_consent_for_recording_needs_no_known_age(world: World) -> None:
    person = regular(world, birth_year=None)
    consent = consent_record(
        participant=person, purpose=ConsentPurpose.RECORDING, text_version=DOOR_CONSENT_VERSION,
        recorded_by=world.users["coach"],
    )
    assert consent.purpose == ConsentPurpose.RECORDING


# --- the page -------------------------------------------------------------------------------


def consent_url(person: Participant) -> str:
    return reverse("intake:sensitive_consent", args=[person.pk])


def test_a_coach_opens_the_consent_page(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world, birth_year=1980)
    response = client_for("coach").get(consent_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toestemming voor gevoelige gegevens van Annechien B." in html
    assert 'name="given_by"' in html and 'name="guardian_name"' in html
    assert f'value="{TODAY.isoformat()}"' in html


def test_the_consent_page_warns_when_the_birth_year_is_unknown(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=None)
    html = client_for("coach").get(consent_url(person)).content.decode()
    assert "Het geboortejaar is nog niet bekend." in html


def test_the_page_refuses_a_15_year_old_giving_consent_themselves_and_keeps_the_form(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=2011)
    response = client_for("coach").post(
        consent_url(person), {"given_by": "participant", "given_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Onder de 16 is toestemming van een ouder of voogd nodig (naam en datum)." in html
    assert f'value="{TODAY.isoformat()}"' in html
    assert not Consent.objects.exists()


def test_the_page_asks_for_the_guardians_name(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world, birth_year=2011)
    response = client_for("coach").post(
        consent_url(person), {"given_by": "guardian", "guardian_name": " ", "given_on": TODAY.isoformat()}
    )
    assert "Vul de naam van de ouder of voogd in." in response.content.decode()
    assert not Consent.objects.exists()


def test_the_page_records_a_guardians_consent_and_logs_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=2011)
    response = client_for("coach").post(
        consent_url(person),
        {"given_by": "guardian", "guardian_name": "M. de Groot", "given_on": TODAY.isoformat()},
        follow=True,
    )
    assert "De toestemming is vastgelegd." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("intake:kennismaking", args=[person.pk])
    consent = Consent.objects.get()
    assert (consent.purpose, consent.guardian_name, consent.recorded_by) == (
        ConsentPurpose.SENSITIVE, "M. de Groot", world.users["coach"],
    )
    actions = list(
        AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
        .order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == [AccessAction.CREATE, AccessAction.READ]  # the save, then the kennismaking page


def test_the_page_refuses_a_consent_without_a_known_age(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=None)
    response = client_for("coach").post(
        consent_url(person), {"given_by": "participant", "given_on": TODAY.isoformat()}
    )
    assert "Leg eerst het geboortejaar vast" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_kennismaking_and_consent_pages(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = regular(world, birth_year=1980)
    client = client_for(persona)
    expected = {
        "anonymous": 302, "no_role": 403, "volunteer": 403, "officer_a": 403, "officer_b": 403,
    }.get(persona, 200)
    for url in (reverse("intake:kennismaking", args=[person.pk]), consent_url(person)):
        assert client.get(url).status_code == expected, url
        post = client.post(url, {"given_by": "participant", "given_on": TODAY.isoformat(), "notes": "x",
                                 "held_on": TODAY.isoformat()})
        assert post.status_code == (302 if expected == 200 else expected), url
    if expected != 200:
        assert not Consent.objects.filter(purpose=ConsentPurpose.SENSITIVE).exists()
        assert not person.conversations.exists()
        # Nothing was read or changed: only refused attempts (none for anonymous) are logged.
        rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
        assert not rows.exclude(action=AccessAction.DENIED).exists()
        assert rows.exists() == (persona != "anonymous")


def test_a_coach_cannot_open_someone_of_another_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    stranger = regular(world, first_name="Gerrit", location=LocationFactory(name="De Moestuin"))
    client = client_for("coach")
    assert client.get(consent_url(stranger)).status_code == 404
    assert client.get(reverse("intake:kennismaking", args=[stranger.pk])).status_code == 404
    assert client_for("coordinator").get(consent_url(stranger)).status_code == 200
