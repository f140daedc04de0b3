"""A coach's morning at the door, in the browser: register a walk-in, check in a regular by a
misspelt name, undo a mistaken check-in, and tick off yesterday's attendance from the list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from participants.models import Participant, Visit
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

pytestmark = pytest.mark.browser


def _regular(world: World, first_name: str, last_name: str, *, days_ago: int) -> Participant:
    person = ParticipantFactory(
        first_name=first_name, last_name=last_name, municipality=world.municipality_a,
        usual_activity=world.activity,
    )
    VisitFactory(
        participant=person, location=world.location, activity=world.activity,
        date=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    return person


def test_a_coach_runs_the_door(page: Page, browser_world: World, log_in: Callable[..., None]) -> None:
    world = browser_world
    annechien = _regular(world, "Annechien", "Bakker", days_ago=7)
    _regular(world, "Zoë", "de Vries", days_ago=8)
    _regular(world, "Karel", "Smit", days_ago=9)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    board = f"/deur/bord/{world.location.pk}/{today:%Y-%m-%d}/morning/"

    log_in("coach")
    page.goto(board)
    expect(page.get_by_role("heading", level=1)).to_have_text("De Werkplaats · Ochtend")

    # 1. A walk-in without papers: only a first name and the gemeente (and the spoken consent).
    page.get_by_role("link", name="Iemand nieuw").click()
    page.get_by_label("Voornaam").fill("Sjoerd")
    page.get_by_label("Woont in gemeente").select_option(label="Gemeente Aadorp")
    page.get_by_label("Ik heb uitgelegd wat we vastleggen en waarom").check()
    page.get_by_role("button", name="Opslaan en aanmelden").click()
    expect(page.get_by_role("status").first).to_contain_text("Sjoerd is ingeschreven en aangemeld. Welkom!")
    expect(page.get_by_role("row", name=re.compile("Sjoerd"))).to_be_visible()
    sjoerd = Participant.objects.get(first_name="Sjoerd")
    assert sjoerd.indicatie_category == "none"
    assert Visit.objects.filter(participant=sjoerd, date=today, dagdeel="morning").exists()

    # 2. A regular, found by a misspelt name: type, pick (usual activity preselected), confirm.
    page.get_by_label("Naam of roepnaam").fill("Anechien")
    result = page.locator("#search-results li").filter(has_text="Annechien B.")
    expect(result).to_be_visible()
    expect(result.get_by_label("Activiteit voor Annechien B.")).to_have_value(str(world.activity.pk))
    result.get_by_role("button", name=re.compile("Aanmelden")).click()
    expect(page.get_by_role("status").first).to_contain_text("Annechien B. is aangemeld.")
    assert Visit.objects.filter(participant=annechien, date=today).count() == 1

    # 3. That was a mistake: undo it.
    page.get_by_role("button", name="Ongedaan maken aanmelding van Annechien B.").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "De aanmelding van Annechien B. is ongedaan gemaakt."
    )
    expect(page.get_by_role("row", name=re.compile("Annechien"))).to_have_count(0)
    assert not Visit.objects.filter(participant=annechien, date=today).exists()

    # 4. Yesterday the tablet stayed in the cupboard: tick off from the paper list.
    page.goto(f"/deur/bord/{world.location.pk}/{yesterday:%Y-%m-%d}/morning/")
    page.get_by_role("link", name="Afvinken op de lijst").click()
    page.get_by_label("Annechien B.").check()
    page.get_by_label("Zoë d.").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("2 bezoeken vastgelegd.")
    recorded = Visit.objects.filter(date=yesterday, dagdeel="morning")
    assert set(recorded.values_list("participant__first_name", flat=True)) == {"Annechien", "Zoë"}


def test_the_door_works_with_the_keyboard_alone(
    page: Page, browser_world: World, log_in: Callable[..., None]
) -> None:
    world = browser_world
    _regular(world, "Annechien", "Bakker", days_ago=7)
    today = timezone.localdate()
    log_in("volunteer")
    page.goto(f"/deur/bord/{world.location.pk}/{today:%Y-%m-%d}/morning/")
    search = page.get_by_label("Naam of roepnaam")
    expect(search).to_be_focused()  # the search box has focus on arrival
    page.keyboard.type("annech")
    expect(page.locator("#search-results li")).to_have_count(1)
    # Tab from the search box to the result's activity choice, then to its check-in button.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#search-results button:focus")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Annechien B. is aangemeld.")


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 768, "height": 1024}])
def test_the_board_and_the_newcomer_form_fit_a_phone_and_a_tablet(
    page: Page, browser_world: World, log_in: Callable[..., None]
) -> None:
    world = browser_world
    _regular(world, "Annechien", "Bakker", days_ago=7)
    today = timezone.localdate()
    log_in("coach")
    for path in ("", "nieuw/", "lijst/"):
        page.goto(f"/deur/bord/{world.location.pk}/{today:%Y-%m-%d}/morning/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path or 'board'} scrolls sideways by {overflow}px"
