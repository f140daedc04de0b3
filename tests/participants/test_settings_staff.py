"""Staff accounts in the organisation settings: create, role and locations, (de)activate."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, LocationFactory, UserFactory
from tests.personas import World
from voorveld.constants import Role
from voorveld.models import User


def location_checkbox_checked(html: str, location_pk: int) -> bool:
    match = re.search(rf'<input type="checkbox"[^>]*name="locations" value="{location_pk}"[^>]*>', html)
    assert match, f"no checkbox for location {location_pk}"
    return " checked" in match.group(0)


def staff_list_html(client: Client, query: str = "") -> str:
    return client.get(reverse("participants:staff_list") + query).content.decode()


def test_the_staff_list_shows_name_username_role_locations_and_status(
    world: World, client_for: Callable[[str], Client]
) -> None:
    UserFactory(username="oud", first_name="Oud", last_name="Gedaan", is_active=False, volunteer=True)
    html = staff_list_html(client_for("coordinator"))
    coach = world.user("coach")
    assert coach is not None
    assert coach.get_full_name() in html and ">coach</td>" in html
    assert "<td>De Werkplaats</td>" in html
    assert "Vrijwilliger of stagiair" in html and "Coördinator" in html and "Nog geen rol" in html
    assert "Oud Gedaan" in html and "Uitgezet" in html
    # Officers and administrators are managed elsewhere.
    assert "officer_a" not in html and ">admin</td>" not in html


def test_the_staff_list_filters_by_role_and_status(
    world: World, client_for: Callable[[str], Client]
) -> None:
    UserFactory(username="stopper", first_name="Sanne", last_name="Stop", is_active=False)
    client = client_for("coordinator")
    coaches = staff_list_html(client, "?role=coach")
    assert ">coach</td>" in coaches and ">stopper</td>" in coaches
    assert ">volunteer</td>" not in coaches and ">coordinator</td>" not in coaches

    inactive_coaches = staff_list_html(client, "?role=coach&active=inactive")
    assert ">stopper</td>" in inactive_coaches and ">coach</td>" not in inactive_coaches
    assert 'value="inactive" selected' in inactive_coaches

    without_role = staff_list_html(client, "?role=none")
    assert ">norole</td>" in without_role and ">coach</td>" not in without_role

    nobody = staff_list_html(client, "?role=volunteer&active=inactive")
    assert "Er zijn geen accounts die bij dit filter passen." in nobody


def test_the_staff_list_is_paginated_by_25_and_keeps_the_filter(
    world: World, client_for: Callable[[str], Client]
) -> None:
    for number in range(30):
        UserFactory(username=f"vrijwilliger{number:02d}", volunteer=True)
    client = client_for("coordinator")
    first = staff_list_html(client, "?role=volunteer")
    assert first.count('<th scope="row">') == 25
    assert "31 accounts" in first and "Pagina 1 van 2" in first
    assert 'href="?role=volunteer&amp;page=2"' in first
    second = staff_list_html(client, "?role=volunteer&page=2")
    assert second.count('<th scope="row">') == 6


# session, user, the two-step verification device of the session, count, page, locations of the page,
# organisation
STAFF_LIST_QUERIES = 7


def test_the_staff_list_does_not_run_more_queries_for_more_staff(
    world: World, client_for: Callable[[str], Client], django_assert_num_queries: Any
) -> None:
    locations = [LocationFactory(name=f"Plek {n}") for n in range(3)]
    client = client_for("coordinator")

    def add_staff(count: int) -> None:
        for _ in range(count):
            user = UserFactory()
            user.locations.set(locations)

    add_staff(3)
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        client.get(reverse("participants:staff_list"))
    add_staff(27)
    with django_assert_num_queries(STAFF_LIST_QUERIES):
        html = staff_list_html(client)
    assert "Plek 2" in html


def test_coordinator_creates_an_account_that_can_log_in(
    world: World, client_for: Callable[[str], Client]
) -> None:
    extra = LocationFactory(name="De Tuin")
    response = client_for("coordinator").post(reverse("participants:staff_create"), {
        "username": "jvdberg", "first_name": "Joke", "last_name": "van den Berg",
        "email": "joke@example.org", "role": Role.COACH, "locations": [world.location.pk, extra.pk],
        "password": "tulpen-in-de-zomer-42",
    }, follow=True)
    assert "Het account van Joke van den Berg is aangemaakt." in response.content.decode()
    joke = User.objects.get(username="jvdberg")
    assert (joke.role, joke.email) == (Role.COACH, "joke@example.org")
    assert joke.is_active and not joke.is_staff
    assert set(joke.locations.values_list("name", flat=True)) == {"De Werkplaats", "De Tuin"}
    assert Client().login(request=HttpRequest(), username="jvdberg", password="tulpen-in-de-zomer-42")


def test_a_weak_password_is_refused_with_dutch_reasons_and_the_other_values_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:staff_create"), {
        "username": "piet", "first_name": "Piet", "last_name": "", "email": "",
        "role": Role.VOLUNTEER, "locations": [world.location.pk], "password": "12345",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in html
    assert "Dit wachtwoord is te algemeen." in html
    assert "This password" not in html
    assert 'value="piet"' in html and 'value="Piet"' in html
    assert location_checkbox_checked(html, world.location.pk)
    assert '<option value="volunteer" selected>' in html
    assert not User.objects.filter(username="piet").exists()


def test_a_username_that_exists_in_another_case_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:staff_create"), {
        "username": "COACH", "first_name": "Nog", "role": Role.COACH, "password": "lange-zin-met-woorden-7",
    })
    assert "Deze gebruikersnaam is al in gebruik." in response.content.decode()


def test_officer_and_admin_roles_cannot_be_handed_out_here(
    world: World, client_for: Callable[[str], Client]
) -> None:
    for role in (Role.OFFICER, Role.ADMIN):
        response = client_for("coordinator").post(reverse("participants:staff_create"), {
            "username": f"nieuw-{role}", "first_name": "Nieuw", "role": role,
            "password": "lange-zin-met-woorden-7",
        })
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not User.objects.filter(username__startswith="nieuw-").exists()


def test_coordinator_changes_role_and_locations_and_keeps_inactive_assignments(
    world: World, client_for: Callable[[str], Client]
) -> None:
    volunteer = world.user("volunteer")
    assert volunteer is not None
    old = LocationFactory(name="Oude loods", is_active=False)
    old.staff.add(volunteer)
    garden = LocationFactory(name="De Tuin")
    response = client_for("coordinator").post(reverse("participants:staff_edit", args=[volunteer.pk]), {
        "first_name": "Vera", "last_name": "Vrijwillig", "email": "vera@example.org",
        "role": Role.COACH, "locations": [garden.pk],
    }, follow=True)
    assert "Het account van Vera Vrijwillig is opgeslagen." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.role == Role.COACH
    assert set(volunteer.locations.values_list("name", flat=True)) == {"De Tuin", "Oude loods"}


def test_the_edit_form_offers_active_locations_as_labelled_checkboxes(
    world: World, client_for: Callable[[str], Client]
) -> None:
    LocationFactory(name="Oude loods", is_active=False)
    coach = world.user("coach")
    assert coach is not None
    html = client_for("coordinator").get(reverse("participants:staff_edit", args=[coach.pk])).content.decode()
    assert "De Werkplaats" in html and "Oude loods" not in html
    assert location_checkbox_checked(html, world.location.pk)
    assert '<label for="id_locations_0" class="form-check-label">' in html


def test_a_coordinator_cannot_deactivate_themselves_or_change_their_own_role(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coordinator = world.user("coordinator")
    assert coordinator is not None
    client = client_for("coordinator")
    response = client.post(
        reverse("participants:staff_set_active", args=[coordinator.pk]), {"active": "0"}, follow=True
    )
    assert "Je kunt je eigen account niet uitzetten." in response.content.decode()
    response = client.post(reverse("participants:staff_edit", args=[coordinator.pk]), {
        "first_name": "Co", "last_name": "Ordinator", "role": Role.COACH,
    })
    assert "Je kunt je eigen rol niet veranderen." in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.role == Role.COORDINATOR


def test_a_deactivated_account_can_no_longer_log_in_and_can_be_reactivated(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach = world.user("coach")
    assert coach is not None
    client = client_for("coordinator")
    url = reverse("participants:staff_set_active", args=[coach.pk])
    response = client.post(url, {"active": "0"}, follow=True)
    assert "is uitgezet:" in response.content.decode()
    assert "kan niet meer inloggen." in response.content.decode()
    assert not Client().login(request=HttpRequest(), username="coach", password=PASSWORD)

    response = client.post(url, {"active": "1"}, follow=True)
    assert "kan weer inloggen." in response.content.decode()
    assert Client().login(request=HttpRequest(), username="coach", password=PASSWORD)


def test_officers_and_admins_cannot_be_edited_or_deactivated_here(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    for persona in ("officer_a", "admin"):
        account = world.user(persona)
        assert account is not None
        assert client.get(reverse("participants:staff_edit", args=[account.pk])).status_code == 404
        response = client.post(reverse("participants:staff_set_active", args=[account.pk]), {"active": "0"})
        assert response.status_code == 404
        account.refresh_from_db()
        assert account.is_active
