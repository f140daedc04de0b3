"""The coordinator's reporting settings through the pages: funders, funding arrangements (with the
agreed figures, planned values and custom periods), stories tied to a consent, officer accounts;
empty states, pagination and who may open them."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from participants.constants import ConsentPurpose
from participants.models import Consent
from participants.services.consents import consent_withdraw
from reporting.constants import Cadence, FunderKind, IndicatorKey, ReportStatus
from reporting.models import Funder, FundingArrangement, OfficerAssignment, Report, Story
from reporting.services import rendering
from tests.factories import PASSWORD, MunicipalityFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.otp import otp_verify_session
from tests.personas import PERSONAS, World
from tests.reporting.test_portal import arrangement_for, published_report
from voorveld.constants import Role
from voorveld.models import User
from voorveld.two_factor import is_mandatory

STRONG_PASSWORD = PASSWORD  # long enough for the password rules; listed as not secret


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


# --- Who may see them -------------------------------------------------------------------------

SETTINGS_PAGES = ("funder_list", "funder_create", "officer_list", "story_list", "story_create",
                  "arrangement_list", "arrangement_create")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_admins_open_the_settings_pages(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    arrangement = arrangement_for(world)
    urls = [reverse(f"reporting:{name}") for name in SETTINGS_PAGES] + [
        reverse("reporting:funder_edit", args=[world.funder_a.pk]),
        reverse("reporting:officer_create", args=[world.funder_a.pk]),
        reverse("reporting:arrangement_edit", args=[arrangement.pk]),
    ]
    client = client_for(persona)
    for url in urls:
        response = client.get(url)
        if persona in ("coordinator", "admin"):
            assert response.status_code == 200, url
        elif persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        else:
            assert response.status_code == 403, (persona, url)


# --- Funders ----------------------------------------------------------------------------------


def test_a_coordinator_adds_a_gemeente_funder_with_its_cbs_code_and_a_fund(
    world: World, client_for: Callable[[str], Client]
) -> None:
    cedam = MunicipalityFactory(name="Cedam", cbs_code="GM9903")
    client = client_for("coordinator")
    form = _page(client.get(reverse("reporting:funder_create")))
    assert "Cedam (GM9903)" in form  # the CBS code comes from the gemeente

    # A gemeente funder without its gemeente is refused, with what was typed kept.
    response = client.post(reverse("reporting:funder_create"), {"kind": FunderKind.MUNICIPALITY,
                                                                "name": "Gemeente Cedam", "municipality": ""})
    assert response.status_code == 200
    assert "Kies welke gemeente deze financier is." in _page(response)
    assert 'value="Gemeente Cedam"' in _page(response)
    assert not Funder.objects.filter(name="Gemeente Cedam").exists()

    response = client.post(reverse("reporting:funder_create"), {
        "kind": FunderKind.MUNICIPALITY, "name": "Gemeente Cedam", "municipality": cedam.pk,
    }, follow=True)
    funder = Funder.objects.get(name="Gemeente Cedam")
    assert (funder.kind, funder.cbs_code, funder.municipality) == (FunderKind.MUNICIPALITY, "GM9903", cedam)
    assert "Financier “Gemeente Cedam” is toegevoegd." in _page(response)

    response = client.post(reverse("reporting:funder_create"), {
        "kind": FunderKind.FUND, "name": "Stichting Zonnig Fonds", "municipality": "",
    })
    fund = Funder.objects.get(name="Stichting Zonnig Fonds")
    assert (fund.kind, fund.cbs_code, fund.municipality) == (FunderKind.FUND, "", None)

    # A fund tied to a gemeente, and a second funder for the same gemeente, are refused.
    response = client.post(reverse("reporting:funder_create"), {
        "kind": FunderKind.FUND, "name": "Ander Fonds", "municipality": cedam.pk,
    })
    assert "Een fonds hoort niet bij een gemeente." in _page(response)
    response = client.post(reverse("reporting:funder_create"), {
        "kind": FunderKind.MUNICIPALITY, "name": "Cedam bis", "municipality": cedam.pk,
    })
    assert "“Gemeente Cedam” is al de financier voor deze gemeente." in _page(response)
    assert Funder.objects.filter(name__in=["Ander Fonds", "Cedam bis"]).count() == 0

    listing = _page(client.get(reverse("reporting:funder_list")))
    assert "Gemeente Cedam" in listing and "Stichting Zonnig Fonds" in listing and "GM9903" in listing


def test_a_coordinator_renames_a_funder(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coordinator")
    url = reverse("reporting:funder_edit", args=[world.funder_a.pk])
    page = _page(client.get(url))
    assert f'value="{world.funder_a.name}"' in page
    assert 'name="kind"' not in page  # the kind never changes
    response = client.post(url, {"name": "Gemeente Aadorp (sociaal domein)",
                                 "municipality": world.municipality_a.pk}, follow=True)
    world.funder_a.refresh_from_db()
    assert world.funder_a.name == "Gemeente Aadorp (sociaal domein)"
    assert world.funder_a.cbs_code == "GM9901"
    assert "Financier “Gemeente Aadorp (sociaal domein)” is opgeslagen." in _page(response)


# --- Funding arrangements ---------------------------------------------------------------------


FORMSET_FIELDS = {"indicators": ("figure", "text", "planned_value", "order"),
                  "periods": ("label", "starts_on", "ends_on")}


def _formset(prefix: str, rows: list[dict[str, Any]], *, total: int = 3) -> dict[str, Any]:
    """The management form and rows of a formset; the rows left over are empty, as in the browser."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(max(total, len(rows))), f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    names = FORMSET_FIELDS[prefix]
    for index in range(max(total, len(rows))):
        row = rows[index] if index < len(rows) else {}
        data.update({f"{prefix}-{index}-{name}": row.get(name, "") for name in names})
    return data


def _arrangement_post(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "funder": world.funder_a.pk, "name": "Aadorp — dagbesteding 2026",
        "municipalities": [world.municipality_a.pk], "locations": [world.location.pk],
        "activities": [world.activity.pk], "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "funded_places": "40", "budget": "125000.00", "cadence": Cadence.HALF_YEARLY,
        "suppression_threshold": "5",
        **_formset("indicators", [
            {"figure": IndicatorKey.AVERAGE_PER_DAGDEEL, "text": "Bezette plekken per dagdeel",
             "planned_value": "40", "order": ""},
            {"figure": IndicatorKey.UNIQUE_PARTICIPANTS, "text": "Unieke deelnemers uit Aadorp",
             "planned_value": "80", "order": ""},
        ]),
        **_formset("periods", [], total=2),
    }
    data.update(changes)
    return data


def test_a_new_arrangement_starts_with_threshold_5_and_refuses_2_keeping_what_was_typed(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    form = _page(client.get(reverse("reporting:arrangement_create")))
    assert 'name="suppression_threshold" value="5"' in form
    response = client.post(reverse("reporting:arrangement_create"), _arrangement_post(
        world, suppression_threshold="2"
    ))
    assert response.status_code == 200
    page = _page(response)
    assert "De drempel moet minstens 3 zijn: kleinere groepen zouden herkenbaar kunnen zijn." in page
    assert not FundingArrangement.objects.exists()
    # Nothing typed is lost: the fields, the ticks and the agreed figures come back as typed.
    assert 'value="Aadorp — dagbesteding 2026"' in page
    assert 'value="125000.00"' in page and 'name="funded_places" value="40"' in page
    assert 'name="suppression_threshold" value="2"' in page
    assert f'name="municipalities" value="{world.municipality_a.pk}"' in page
    assert "checked" in page.split(f'name="municipalities" value="{world.municipality_a.pk}"')[1][:80]
    assert 'value="Bezette plekken per dagdeel"' in page and 'value="Unieke deelnemers uit Aadorp"' in page
    assert 'name="indicators-1-planned_value" value="80"' in page


def test_a_coordinator_creates_an_arrangement_whose_plan_appears_in_the_detail_and_the_report(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    response = client.post(reverse("reporting:arrangement_create"), _arrangement_post(world), follow=True)
    arrangement = FundingArrangement.objects.get()
    assert response.redirect_chain[-1][0] == reverse("reporting:arrangement_detail", args=[arrangement.pk])
    assert (arrangement.funded_places, arrangement.budget) == (40, Decimal("125000.00"))
    assert (arrangement.cadence, arrangement.suppression_threshold) == (Cadence.HALF_YEARLY, 5)
    assert list(arrangement.municipalities.all()) == [world.municipality_a]
    assert list(arrangement.locations.all()) == [world.location]
    assert list(arrangement.activities.all()) == [world.activity]
    page = _page(response)
    assert "Financieringsafspraak “Aadorp — dagbesteding 2026” is opgeslagen." in page
    assert "Bezette plekken per dagdeel (gepland 40)" in page
    assert "Unieke deelnemers uit Aadorp (gepland 80)" in page
    assert "€ 125.000,00" in page
    assert "aantallen onder 5 worden getoond als “< 5”" in page
    assert "H1 2026" in page and "H2 2026" in page  # half-yearly periods

    # The rendered report shows plan against realisation.
    for i in range(6):
        person = ParticipantFactory(first_name=f"Geheimnaam{i}", municipality=world.municipality_a)
        VisitFactory(participant=person, location=world.location, activity=world.activity,
                     date=dt.date(2026, 3, 2 + i))
    client.post(reverse("reporting:report_request", args=[arrangement.pk]),
                {"start": "2026-01-01", "end": "2026-06-30"})
    report = Report.objects.get()
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    assert report.snapshot is not None
    summary = {item["label"]: item for item in report.snapshot["summary"]}
    assert summary["Unieke deelnemers uit Aadorp"]["planned"] == 80
    assert summary["Unieke deelnemers uit Aadorp"]["realised"] == 6
    assert summary["Bezette plekken per dagdeel"]["planned"] == 40
    detail = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Unieke deelnemers uit Aadorp" in detail
    row = detail.split("Unieke deelnemers uit Aadorp</th>")[1].split("</tr>")[0]
    assert ">80<" in row and ">6<" in row
    assert "Geheimnaam" not in detail


def test_a_fund_arrangement_with_custom_periods(world: World, client_for: Callable[[str], Client]) -> None:
    fund = Funder.objects.create(name="Stichting Zonnig Fonds", kind=FunderKind.FUND)
    client = client_for("coordinator")
    data = _arrangement_post(
        world, funder=fund.pk, name="Moestuinproject", municipalities=[], funded_places="",
        budget="15000", cadence=Cadence.CUSTOM,
    )
    response = client.post(reverse("reporting:arrangement_create"), data)
    assert "Voeg minstens één rapportageperiode toe, of kies per halfjaar." in _page(response)
    assert 'value="Moestuinproject"' in _page(response)
    data.update(_formset("periods", [
        {"label": "Projectjaar 2026 deel 1", "starts_on": "2026-01-01", "ends_on": "2026-04-30"},
        {"label": "Projectjaar 2026 deel 2", "starts_on": "2026-05-01", "ends_on": "2026-12-31"},
    ]))
    response = client.post(reverse("reporting:arrangement_create"), data, follow=True)
    arrangement = FundingArrangement.objects.get(name="Moestuinproject")
    labels = [p.label for p in arrangement.periods.all()]
    assert labels == ["Projectjaar 2026 deel 1", "Projectjaar 2026 deel 2"]
    page = _page(response)
    assert "Projectjaar 2026 deel 1" in page and "Projectjaar 2026 deel 2" in page
    assert "H1 2026" not in page

    # Edit: the form comes back filled in; a period outside the arrangement is refused.
    edit_url = reverse("reporting:arrangement_edit", args=[arrangement.pk])
    form = _page(client.get(edit_url))
    assert 'value="Projectjaar 2026 deel 2"' in form and 'value="Moestuinproject"' in form
    data.update(_formset("periods", [
        {"label": "Te laat", "starts_on": "2027-01-01", "ends_on": "2027-03-31"},
    ]))
    response = client.post(edit_url, data)
    assert "Periode “Te laat” valt buiten de afspraak." in _page(response)
    assert arrangement.periods.count() == 2
    data.update(name="Moestuinproject Zuid", **_formset("periods", [
        {"label": "Heel 2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    ]))
    client.post(edit_url, data)
    arrangement.refresh_from_db()
    assert arrangement.name == "Moestuinproject Zuid"
    assert [p.label for p in arrangement.periods.all()] == ["Heel 2026"]


def test_an_arrangement_with_reports_keeps_its_funder(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Reports are scoped by their arrangement's funder: moving the arrangement to gemeente B would
    show A's published figures to B's officer."""
    report = published_report(world, "funder_a")
    client = client_for("coordinator")
    url = reverse("reporting:arrangement_edit", args=[report.arrangement_id])
    data = _arrangement_post(world, name=report.arrangement.name, funder=world.funder_b.pk,
                             municipalities=[world.municipality_b.pk], locations=[], activities=[])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Deze afspraak heeft al rapportages voor Gemeente Aadorp" in _page(response)
    assert f'<option value="{world.funder_b.pk}" selected>' in _page(response)  # kept as chosen
    report.arrangement.refresh_from_db()
    assert report.arrangement.funder == world.funder_a
    officer_b = client_for("officer_b")
    assert officer_b.get(reverse("reporting:officer_report", args=[report.pk])).status_code == 404
    # Without a change of funder the edit goes through.
    client.post(url, {**data, "funder": world.funder_a.pk, "municipalities": [world.municipality_a.pk],
                      "name": "Aadorp — 40 plekken (herzien)"})
    report.arrangement.refresh_from_db()
    assert report.arrangement.name == "Aadorp — 40 plekken (herzien)"


# --- Stories ----------------------------------------------------------------------------------


def _story_consent(first_name: str = "Verhaalverteller") -> Consent:
    return Consent.objects.create(
        participant=ParticipantFactory(first_name=first_name), purpose=ConsentPurpose.STORY,
        text_version="2026-11", given_on=dt.date(2026, 2, 1),
    )


def test_a_story_tied_to_a_consent_leaves_unpublished_reports_when_the_consent_is_withdrawn(
    world: World, client_for: Callable[[str], Client]
) -> None:
    arrangement = arrangement_for(world)
    consent = _story_consent()
    client = client_for("coordinator")
    form = _page(client.get(reverse("reporting:story_create")))
    assert f'<option value="{consent.pk}">' in form
    response = client.post(reverse("reporting:story_create"), {
        "title": "Weer een ritme", "text": "Elke dinsdag staat de koffie klaar.", "told_on": "2026-03-01",
        "consent": consent.pk, "arrangement": arrangement.pk,
    }, follow=True)
    story = Story.objects.get()
    assert (story.consent, story.arrangement) == (consent, arrangement)
    assert story.written_by == world.users["coordinator"]
    assert "Verhaal “Weer een ritme” is opgeslagen." in _page(response)
    assert "Weer een ritme" in _page(response)

    client.post(reverse("reporting:report_request", args=[arrangement.pk]),
                {"start": "2026-01-01", "end": "2026-06-30"})
    concept = Report.objects.get()
    rendering.report_render_run(report_id=concept.pk)
    detail = client.get(reverse("reporting:report_detail", args=[concept.pk])).content.decode()
    assert "Weer een ritme" in detail

    consent_withdraw(consent=consent, on=dt.date(2026, 11, 1))
    # The concept holding the story cannot be approved, and the story can no longer be chosen.
    response = client.post(reverse("reporting:report_action", args=[concept.pk, "goedkeuren"]), follow=True)
    assert "Voor een verhaal in deze rapportage is geen toestemming meer." in _page(response)
    concept.refresh_from_db()
    assert concept.status == ReportStatus.CONCEPT
    assert f'<option value="{consent.pk}">' not in _page(client.get(reverse("reporting:story_create")))
    # Requested again, the report is made without it (and the old concept's figures are gone).
    client.post(reverse("reporting:report_request", args=[arrangement.pk]),
                {"start": "2026-01-01", "end": "2026-06-30"})
    concept.refresh_from_db()
    assert (concept.status, concept.snapshot) == (ReportStatus.REPLACED, None)
    renewed = Report.objects.exclude(pk=concept.pk).get()
    rendering.report_render_run(report_id=renewed.pk)
    renewed.refresh_from_db()
    assert renewed.snapshot is not None and renewed.snapshot["stories"] == []
    detail = client.get(reverse("reporting:report_detail", args=[renewed.pk])).content.decode()
    assert "Weer een ritme" not in detail
    assert "Geen verhalen met toestemming in deze periode." in detail


def test_a_story_with_a_withdrawn_consent_or_a_future_date_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    withdrawn = _story_consent("Teruggetrokken")
    consent_withdraw(consent=withdrawn, on=dt.date(2026, 3, 1))
    client = client_for("coordinator")
    response = client.post(reverse("reporting:story_create"), {
        "title": "Niet meer", "text": "Mag niet.", "told_on": "2026-02-02", "consent": withdrawn.pk,
        "arrangement": "",
    })
    assert response.status_code == 200 and not Story.objects.exists()
    assert 'value="Niet meer"' in _page(response)  # kept
    response = client.post(reverse("reporting:story_create"), {
        "title": "Morgen", "text": "Nog niet verteld.", "told_on": "2099-01-01",
        "consent": _story_consent().pk, "arrangement": "",
    })
    assert "De datum kan niet in de toekomst liggen." in _page(response)
    assert not Story.objects.exists()


def test_a_story_is_edited_and_removed(world: World, client_for: Callable[[str], Client]) -> None:
    story = Story.objects.create(title="Oud", text="Tekst.", told_on=dt.date(2026, 3, 1),
                                 consent=_story_consent())
    client = client_for("coordinator")
    url = reverse("reporting:story_edit", args=[story.pk])
    assert 'value="Oud"' in _page(client.get(url))
    client.post(url, {"title": "Nieuw", "text": "Andere tekst.", "told_on": "2026-03-02",
                      "consent": story.consent_id, "arrangement": ""})
    story.refresh_from_db()
    assert (story.title, story.text) == ("Nieuw", "Andere tekst.")
    assert client.get(reverse("reporting:story_delete", args=[story.pk])).status_code == 405
    response = client.post(reverse("reporting:story_delete", args=[story.pk]), follow=True)
    assert not Story.objects.exists()
    removed = "Verhaal “Nieuw” is verwijderd uit de rapportages die nog gemaakt moeten worden."
    assert removed in _page(response)


# --- Officer accounts -------------------------------------------------------------------------


def _authenticates(username: str, password: str) -> bool:
    request = RequestFactory().post(reverse("login"))
    return authenticate(request, username=username, password=password) is not None


def test_a_coordinator_makes_an_officer_account_for_a_gemeente_and_deactivates_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    url = reverse("reporting:officer_create", args=[world.funder_a.pk])
    fields = {"username": "ambtenaar.aadorp", "first_name": "Wilhelmina", "last_name": "Grasveld",
              "email": "w.grasveld@aadorp.example", "password": "kort"}
    response = client.post(url, fields)
    assert response.status_code == 200 and not User.objects.filter(username="ambtenaar.aadorp").exists()
    assert 'value="w.grasveld@aadorp.example"' in _page(response)  # kept; the password is not echoed
    assert 'value="kort"' not in _page(response)
    response = client.post(url, {**fields, "password": STRONG_PASSWORD}, follow=True)
    officer = User.objects.get(username="ambtenaar.aadorp")
    assert officer.role == Role.OFFICER and officer.is_active
    assert OfficerAssignment.objects.get(user=officer).funder == world.funder_a
    assert "ambtenaar.aadorp" in _page(response)  # listed on the funder's page
    # The account can log in and sees its own funder's portal.
    assert _authenticates("ambtenaar.aadorp", STRONG_PASSWORD)
    officer_client = Client()
    officer_client.force_login(officer)
    if is_mandatory(officer):  # as the client_for fixture does
        otp_verify_session(officer_client, officer)
    home = _page(officer_client.get(reverse("reporting:officer_home")))
    assert f"Rapportages voor {world.funder_a.name}" in home

    # A taken username is refused.
    response = client.post(reverse("reporting:officer_create", args=[world.funder_b.pk]),
                           {**fields, "password": STRONG_PASSWORD})
    assert "Deze gebruikersnaam is al in gebruik." in _page(response)

    response = client.post(reverse("reporting:officer_set_active", args=[officer.pk]), {"active": "0"},
                           follow=True)
    officer.refresh_from_db()
    assert not officer.is_active
    assert "Het account van beleidsmedewerker Wilhelmina Grasveld is uitgezet" in _page(response)
    assert not _authenticates("ambtenaar.aadorp", STRONG_PASSWORD)
    assert officer_client.get(reverse("reporting:officer_home")).status_code == 302  # logged out
    client.post(reverse("reporting:officer_set_active", args=[officer.pk]), {"active": "1"})
    officer.refresh_from_db()
    assert officer.is_active


def test_only_officer_accounts_are_switched_on_that_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach = world.users["coach"]
    response = client_for("coordinator").post(
        reverse("reporting:officer_set_active", args=[coach.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    coach.refresh_from_db()
    assert coach.is_active


# --- Empty states and pagination ---------------------------------------------------------------


def test_the_lists_say_so_when_empty(world: World, client_for: Callable[[str], Client]) -> None:
    User.objects.filter(role=Role.OFFICER).delete()  # and with them their ties to the funders
    Funder.objects.all().delete()
    client = client_for("coordinator")
    expected = {
        "funder_list": "Er zijn nog geen financiers.",
        "officer_list": "Er zijn nog geen accounts van beleidsmedewerkers.",
        "story_list": "Er zijn nog geen verhalen.",
        "arrangement_list": "Er zijn nog geen financieringsafspraken.",
    }
    for name, text in expected.items():
        page = _page(client.get(reverse(f"reporting:{name}")))
        assert text in page, name
        assert "<table" not in page, name


def test_the_lists_are_paged_by_25(world: World, client_for: Callable[[str], Client]) -> None:
    funds = Funder.objects.bulk_create(
        Funder(name=f"Fonds {i:02d}", kind=FunderKind.FUND) for i in range(30)
    )
    FundingArrangement.objects.bulk_create(
        FundingArrangement(funder=funds[0], name=f"Project {i:02d}", starts_on=dt.date(2026, 1, 1),
                           ends_on=dt.date(2026, 12, 31), budget=Decimal(1000))
        for i in range(26)
    )
    for i in range(25):  # with officer_a and officer_b: 27
        OfficerAssignment.objects.create(
            user=UserFactory(username=f"ambtenaar{i:02d}", officer=True), funder=funds[1]
        )
    consent = _story_consent()
    Story.objects.bulk_create(
        Story(title=f"Verhaal {i:02d}", text="Tekst.", told_on=dt.date(2026, 3, 1), consent=consent)
        for i in range(26)
    )
    client = client_for("coordinator")
    for name in ("funder_list", "arrangement_list", "officer_list", "story_list"):
        url = reverse(f"reporting:{name}")
        first = _page(client.get(url))
        assert "Pagina 1 van 2" in first, name
        assert "?page=2" in first, name
        second = _page(client.get(url, {"page": 2}))
        assert "Pagina 2 van 2" in second, name
        assert "?page=1" in second, name
        assert _page(client.get(url, {"page": "999"})).count("Pagina 2 van 2") == 1, name
