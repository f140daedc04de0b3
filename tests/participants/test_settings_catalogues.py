"""Activities and gemeenten in the organisation settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import MunicipalityKind
from participants.models import Activity, Municipality
from participants.services import municipality_ensure_special
from tests.factories import ParticipantFactory
from tests.personas import World

# --- Activities -----------------------------------------------------------------------------


def test_coordinator_adds_renames_and_deactivates_an_activity(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    response = client.post(reverse("participants:activity_create"), {"name": "Naaiatelier"}, follow=True)
    assert "Activiteit “Naaiatelier” is toegevoegd." in response.content.decode()
    activity = Activity.objects.get(name="Naaiatelier")

    response = client.post(
        reverse("participants:activity_edit", args=[activity.pk]), {"name": "Naai-atelier"}, follow=True
    )
    assert "Activiteit “Naai-atelier” is opgeslagen." in response.content.decode()

    response = client.post(
        reverse("participants:activity_set_active", args=[activity.pk]), {"active": "0"}, follow=True
    )
    assert "Activiteit “Naai-atelier” is uitgezet." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.name, activity.is_active) == ("Naai-atelier", False)

    client.post(reverse("participants:activity_set_active", args=[activity.pk]), {"active": "1"})
    activity.refresh_from_db()
    assert activity.is_active


def test_an_activity_name_that_exists_in_another_case_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:activity_create"), {"name": "HOUTWERK"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is al een activiteit met deze naam." in html
    assert 'value="HOUTWERK"' in html
    assert Activity.objects.count() == 1


def test_renaming_an_activity_to_its_own_name_in_another_case_is_fine(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client_for("coordinator").post(
        reverse("participants:activity_edit", args=[world.activity.pk]), {"name": "houtwerk"}
    )
    world.activity.refresh_from_db()
    assert world.activity.name == "houtwerk"


def test_an_activity_name_of_300_characters_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:activity_create"), {"name": "b" * 300})
    assert "Zorg dat deze waarde niet meer dan 100 tekens bevat" in response.content.decode()


def test_the_activity_list_shows_inactive_ones_and_has_an_empty_state(
    world: World, client_for: Callable[[str], Client]
) -> None:
    Activity.objects.create(name="Fietsenmaken", is_active=False)
    client = client_for("coordinator")
    html = client.get(reverse("participants:activity_list")).content.decode()
    assert "Houtwerk" in html and "Fietsenmaken" in html and "Uitgezet" in html
    Activity.objects.all().delete()
    html = client.get(reverse("participants:activity_list")).content.decode()
    assert "Er zijn nog geen activiteiten." in html


# --- Gemeenten ------------------------------------------------------------------------------


def test_the_two_special_gemeenten_are_always_listed_even_when_missing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    Municipality.objects.filter(kind=MunicipalityKind.UNKNOWN).delete()
    html = client_for("coordinator").get(reverse("participants:municipality_list")).content.decode()
    assert "Andere gemeente" in html
    assert "Onbekend / geen vaste woonplaats" in html
    assert html.index("Gemeente Beekdal") < html.index("Andere gemeente")
    assert Municipality.objects.filter(kind=MunicipalityKind.UNKNOWN, is_active=True).count() == 1


def test_ensuring_the_special_gemeenten_is_idempotent_and_reactivates_them(db: None) -> None:
    municipality_ensure_special()
    Municipality.objects.filter(kind=MunicipalityKind.OTHER).update(is_active=False)
    municipality_ensure_special()
    municipality_ensure_special()
    specials = Municipality.objects.exclude(kind=MunicipalityKind.REGULAR)
    assert sorted(specials.values_list("kind", "is_active")) == [("other", True), ("unknown", True)]


def test_coordinator_adds_a_gemeente_with_a_cbs_code_typed_loosely(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(
        reverse("participants:municipality_create"), {"name": "Meppel", "cbs_code": " gm 0119 "}, follow=True
    )
    assert "Gemeente “Meppel” is toegevoegd." in response.content.decode()
    meppel = Municipality.objects.get(name="Meppel")
    assert (meppel.cbs_code, meppel.kind, meppel.is_active) == ("GM0119", MunicipalityKind.REGULAR, True)


@pytest.mark.parametrize("code", ["0119", "GM119", "GM01190", "XX0119", "GMabcd"])
def test_a_bad_cbs_code_is_refused_and_the_typed_values_kept(
    code: str, world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(
        reverse("participants:municipality_create"), {"name": "Westerveld", "cbs_code": code}
    )
    html = response.content.decode()
    assert "Een CBS-code is GM met vier cijfers erachter, bijvoorbeeld GM0119." in html
    assert 'value="Westerveld"' in html and f'value="{code}"' in html
    assert not Municipality.objects.filter(name="Westerveld").exists()


def test_a_gemeente_name_or_cbs_code_that_exists_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    html = client.post(
        reverse("participants:municipality_create"), {"name": "gemeente aadorp", "cbs_code": "GM0200"}
    ).content.decode()
    assert "Er is al een gemeente met deze naam." in html
    html = client.post(
        reverse("participants:municipality_create"), {"name": "Ceedorp", "cbs_code": "GM9902"}
    ).content.decode()
    assert "Er is al een gemeente met deze CBS-code." in html


def test_coordinator_edits_and_deactivates_a_gemeente(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    gemeente = world.municipality_a
    response = client.post(
        reverse("participants:municipality_edit", args=[gemeente.pk]),
        {"name": "Gemeente Aadorp-Oost", "cbs_code": "GM9911"}, follow=True,
    )
    assert "Gemeente “Gemeente Aadorp-Oost” is opgeslagen." in response.content.decode()
    response = client.post(
        reverse("participants:municipality_set_active", args=[gemeente.pk]), {"active": "0"}, follow=True
    )
    assert "Gemeente “Gemeente Aadorp-Oost” is uitgezet." in response.content.decode()
    gemeente.refresh_from_db()
    assert (gemeente.name, gemeente.cbs_code, gemeente.is_active) == ("Gemeente Aadorp-Oost", "GM9911", False)


def test_a_special_gemeente_cannot_be_deactivated(
    world: World, client_for: Callable[[str], Client]
) -> None:
    municipality_ensure_special()
    unknown = Municipality.objects.get(kind=MunicipalityKind.UNKNOWN)
    ParticipantFactory(municipality=unknown)
    response = client_for("coordinator").post(
        reverse("participants:municipality_set_active", args=[unknown.pk]), {"active": "0"}, follow=True
    )
    html = response.content.decode()
    assert "“Onbekend / geen vaste woonplaats” is altijd beschikbaar; je kunt deze niet wijzigen" in html
    unknown.refresh_from_db()
    assert unknown.is_active
    # The list offers neither an edit link nor a deactivate button for it.
    assert reverse("participants:municipality_set_active", args=[unknown.pk]) not in html
    assert "Altijd beschikbaar" in html


def test_a_special_gemeente_cannot_be_edited(world: World, client_for: Callable[[str], Client]) -> None:
    municipality_ensure_special()
    other = Municipality.objects.get(kind=MunicipalityKind.OTHER)
    client = client_for("admin")
    url = reverse("participants:municipality_edit", args=[other.pk])
    response = client.post(url, {"name": "Elders", "cbs_code": "GM0001"}, follow=True)
    assert "“Andere gemeente” is altijd beschikbaar" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Andere gemeente"
    assert client.get(url).status_code == 302
