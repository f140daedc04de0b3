"""The coordinator's overview page: filters, pagination, who may open it, the access log, and the
counts on the start page (issue 4, item 13)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction, ParticipantStatus
from participants.models import AccessLogEntry
from tests.factories import ActivityFactory, LocationFactory, UserFactory, VisitFactory
from tests.participants.overview_data import NOW, days_ago, goal, names_on, person
from tests.personas import PERSONAS, World

OVERVIEW = "participants:overview"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def coordinator(client_for: Callable[[str], Client]) -> Client:
    return client_for("coordinator")


# --- who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_admins_open_the_overview(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person(world, "Wendy", visits=[60])
    response = client_for(persona).get(reverse(OVERVIEW), {"lijst": "niet-gezien"})

    if persona in ("coordinator", "admin"):
        assert response.status_code == 200
        assert "Wendy V." in response.content.decode()
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:  # no_role, volunteer, coach, officers
        assert response.status_code == 403
        assert "Wendy" not in response.content.decode()


@pytest.mark.parametrize("persona", ["volunteer", "coach", "officer_a", "officer_b", "no_role"])
def test_other_roles_cannot_open_any_list_or_the_start_page(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)
    for lijst in ("niet-gezien", "review", "nieuw", "zonder-doel", "per-begeleider"):
        assert client.get(reverse(OVERVIEW), {"lijst": lijst}).status_code == 403
    assert client.get(reverse("participants:dashboard")).status_code == 403


def test_each_opening_of_the_overview_leaves_one_list_row_in_the_access_log(
    world: World, coordinator: Client
) -> None:
    person(world, "Wendy", visits=[60])
    coordinator.get(reverse(OVERVIEW), {"lijst": "niet-gezien", "gemeente": world.municipality_a.pk})
    coordinator.get(reverse(OVERVIEW), {"lijst": "per-begeleider"})

    rows = list(AccessLogEntry.objects.values_list("action", "participant_pseudonym", "actor_username"))
    assert rows == [(AccessAction.LIST, None, "coordinator")] * 2
    # The start page shows counts only: no names, so no row.
    coordinator.get(reverse("participants:dashboard"))
    assert AccessLogEntry.objects.count() == 2


def test_names_link_to_the_participant_page(world: World, coordinator: Client) -> None:
    wendy = person(world, "Wendy", last_name="Zwart", visits=[60])
    html = coordinator.get(reverse(OVERVIEW)).content.decode()
    assert f'<a href="{reverse("participants:detail", args=[wendy.pk])}">Wendy Z.</a>' in html


# --- filters --------------------------------------------------------------------------------


def test_location_filter_keeps_who_visited_that_location(world: World, coordinator: Client) -> None:
    tuin = LocationFactory(name="De Tuin")
    person(world, "Werkplaats", visits=[50])
    person(world, "Tuin", visits=[50], location=tuin)
    both = person(world, "Beide", visits=[50])
    VisitFactory(participant=both, location=tuin, activity=world.activity, date=days_ago(60))

    assert set(names_on(coordinator, lijst="niet-gezien", locatie=tuin.pk)) == {"Tuin V.", "Beide V."}
    assert set(names_on(coordinator, lijst="niet-gezien", locatie=world.location.pk)) == {
        "Werkplaats V.",
        "Beide V.",
    }


def test_activity_filter_uses_the_usual_activity(world: World, coordinator: Client) -> None:
    naaien = ActivityFactory(name="Naaiatelier")
    person(world, "Hout", visits=[50], usual_activity=world.activity)
    person(world, "Naald", visits=[50], usual_activity=naaien)
    person(world, "Geen", visits=[50])

    assert names_on(coordinator, lijst="niet-gezien", activiteit=naaien.pk) == ["Naald V."]


def test_gemeente_coach_and_status_filters_combine(world: World, coordinator: Client) -> None:
    coach = world.users["coach"]
    person(world, "Aadorp", visits=[50], fixed_coach=coach, status=ParticipantStatus.ACTIVE)
    person(world, "Nieuw", visits=[50], fixed_coach=coach, status=ParticipantStatus.NEW)
    person(world, "Zonder", visits=[50], status=ParticipantStatus.ACTIVE)
    person(world, "Beekdal", visits=[50], fixed_coach=coach, municipality=world.municipality_b)

    assert set(names_on(coordinator, gemeente=world.municipality_a.pk)) == {
        "Aadorp V.",
        "Nieuw V.",
        "Zonder V.",
    }
    assert set(names_on(coordinator, gemeente=world.municipality_a.pk, begeleider=coach.pk)) == {
        "Aadorp V.",
        "Nieuw V.",
    }
    assert names_on(
        coordinator, gemeente=world.municipality_a.pk, begeleider=coach.pk, status=ParticipantStatus.ACTIVE
    ) == ["Aadorp V."]


def test_the_filter_form_keeps_the_chosen_values_and_works_without_javascript(
    world: World, coordinator: Client
) -> None:
    coach = world.users["coach"]
    coach.first_name, coach.last_name = "Joris", "Timmer"
    coach.save()
    params = {
        "lijst": "review",
        "weken": "9",
        "locatie": world.location.pk,
        "activiteit": world.activity.pk,
        "gemeente": world.municipality_b.pk,
        "begeleider": coach.pk,
        "status": "active",
    }
    html = coordinator.get(reverse(OVERVIEW), params).content.decode()

    assert '<form method="get"' in html
    assert 'name="weken" value="9"' in html
    for name, value in params.items():
        if name not in ("lijst", "weken"):
            assert re.search(rf'<option value="{value}"[^>]*selected>', html), name
    assert '<input type="hidden" name="lijst" value="review">' in html
    assert ">Joris Timmer</option>" in html
    for field, label in (
        ("weken", "Weken niet gezien (minstens)"),
        ("locatie", "Kwam op locatie"),
        ("activiteit", "Vaste activiteit"),
        ("gemeente", "Gemeente"),
        ("begeleider", "Vaste begeleider"),
        ("status", "Status"),
    ):
        assert re.search(
            rf'<label\s+for="id_{field}" class="form-label">\s*{re.escape(label)}\s*</label>', html
        ), field
    assert "Filters wissen" in html


def test_a_wrong_number_of_weeks_shows_an_error_and_keeps_the_other_filters(
    world: World, coordinator: Client
) -> None:
    person(world, "Aadorp", visits=[50])
    person(world, "Beekdal", visits=[50], municipality=world.municipality_b)
    response = coordinator.get(reverse(OVERVIEW), {"weken": "0", "gemeente": world.municipality_b.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="weken" value="0"' in html
    assert "Zorg ervoor dat deze waarde minstens 1 is." in html
    assert names_on(coordinator, weken="0", gemeente=world.municipality_b.pk) == ["Beekdal V."]


def test_an_unknown_list_falls_back_to_not_seen(world: World, coordinator: Client) -> None:
    person(world, "Wendy", visits=[60])
    assert names_on(coordinator, lijst="bestaat-niet") == ["Wendy V."]


# --- pagination -----------------------------------------------------------------------------


def test_lists_show_25_per_page_and_page_links_keep_the_filters(world: World, coordinator: Client) -> None:
    for n in range(30):
        person(world, f"Aadorp{n:02d}", visits=[43 + n])
    for n in range(3):
        person(world, f"Beekdal{n}", visits=[43 + n], municipality=world.municipality_b)
    gemeente = world.municipality_a.pk

    first = coordinator.get(
        reverse(OVERVIEW), {"lijst": "niet-gezien", "gemeente": gemeente}
    ).content.decode()
    assert len(names_on(coordinator, lijst="niet-gezien", gemeente=gemeente)) == 25
    assert "Pagina 1 van 2" in first
    assert "30 deelnemers" in first
    next_link = re.search(r'<a class="page-link" href="([^"]+)">Volgende pagina</a>', first)
    assert next_link is not None
    href = next_link.group(1).replace("&amp;", "&")
    assert f"gemeente={gemeente}" in href and "lijst=niet-gezien" in href and "pagina=2" in href

    second = coordinator.get(reverse(OVERVIEW) + href).content.decode()
    page_two = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', second)
    assert len(page_two) == 5
    assert all(name.startswith("Aadorp") for name in page_two)
    assert "Vorige pagina" in second


def test_the_tabs_keep_the_filters_but_start_on_the_first_page(world: World, coordinator: Client) -> None:
    html = coordinator.get(
        reverse(OVERVIEW), {"lijst": "niet-gezien", "gemeente": world.municipality_a.pk, "pagina": 2}
    ).content.decode()
    tab = re.search(r'href="(\?[^"]*lijst=review[^"]*)"', html)
    assert tab is not None
    assert f"gemeente={world.municipality_a.pk}" in tab.group(1)
    assert "pagina" not in tab.group(1)


def test_caseload_is_paginated_too(world: World, coordinator: Client) -> None:
    for n in range(27):
        coach = UserFactory(first_name=f"Coach{n:02d}", last_name="Test")
        person(world, f"P{n}", visits=[1], fixed_coach=coach)
    html = coordinator.get(reverse(OVERVIEW), {"lijst": "per-begeleider"}).content.decode()
    assert "Pagina 1 van 2" in html
    assert '<th scope="row">Coach00 Test</th>' in html
    assert '<th scope="row">Coach26 Test</th>' not in html


# --- empty states and the start page -------------------------------------------------------


def test_empty_lists_say_so_kindly(world: World, coordinator: Client) -> None:
    assert "Iedereen is de laatste tijd geweest." in coordinator.get(reverse(OVERVIEW)).content.decode()
    html = coordinator.get(reverse(OVERVIEW), {"lijst": "review"}).content.decode()
    assert "Er zijn geen doelen om te evalueren." in html


def test_the_start_page_shows_the_count_of_each_list_linking_to_it(world: World, coordinator: Client) -> None:
    person(world, "Anna", visits=[45, 52, 59])
    person(world, "Bram", visits=[60])
    goal(person(world, "Carla", visits=[2], fixed_coach=world.users["coach"]), review_in=0)

    html = coordinator.get(reverse("participants:dashboard")).content.decode()
    assert "Wie heeft aandacht nodig" in html
    assert f'href="{reverse(OVERVIEW)}"' in html  # the lists, one click away
    cards = dict(
        re.findall(
            r'href="/deelnemers/aandacht/\?lijst=([a-z-]+)"><div class="card-body">\s*'
            r'<p class="display-6 mb-0">(\d+)</p>',
            html,
        )
    )
    assert cards == {
        "niet-gezien": "2",
        "review": "1",
        "nieuw": "0",
        "zonder-doel": "1",
        "per-begeleider": "2",
    }
    for title in ("Niet gezien", "Review nodig", "Nieuw deze maand", "Zonder doel na 3 bezoeken"):
        assert title in html
    assert "6 weken of langer" in html
    assert "zonder vaste begeleider" in html
