"""The sensitive section opens only for the vaste begeleider, the coaches of the participant's
locations and coordinators — and only with an active consent that meets the consent rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from participants.constants import ConsentGiver, ConsentPurpose
from participants.models import Consent, SensitiveEntry
from participants.selectors import can_see_sensitive, sensitive_entries_for
from participants.services import consent_record, consent_withdraw, sensitive_entry_add
from tests.factories import LocationFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.participants.profile_data import regular, sensitive_consent, today
from tests.personas import World


def sensitive_url(person: object) -> str:
    return reverse("participants:sensitive", args=[person.pk])  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["coach", "coordinator", "admin"])
def test_the_allowed_people_open_the_section_with_consent(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = regular(world, birth_year=1980)
    sensitive_consent(person, world.users["coach"])
    SensitiveEntry.objects.create(
        participant=person, domains=["debts"], note="Wil hulp bij de post", recorded_on=today()
    )
    response = client_for(persona).get(sensitive_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wil hulp bij de post" in html and "Schulden en geld" in html


def test_the_vaste_begeleider_opens_it_even_without_visits_at_their_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = ParticipantFactory(
        first_name="Gerrit",
        municipality=world.municipality_a,
        birth_year=1980,
        fixed_coach=world.users["coach"],
    )
    VisitFactory(participant=person, location=LocationFactory(name="De Tuin"), date=today())
    sensitive_consent(person, world.users["coordinator"])
    assert client_for("coach").get(sensitive_url(person)).status_code == 200


def test_a_coach_who_only_registered_someone_sees_the_page_but_not_the_section(
    world: World, client_for: Callable[[str], Client]
) -> None:
    other = UserFactory(username="anderecoach")
    person = ParticipantFactory(
        first_name="Gerrit", municipality=world.municipality_a, birth_year=1980, registered_by=other
    )
    VisitFactory(participant=person, location=LocationFactory(name="De Tuin"), date=today())
    sensitive_consent(person, world.users["coordinator"])
    client = Client()
    client.force_login(other)
    assert client.get(reverse("participants:detail", args=[person.pk])).status_code == 200
    response = client.get(sensitive_url(person))
    assert response.status_code == 403
    assert "Alleen de vaste begeleider" in response.content.decode()
    assert not can_see_sensitive(user=other, participant=person)
    assert sensitive_entries_for(user=other, participant=person) is None


def test_without_consent_the_section_explains_and_links_to_recording_consent(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=1980)
    client = client_for("coach")
    response = client.get(sensitive_url(person))
    assert response.status_code == 403
    html = response.content.decode()
    assert "De gevoelige gegevens zijn gesloten" in html
    assert reverse("intake:sensitive_consent", args=[person.pk]) in html
    # Everything else on the page works without it.
    page = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert reverse("intake:sensitive_consent", args=[person.pk]) in page
    assert sensitive_url(person) not in page
    assert sensitive_entries_for(user=world.users["coordinator"], participant=person) is None


def test_a_withdrawn_consent_closes_the_section_again(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=1980)
    consent = consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coach"],
        given_on=today() - dt.timedelta(days=10),
    )
    client = client_for("coach")
    assert client.get(sensitive_url(person)).status_code == 200
    consent_withdraw(consent=consent, on=today() - dt.timedelta(days=1))
    response = client.get(sensitive_url(person))
    assert response.status_code == 403
    assert "ingetrokken" in response.content.decode()


def test_under_sixteen_it_opens_only_with_a_guardians_consent(
    world: World, client_for: Callable[[str], Client]
) -> None:
    young = regular(world, birth_year=today().year - 14)
    # An old consent of the youngster themself (from before the rule) does not count.
    Consent.objects.create(
        participant=young,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        given_by=ConsentGiver.PARTICIPANT,
        given_on=today(),
    )
    client = client_for("coach")
    response = client.get(sensitive_url(young))
    assert response.status_code == 403
    assert "ouder of voogd" in response.content.decode()
    consent_record(
        participant=young,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coach"],
        given_by=ConsentGiver.GUARDIAN,
        guardian_name="J. de Vries",
    )
    assert client.get(sensitive_url(young)).status_code == 200


def test_a_coach_adds_domains_and_a_note_and_sees_them_listed(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=1980)
    sensitive_consent(person, world.users["coach"])
    response = client_for("coach").post(
        sensitive_url(person),
        {"domains": ["debts", "housing"], "note": "Wil hulp bij post", "recorded_on": today().isoformat()},
        follow=True,
    )
    html = response.content.decode()
    assert "Opgeslagen bij de gevoelige gegevens." in html
    assert "Schulden en geld, Wonen" in html and "Wil hulp bij post" in html
    entry = SensitiveEntry.objects.get()
    assert (entry.domains, entry.recorded_by) == (["debts", "housing"], world.users["coach"])


def test_a_form_with_an_error_keeps_what_was_typed(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world, birth_year=1980)
    sensitive_consent(person, world.users["coach"])
    future = (today() + dt.timedelta(days=2)).isoformat()
    html = (
        client_for("coach")
        .post(sensitive_url(person), {"domains": ["health"], "note": "Slaapt slecht", "recorded_on": future})
        .content.decode()
    )
    assert "De datum kan niet in de toekomst liggen." in html
    assert "Slaapt slecht" in html and 'value="health" ' in html and "checked" in html
    empty = (
        client_for("coach").post(sensitive_url(person), {"recorded_on": today().isoformat()}).content.decode()
    )
    assert "Kies een levensgebied of schrijf een korte notitie." in empty
    assert not SensitiveEntry.objects.exists()


def test_the_service_refuses_without_consent_and_for_people_who_may_not_see_it(world: World) -> None:
    person = regular(world, birth_year=1980)
    with pytest.raises(ValidationError) as no_consent:
        sensitive_entry_add(
            participant=person,
            domains=["debts"],
            note="",
            recorded_on=today(),
            recorded_by=world.users["coach"],
        )
    assert no_consent.value.code == "no_consent"
    sensitive_consent(person, world.users["coach"])
    for persona in ("volunteer", "officer_a"):
        with pytest.raises(ValidationError) as refused:
            sensitive_entry_add(
                participant=person,
                domains=["debts"],
                note="",
                recorded_on=today(),
                recorded_by=world.users[persona],
            )
        assert refused.value.code == "not_allowed"
    with pytest.raises(ValidationError):
        sensitive_entry_add(
            participant=person,
            domains=["bogus"],
            note="",
            recorded_on=today(),
            recorded_by=world.users["coach"],
        )
    entry = sensitive_entry_add(
        participant=person,
        domains=["housing", "debts"],
        note="  kort  ",
        recorded_on=today(),
        recorded_by=world.users["coach"],
    )
    assert (entry.domains, entry.note) == (["debts", "housing"], "kort")
