"""A volunteer whose account is linked to their participant record sees their own roles — and
nothing of anyone else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction
from participants.models import AccessLogEntry, VolunteerRole
from tests.factories import ParticipantFactory
from tests.participants.profile_data import today
from tests.personas import World

URL = reverse("participants:my_volunteering")


def test_a_volunteer_sees_their_own_roles_and_nothing_else(
    world: World, client_for: Callable[[str], Client]
) -> None:
    me = ParticipantFactory(
        first_name="Sanne", municipality=world.municipality_a, account=world.users["volunteer"]
    )
    someone_else = ParticipantFactory(first_name="Pieter", municipality=world.municipality_a)
    VolunteerRole.objects.create(
        participant=me,
        role="Helpt in het eetcafé",
        dagdelen="dinsdagochtend",
        learning_goals="Leren koken voor groepen",
        started_on=today(),
    )
    VolunteerRole.objects.create(
        participant=me,
        role="Gastvrouw",
        started_on=today() - dt.timedelta(days=300),
        ended_on=today() - dt.timedelta(days=30),
    )
    VolunteerRole.objects.create(participant=someone_else, role="Fietsenmaker", started_on=today())
    html = client_for("volunteer").get(URL).content.decode()
    assert "Helpt in het eetcafé" in html and "Leren koken voor groepen" in html
    assert "Gastvrouw" in html and "Wat ik eerder deed" in html
    assert "Fietsenmaker" not in html and "Pieter" not in html
    rows = AccessLogEntry.objects.filter(participant_pseudonym=me.pseudonym)
    assert [(r.action, r.view_name) for r in rows] == [(AccessAction.READ, "participants:my_volunteering")]


def test_a_volunteer_without_a_linked_record_gets_a_friendly_empty_state(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("volunteer").get(URL)
    assert response.status_code == 200
    assert "Je account is nog niet gekoppeld" in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_a_linked_volunteer_without_a_current_role_is_told_so(
    world: World, client_for: Callable[[str], Client]
) -> None:
    ParticipantFactory(
        first_name="Sanne", municipality=world.municipality_a, account=world.users["volunteer"]
    )
    assert "Op dit moment geen vrijwilligersrol." in client_for("volunteer").get(URL).content.decode()


def test_the_menu_offers_my_volunteering_to_volunteers_only(
    world: World, client_for: Callable[[str], Client]
) -> None:
    home = reverse("intake:today")
    assert "Mijn vrijwilligerswerk" in client_for("volunteer").get(home).content.decode()
    assert "Mijn vrijwilligerswerk" not in client_for("coach").get(home).content.decode()
