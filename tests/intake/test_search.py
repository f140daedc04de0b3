"""Find and check in: the search box at the door (pg_trgm word similarity on unaccented names)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from participants.constants import AccessAction
from participants.models import AccessLogEntry
from participants.selectors import participant_search
from tests.factories import LocationFactory, ParticipantFactory
from tests.intake.door import board_url, htmx_search, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Annechien", "Anechien"),
        ("Zoë", "Zoe"),
        ("Annechien", "ann"),
        ("Annechien", "ANNECHIEN"),
        ("Zoë", "zoë"),
    ],
)
def test_the_search_tolerates_typos_accents_and_a_few_letters(
    world: World, client_for: Callable[[str], Client], stored: str, typed: str
) -> None:
    regular(world, first_name=stored, last_name="Bakker")
    assert f"{stored} B." in htmx_search(client_for("coach"), world.location, typed)


def test_a_last_name_finds_the_person(world: World, client_for: Callable[[str], Client]) -> None:
    regular(world, first_name="Sjoerd", last_name="Hoekstra")
    assert "Sjoerd H." in htmx_search(client_for("coach"), world.location, "Hoekstra")


def test_a_nickname_finds_the_person_and_is_shown_instead_of_the_first_name(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Johannes", last_name="Wolters", nickname="Hans")
    html = htmx_search(client_for("coach"), world.location, "Hans")
    assert "Hans W." in html
    assert "Johannes" not in html


def test_an_unrelated_name_is_not_found_and_a_newcomer_link_is_offered(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker")
    html = htmx_search(client_for("coach"), world.location, "Mohammed")
    assert "Annechien" not in html
    assert "Niemand gevonden voor “Mohammed”." in html
    assert board_url(world.location, "newcomer") in html


def test_one_letter_finds_nobody_and_shows_no_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world)
    assert htmx_search(client_for("coach"), world.location, "a").strip() == ""


def test_the_best_match_comes_first(world: World) -> None:
    regular(world, first_name="Anneke", last_name="Smit")
    regular(world, first_name="Annechien", last_name="Bakker")
    hits = participant_search(user=world.users["coach"], query="Annechien")
    assert hits[0].label == "Annechien B."


def test_a_coach_does_not_find_someone_who_only_visited_another_location_but_a_coordinator_does(
    world: World, client_for: Callable[[str], Client]
) -> None:
    garden = LocationFactory(name="De Moestuin")
    regular(world, first_name="Gerrit", last_name="Tuinman", location=garden)
    assert "Gerrit T." not in htmx_search(client_for("coach"), world.location, "Gerrit")
    assert "Gerrit T." not in htmx_search(client_for("volunteer"), world.location, "Gerrit")
    assert "Gerrit T." in htmx_search(client_for("coordinator"), world.location, "Gerrit")
    assert "Gerrit T." in htmx_search(client_for("admin"), world.location, "Gerrit")


def test_a_coach_finds_someone_they_registered_before_a_first_visit(world: World) -> None:
    ParticipantFactory(first_name="Noor", last_name="Visser", registered_by=world.users["coach"])
    assert [hit.label for hit in participant_search(user=world.users["coach"], query="Noor")] == [
        "Noor V."
    ]
    assert participant_search(user=world.users["volunteer"], query="Noor") == []


def test_a_volunteer_sees_no_year_of_birth_and_a_coach_does(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    coach_html = htmx_search(client_for("coach"), world.location, "Annechien")
    volunteer_html = htmx_search(client_for("volunteer"), world.location, "Annechien")
    assert "Annechien B." in coach_html and "(1979)" in coach_html
    assert "Annechien B." in volunteer_html and "1979" not in volunteer_html


@pytest.mark.parametrize("persona", ["coach", "volunteer", "coordinator"])
def test_the_results_show_first_name_and_initial_never_the_full_last_name(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker-Vermeulen")
    for typed in ("Annechien", "Bakker"):
        html = htmx_search(client_for(persona), world.location, typed)
        assert "Annechien B." in html
        assert "Bakker" not in html and "Vermeulen" not in html


def test_the_results_preselect_the_usual_activity_and_post_to_the_check_in(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    html = htmx_search(client_for("coach"), world.location, "Annechien")
    assert f'action="{board_url(world.location, "check_in")}"' in html
    assert f'name="participant" value="{person.pk}"' in html
    assert f'<option value="{world.activity.pk}" selected>Houtwerk</option>' in html


def test_each_result_has_its_own_request_key(world: World, client_for: Callable[[str], Client]) -> None:
    """One shared key would make the second person's check-in a 'retry' of the first one's."""
    regular(world, first_name="Annechien", last_name="Bakker")
    regular(world, first_name="Anneke", last_name="Smit")
    html = htmx_search(client_for("coach"), world.location, "Anne")
    keys = [part.split('"')[0] for part in html.split('name="request_key" value="')[1:]]
    assert len(keys) == 2 and len(set(keys)) == 2


def test_without_htmx_the_search_is_a_full_page_keeping_the_term(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world)
    response = client_for("volunteer").get(board_url(world.location, "search"), {"q": "Anechien"})
    html = response.content.decode()
    assert "<html" in html and "Annechien B." in html
    assert 'value="Anechien"' in html


@pytest.mark.parametrize("typed", ["%", "_", "'; drop table x; --", "A" * 500, "  ", "\\"])
def test_odd_input_does_not_break_the_search(
    world: World, client_for: Callable[[str], Client], typed: str
) -> None:
    regular(world)
    html = htmx_search(client_for("coach"), world.location, typed)
    assert "Annechien B." not in html


def test_a_search_writes_exactly_one_search_row_and_never_the_term(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker")
    htmx_search(client_for("coach"), world.location, "Anechien Bakk")
    rows = list(AccessLogEntry.objects.values())
    assert [row["action"] for row in rows] == [AccessAction.SEARCH]
    assert rows[0]["participant_pseudonym"] is None
    for value in rows[0].values():
        for fragment in ("Anechien", "anechien", "Bakk", "bakk"):
            assert fragment not in str(value)


def test_a_search_without_results_is_logged_too(world: World, client_for: Callable[[str], Client]) -> None:
    htmx_search(client_for("volunteer"), world.location, "Niemand")
    htmx_search(client_for("volunteer"), world.location, "Niemand anders")
    assert list(AccessLogEntry.objects.values_list("action", "actor_username")) == [
        (AccessAction.SEARCH, "volunteer"),
        (AccessAction.SEARCH, "volunteer"),
    ]
