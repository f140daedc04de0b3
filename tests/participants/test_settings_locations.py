"""Locations in the organisation settings: weekly schedule, capacity, (de)activation, closure dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import time_machine
from django.test import Client
from django.urls import reverse

from participants.constants import Dagdeel
from participants.models import Location, LocationClosure
from tests.factories import LocationFactory, VisitFactory
from tests.personas import World


def openings(location: Location) -> set[tuple[int, str]]:
    return set(location.openings.values_list("weekday", "dagdeel"))


def test_coordinator_adds_a_location_with_its_weekly_schedule(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:location_create"), {
        "name": "De Moestuin", "address": "Tuinpad 3, Meppel", "capacity": "12",
        "schedule": ["1-morning", "1-afternoon", "3-evening"],
    }, follow=True)
    assert "Locatie “De Moestuin” is toegevoegd." in response.content.decode()
    location = Location.objects.get(name="De Moestuin")
    assert (location.address, location.capacity, location.is_active) == ("Tuinpad 3, Meppel", 12, True)
    assert openings(location) == {(1, Dagdeel.MORNING), (1, Dagdeel.AFTERNOON), (3, Dagdeel.EVENING)}
    assert "De Moestuin" in response.content.decode()


def test_editing_replaces_the_weekly_schedule(world: World, client_for: Callable[[str], Client]) -> None:
    location = world.location  # open Monday to Friday, mornings and afternoons
    client = client_for("admin")
    page = client.get(reverse("participants:location_edit", args=[location.pk])).content.decode()
    assert 'id="schedule-0-morning" checked' in page
    assert 'id="schedule-6-evening">' in page

    response = client.post(reverse("participants:location_edit", args=[location.pk]), {
        "name": "De Werkplaats", "address": "", "capacity": "25", "schedule": ["5-morning", "0-morning"],
    }, follow=True)
    assert "Locatie “De Werkplaats” is opgeslagen." in response.content.decode()
    location.refresh_from_db()
    assert location.capacity == 25
    assert openings(location) == {(0, Dagdeel.MORNING), (5, Dagdeel.MORNING)}


def test_weekly_schedule_is_a_table_with_headers_and_labelled_checkboxes(
    world: World, client_for: Callable[[str], Client]
) -> None:
    html = client_for("coordinator").get(reverse("participants:location_create")).content.decode()
    assert "<caption>Open dagdelen per weekdag</caption>" in html
    assert '<th scope="col" class="text-center">Ochtend</th>' in html
    assert '<th scope="row">Maandag</th>' in html and '<th scope="row">Zondag</th>' in html
    assert html.count('type="checkbox" name="schedule"') == 21
    assert '<label class="visually-hidden" for="schedule-0-morning">Maandag ochtend</label>' in html
    assert '<label class="visually-hidden" for="schedule-6-evening">Zondag avond</label>' in html


def test_capacity_zero_is_refused_and_every_typed_value_is_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:location_create"), {
        "name": "Het Atelier", "address": "Kerkstraat 8", "capacity": "0",
        "schedule": ["2-afternoon"],
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "De capaciteit moet minstens 1 zijn." in html
    assert 'value="Het Atelier"' in html and 'value="Kerkstraat 8"' in html and 'value="0"' in html
    assert 'id="schedule-2-afternoon" checked' in html
    assert 'id="schedule-2-morning">' in html
    assert not Location.objects.filter(name="Het Atelier").exists()


def test_a_location_name_of_300_characters_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(
        reverse("participants:location_create"), {"name": "a" * 300, "capacity": "5"}
    )
    html = response.content.decode()
    assert "Zorg dat deze waarde niet meer dan 100 tekens bevat (het zijn er nu 300)." in html
    assert f'value="{"a" * 300}"' in html


def test_a_location_name_that_exists_in_another_case_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(
        reverse("participants:location_create"), {"name": "de werkplaats", "capacity": "5"}
    )
    html = response.content.decode()
    assert "Er is al een locatie met deze naam." in html
    assert 'value="de werkplaats"' in html
    assert Location.objects.count() == 1


def test_a_location_with_visits_is_deactivated_not_deleted_and_can_be_reactivated(
    world: World, client_for: Callable[[str], Client]
) -> None:
    VisitFactory(location=world.location, activity=world.activity)
    client = client_for("coordinator")
    url = reverse("participants:location_set_active", args=[world.location.pk])

    response = client.post(url, {"active": "0"}, follow=True)
    assert "Locatie “De Werkplaats” is uitgezet." in response.content.decode()
    world.location.refresh_from_db()
    assert not world.location.is_active
    assert world.location.visits.count() == 1
    assert "Weer aanzetten" in response.content.decode()

    response = client.post(url, {"active": "1"}, follow=True)
    assert "Locatie “De Werkplaats” is weer actief." in response.content.decode()
    world.location.refresh_from_db()
    assert world.location.is_active


def test_the_location_list_shows_counts_and_keeps_the_page_after_a_change(
    world: World, client_for: Callable[[str], Client]
) -> None:
    for number in range(30):
        LocationFactory(name=f"Locatie {number:02d}", open_every_weekday=False)
    client = client_for("coordinator")
    first = client.get(reverse("participants:location_list")).content.decode()
    assert "Pagina 1 van 2" in first
    assert "Volgende pagina" in first
    second_url = reverse("participants:location_list") + "?page=2"
    location = Location.objects.get(name="Locatie 29")
    response = client.post(
        reverse("participants:location_set_active", args=[location.pk]),
        {"active": "0", "next": second_url},
    )
    assert response["Location"] == second_url


def test_an_outside_next_address_is_ignored(world: World, client_for: Callable[[str], Client]) -> None:
    response = client_for("coordinator").post(
        reverse("participants:location_set_active", args=[world.location.pk]),
        {"active": "0", "next": "https://example.org/deelnemers/instellingen/locaties/"},
    )
    assert response["Location"] == reverse("participants:location_list")


def test_the_location_list_has_an_empty_state(db: None, client_for: Callable[[str], Client]) -> None:
    Location.objects.all().delete()
    html = client_for("coordinator").get(reverse("participants:location_list")).content.decode()
    assert "Er zijn nog geen locaties." in html


# --- Closure dates --------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2030, 6, 10, 12, tzinfo=dt.UTC))
def test_closure_dates_list_upcoming_ones_first_then_past_ones(
    world: World, client_for: Callable[[str], Client]
) -> None:
    location = world.location
    for day, reason in [
        (dt.date(2030, 5, 1), "Dag van de arbeid"),
        (dt.date(2030, 12, 25), "Kerst"),
        (dt.date(2030, 6, 10), "Vandaag dicht"),
        (dt.date(2030, 7, 20), "Zomerstop"),
        (dt.date(2030, 4, 27), "Koningsdag"),
    ]:
        LocationClosure.objects.create(location=location, date=day, reason=reason)
    url = reverse("participants:closure_list", args=[location.pk])
    html = client_for("coordinator").get(url).content.decode()
    order = ["Vandaag dicht", "Zomerstop", "Kerst", "Dag van de arbeid", "Koningsdag"]
    positions = [html.index(reason) for reason in order]
    assert positions == sorted(positions)
    assert "maandag 10 juni 2030" in html


def test_coordinator_adds_and_removes_a_closure_date(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    location = world.location
    response = client.post(
        reverse("participants:closure_add", args=[location.pk]),
        {"date": "2030-12-25", "reason": "Kerst"}, follow=True,
    )
    assert "De Werkplaats is gesloten op 25 december 2030." in response.content.decode()
    closure = location.closures.get()
    assert (closure.date, closure.reason) == (dt.date(2030, 12, 25), "Kerst")

    response = client.post(
        reverse("participants:closure_remove", args=[location.pk, closure.pk]), follow=True
    )
    html = response.content.decode()
    assert "De sluitingsdag 25 december 2030 van De Werkplaats is verwijderd." in html
    assert "De Werkplaats heeft geen sluitingsdagen." in html
    assert not location.closures.exists()


def test_a_second_closure_on_the_same_date_is_refused_with_a_clear_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    location = world.location
    LocationClosure.objects.create(location=location, date=dt.date(2030, 1, 1), reason="Nieuwjaar")
    response = client_for("coordinator").post(
        reverse("participants:closure_add", args=[location.pk]),
        {"date": "2030-01-01", "reason": "Opnieuw"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze locatie is op deze datum al gesloten." in html
    assert 'value="Opnieuw"' in html and 'value="2030-01-01"' in html
    assert location.closures.count() == 1


def test_the_same_date_may_be_closed_at_another_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    other = LocationFactory(name="De Tuin")
    LocationClosure.objects.create(location=world.location, date=dt.date(2030, 1, 1))
    client_for("coordinator").post(
        reverse("participants:closure_add", args=[other.pk]), {"date": "2030-01-01"}
    )
    assert other.closures.count() == 1


def test_a_closure_of_another_location_cannot_be_removed_through_this_one(
    world: World, client_for: Callable[[str], Client]
) -> None:
    other = LocationFactory(name="De Tuin")
    closure = LocationClosure.objects.create(location=other, date=dt.date(2030, 1, 1))
    response = client_for("coordinator").post(
        reverse("participants:closure_remove", args=[world.location.pk, closure.pk])
    )
    assert response.status_code == 404
    assert LocationClosure.objects.filter(pk=closure.pk).exists()
