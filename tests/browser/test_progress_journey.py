"""A coordinator follows up someone who has not been seen for a while (issue 4)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from participants.models import Goal, LadderEntry, NazorgContact, Outflow, Participant
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

pytestmark = pytest.mark.browser


def test_a_coordinator_follows_up_someone_not_seen_lately(
    page: Page, browser_world: World, log_in: Callable[..., None]
) -> None:
    world = browser_world
    wendy = ParticipantFactory(first_name="Wendy", last_name="Zwart", municipality=world.municipality_a)
    VisitFactory(
        participant=wendy, location=world.location, date=timezone.localdate() - dt.timedelta(weeks=7)
    )

    log_in("coordinator")
    page.get_by_role("link", name="Aandacht").first.click()
    expect(page.get_by_role("heading", name="Niet gezien")).to_be_visible()
    page.get_by_role("link", name="Wendy Z.").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wendy Zwart")

    page.get_by_role("link", name="Contact (nazorg)").click()
    page.get_by_label("Hoe").select_option(label="App of bericht")
    page.get_by_label("Notitie").fill("Appje gestuurd, ze komt dinsdag langs.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Het contact is opgeslagen.")

    page.get_by_role("link", name="Nieuw doel").click()
    page.get_by_label("Levensgebied").select_option(label="Werk en dagbesteding")
    page.get_by_label("Doel, in de eigen woorden van de deelnemer").fill("Een klein baantje vinden")
    page.get_by_label("Eerste kleine stappen (één per regel)").fill("Cv maken\nVacatures bekijken")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Het doel is opgeslagen.")
    expect(page.get_by_role("button", name=re.compile("Klaar.*Vacatures bekijken"))).to_be_visible()

    page.get_by_role("link", name="Ladderstap").click()
    page.get_by_label("Ladder").select_option(label="Participatieladder")
    page.get_by_role("combobox", name=re.compile("^Stap")).select_option(
        label="3 Deelname aan georganiseerde activiteiten"
    )
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("De ladderstap is opgeslagen.")

    page.get_by_role("link", name="Uitstroom").click()
    page.get_by_label("Bestemming").select_option(label="Betaald werk (ook een klein baantje)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("De uitstroom is opgeslagen.")
    expect(page.get_by_role("button", name="Teruggekomen: weer actief maken")).to_be_visible()
    timeline = page.locator("section", has=page.get_by_role("heading", name="Tijdlijn"))
    expect(timeline).to_contain_text("Appje gestuurd")
    expect(timeline).to_contain_text(re.compile("Participatieladder"))

    wendy.refresh_from_db()
    assert wendy.status == "outflowed"
    assert NazorgContact.objects.get(participant=wendy).channel == "app"
    assert list(Goal.objects.get(participant=wendy).steps.values_list("description", flat=True)) == [
        "Cv maken",
        "Vacatures bekijken",
    ]
    assert LadderEntry.objects.get(participant=wendy).value == 3
    assert Outflow.objects.get(participant=wendy).destination == "paid_work"
    assert Participant.objects.filter(first_name="Wendy").count() == 1
