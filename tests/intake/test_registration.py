"""Registering a newcomer at the door: two required fields, consent, duplicates first, one person."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import DOOR_CONSENT_VERSION, AccessAction, ConsentPurpose
from participants.models import AccessLogEntry, Participant, Visit
from participants.services import CheckInTarget, NewcomerDetails, participant_register
from tests.factories import LocationFactory, MunicipalityFactory
from tests.intake.door import TODAY, board_url, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")


def post_newcomer(client: Client, world: World, **fields: object) -> Any:
    data: dict[str, object] = {
        "municipality": world.municipality_a.pk,
        "indicatie_category": "none",
        "consent": "on",
        "request_key": str(uuid.uuid4()),
        **fields,
    }
    return client.post(board_url(world.location, "newcomer"), data, follow=True)


def html_of(response: Any) -> str:
    return str(response.content.decode())


def test_the_form_asks_for_a_name_the_gemeente_and_consent_with_the_text_to_read_aloud(
    world: World, client_for: Callable[[str], Client]
) -> None:
    html = client_for("volunteer").get(board_url(world.location, "newcomer")).content.decode()
    assert "Iemand nieuw" in html
    assert 'name="first_name"' in html and 'name="nickname"' in html and 'name="municipality"' in html
    assert "Andere gemeente" in html or "andere gemeente" in html
    assert f"Versie {DOOR_CONSENT_VERSION} van deze tekst." in html
    assert 'name="request_key"' in html


def test_only_a_first_name_a_gemeente_and_consent_save_and_check_in_the_person(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = post_newcomer(client_for("coach"), world, first_name="Sjoerd")
    assert "Sjoerd is ingeschreven en aangemeld. Welkom!" in html_of(response)
    assert response.redirect_chain[-1][0] == board_url(world.location)
    sjoerd = Participant.objects.get(first_name="Sjoerd")
    assert (sjoerd.municipality, sjoerd.indicatie_category) == (world.municipality_a, "none")
    assert sjoerd.registered_by == world.users["coach"]
    consent = sjoerd.consents.get()
    assert (consent.purpose, consent.text_version, consent.given_on) == (
        ConsentPurpose.RECORDING, DOOR_CONSENT_VERSION, TODAY,
    )
    visit = Visit.objects.get(participant=sjoerd)
    assert (visit.date, visit.dagdeel, visit.location, visit.indicatie_category) == (
        TODAY, "morning", world.location, "none",
    )
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, participant_pseudonym=sjoerd.pseudonym
    ).count() == 1


def test_only_a_nickname_is_enough_too(world: World, client_for: Callable[[str], Client]) -> None:
    response = post_newcomer(client_for("volunteer"), world, nickname="Kikker")
    assert "Kikker is ingeschreven en aangemeld. Welkom!" in html_of(response)
    kikker = Participant.objects.get(nickname="Kikker")
    assert kikker.first_name == "" and kikker.visits.count() == 1


def test_the_special_gemeenten_can_be_chosen(world: World, client_for: Callable[[str], Client]) -> None:
    from participants.models import Municipality

    unknown = Municipality.objects.exclude(kind="regular").first()
    assert unknown is not None
    post_newcomer(client_for("coach"), world, first_name="Dakloze Dirk", municipality=unknown.pk)
    assert Participant.objects.get(first_name="Dakloze Dirk").municipality == unknown


def test_a_newcomer_on_a_past_board_is_checked_in_on_that_day(
    world: World, client_for: Callable[[str], Client]
) -> None:
    day = TODAY - dt.timedelta(days=3)
    client_for("coach").post(
        board_url(world.location, "newcomer", day=day, dagdeel="afternoon"),
        {"first_name": "Sjoerd", "municipality": world.municipality_a.pk, "indicatie_category": "none",
         "consent": "on", "request_key": str(uuid.uuid4())},
    )
    visit = Visit.objects.get(participant__first_name="Sjoerd")
    assert (visit.date, visit.dagdeel) == (day, "afternoon")


def test_the_optional_details_are_stored(world: World, client_for: Callable[[str], Client]) -> None:
    post_newcomer(
        client_for("coach"), world, first_name="Fatima", last_name="El Amrani", birth_year=1990,
        phone="06-12345678", usual_activity=world.activity.pk, referral_source="gp",
        indicatie_category="wmo",
    )
    fatima = Participant.objects.get(first_name="Fatima")
    assert (fatima.last_name, fatima.birth_year, fatima.phone, fatima.indicatie_category) == (
        "El Amrani", 1990, "06-12345678", "wmo",
    )
    assert fatima.referrals.get().partner == "gp"
    visit = fatima.visits.get()
    assert (visit.activity, visit.indicatie_category) == (world.activity, "wmo")


def test_a_date_of_birth_alone_fills_in_the_year(world: World, client_for: Callable[[str], Client]) -> None:
    post_newcomer(client_for("coach"), world, first_name="Mila", date_of_birth="2011-03-04")
    mila = Participant.objects.get(first_name="Mila")
    assert (mila.birth_year, mila.date_of_birth) == (2011, dt.date(2011, 3, 4))


KEPT = {"last_name": "Jansen-de Boer", "phone": "06-12345678", "birth_year": "1980"}


def assert_kept(html: str, world: World) -> None:
    assert 'value="Jansen-de Boer"' in html
    assert 'value="06-12345678"' in html
    assert 'value="1980"' in html
    assert f'<option value="{world.municipality_a.pk}" selected>' in html
    assert 'name="consent" class="checkboxinput form-check-input" checked' in html or (
        'checked' in html.split('name="consent"')[1].split(">")[0]
    )


def test_without_a_first_name_or_nickname_the_form_says_so_in_dutch_and_keeps_everything(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = post_newcomer(client_for("coach"), world, **KEPT)
    html = html_of(response)
    assert response.status_code == 200 and not response.redirect_chain
    assert "Vul een voornaam of een roepnaam in." in html
    assert_kept(html, world)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "nickname", "last_name"])
def test_a_300_character_name_is_refused_and_everything_is_kept(
    world: World, client_for: Callable[[str], Client], field: str
) -> None:
    fields = {**KEPT, "first_name": "Sjoerd", field: "Abcdefghij" * 30}
    html = html_of(post_newcomer(client_for("coach"), world, **fields))
    assert "Zorg dat deze waarde niet meer dan 100 tekens bevat (het zijn er nu 300)." in html
    assert 'value="' + "Abcdefghij" * 30 + '"' in html
    if field != "last_name":
        assert_kept(html, world)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("name", ["Zoë 🌻", "👩‍🔧 Fenna", "Ŝarlota", "李雷"])
def test_emoji_and_other_scripts_in_a_name_are_stored_intact(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    response = post_newcomer(client_for("coach"), world, first_name=name)
    assert f"{name} is ingeschreven en aangemeld." in html_of(response)
    assert Participant.objects.get().first_name == name


def test_spaces_only_are_not_a_name(world: World, client_for: Callable[[str], Client]) -> None:
    html = html_of(post_newcomer(client_for("coach"), world, first_name="   ", nickname="\t"))
    assert "Vul een voornaam of een roepnaam in." in html
    assert not Participant.objects.exists()


def test_a_birth_year_in_the_future_is_refused_in_dutch_and_everything_is_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    html = html_of(post_newcomer(
        client_for("coach"), world, first_name="Piet", last_name="Jansen-de Boer", phone="06-12345678",
        birth_year=TODAY.year + 1,
    ))
    assert "Het geboortejaar kan niet in de toekomst liggen." in html
    assert 'value="Piet"' in html and f'value="{TODAY.year + 1}"' in html and 'value="06-12345678"' in html
    assert not Participant.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(world: World, client_for: Callable[[str], Client]) -> None:
    html = html_of(post_newcomer(client_for("coach"), world, first_name="Piet",
                                 date_of_birth=(TODAY + dt.timedelta(days=1)).isoformat()))
    assert "De geboortedatum kan niet in de toekomst liggen." in html
    assert not Participant.objects.exists()


@pytest.mark.parametrize(("fields", "message"), [
    ({"birth_year": "1850"}, "Zorg ervoor dat deze waarde minstens 1900 is."),
    ({"date_of_birth": "1850-01-01"}, "De geboortedatum kan niet voor 1900 liggen."),
    ({"birth_year": "1980", "date_of_birth": "1981-01-01"},
     "Het geboortejaar past niet bij de geboortedatum."),
])
def test_an_impossible_birth_year_or_date_gets_a_message_not_an_error_page(
    world: World, client_for: Callable[[str], Client], fields: dict[str, str], message: str
) -> None:
    response = post_newcomer(client_for("coach"), world, first_name="Piet", **fields)
    assert response.status_code == 200
    assert message in html_of(response)
    assert not Participant.objects.exists()


def test_without_consent_nothing_is_saved_and_the_form_explains_anonymous_counting(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = post_newcomer(client_for("coach"), world, first_name="Piet", consent="", **KEPT)
    html = html_of(response)
    assert "Zonder toestemming leggen we niets vast. Tel de bezoeker dan als anonieme " in html
    assert 'value="Piet"' in html and 'value="Jansen-de Boer"' in html
    assert not Participant.objects.exists() and not Visit.objects.filter(date=TODAY).exists()


def test_without_a_gemeente_the_form_asks_for_it(world: World, client_for: Callable[[str], Client]) -> None:
    html = html_of(post_newcomer(client_for("coach"), world, first_name="Piet", municipality=""))
    assert "Dit veld is verplicht." in html
    assert not Participant.objects.exists()


# --- possible duplicates ---------------------------------------------------------------------


def test_a_similar_name_with_the_same_birth_year_is_shown_before_saving(
    world: World, client_for: Callable[[str], Client]
) -> None:
    known = regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979,
                    municipality=world.municipality_b)
    client = client_for("coach")
    html = html_of(post_newcomer(client, world, first_name="Anechien", birth_year=1979))
    assert "Kennen we deze persoon al?" in html
    assert "Dit is Annechien B.: aanmelden" in html
    assert f'name="participant" value="{known.pk}"' in html
    assert "Nee, opslaan als iemand nieuw en aanmelden" in html
    assert 'name="confirm_new" value="True"' in html or 'name="confirm_new" value="on"' in html
    assert 'value="Anechien"' in html and 'value="1979"' in html  # what was typed is kept
    assert Participant.objects.count() == 1


def test_a_similar_name_in_the_same_gemeente_is_shown_before_saving(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Zoë", last_name="de Vries", birth_year=2001)
    html = html_of(post_newcomer(client_for("coach"), world, first_name="Zoe"))
    assert "Dit is Zoë d.: aanmelden" in html


def test_a_similar_name_with_another_birth_year_and_gemeente_is_not_a_duplicate(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", birth_year=1979, municipality=world.municipality_b)
    html = html_of(post_newcomer(client_for("coach"), world, first_name="Annechien", birth_year=1995))
    assert "Annechien is ingeschreven en aangemeld." in html
    assert Participant.objects.count() == 2


def test_picking_the_existing_person_checks_them_in_instead(
    world: World, client_for: Callable[[str], Client]
) -> None:
    known = regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    client = client_for("coach")
    html = html_of(post_newcomer(client, world, first_name="Anechien", birth_year=1979))
    key = html.split(f'name="participant" value="{known.pk}"')[1].split('name="request_key" value="')[1][:36]
    response = client.post(
        board_url(world.location, "check_in"),
        {"participant": known.pk, "request_key": key, "activity": world.activity.pk},
        follow=True,
    )
    assert "Annechien B. is aangemeld." in html_of(response)
    assert Participant.objects.count() == 1
    assert Visit.objects.filter(participant=known, date=TODAY).exists()


def test_confirming_a_new_person_despite_the_duplicates_saves_them(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    client = client_for("coach")
    key = str(uuid.uuid4())
    post_newcomer(client, world, first_name="Anechien", birth_year=1979, request_key=key)
    response = post_newcomer(client, world, first_name="Anechien", birth_year=1979, request_key=key,
                             confirm_new="True")
    assert "Anechien is ingeschreven en aangemeld. Welkom!" in html_of(response)
    assert Participant.objects.count() == 2


def test_duplicates_show_only_people_the_user_may_see(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Need to know: the duplicate hint is no back door to people of another location."""
    regular(world, first_name="Gerrit", last_name="Tuinman", birth_year=1960,
            location=LocationFactory(name="De Moestuin"))
    html = html_of(post_newcomer(client_for("volunteer"), world, first_name="Gerrit", birth_year=1960))
    assert "Gerrit T." not in html
    assert "Gerrit is ingeschreven en aangemeld." in html


def test_a_volunteer_sees_duplicates_without_their_year_of_birth(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    html = html_of(post_newcomer(client_for("volunteer"), world, first_name="Anechien"))
    assert "Dit is Annechien B.: aanmelden" in html
    assert "(1979)" not in html


def test_a_coordinator_sees_duplicates_from_every_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Gerrit", last_name="Tuinman", birth_year=1960,
            location=LocationFactory(name="De Moestuin"))
    html = html_of(post_newcomer(client_for("coordinator"), world, first_name="Gerrit", birth_year=1960))
    assert "Dit is Gerrit T.: aanmelden" in html


# --- double submit --------------------------------------------------------------------------


def test_a_double_submit_of_the_final_form_registers_one_person_with_one_visit(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coach")
    key = str(uuid.uuid4())
    post_newcomer(client, world, first_name="Sjoerd", request_key=key)
    again = post_newcomer(client, world, first_name="Sjoerd", request_key=key)
    assert "Sjoerd was al ingeschreven met dit formulier." in html_of(again)
    assert Participant.objects.filter(first_name="Sjoerd").count() == 1
    assert Visit.objects.filter(participant__first_name="Sjoerd").count() == 1
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE).count() == 1


def test_each_blank_form_gets_a_fresh_request_key(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coach")

    def key() -> str:
        html = client.get(board_url(world.location, "newcomer")).content.decode()
        return html.split('name="request_key"')[1].split('value="')[1][:36]

    assert key() != key()


def test_the_service_is_idempotent_per_request_key(world: World) -> None:
    key = uuid.uuid4()
    details = NewcomerDetails(municipality=world.municipality_a, first_name="Sjoerd")
    target = CheckInTarget(location=world.location, date=TODAY, dagdeel="morning")
    first = participant_register(details=details, registered_by=world.users["coach"], check_in=target,
                                 request_key=key)
    again = participant_register(details=details, registered_by=world.users["coach"], check_in=target,
                                 request_key=key)
    assert (first.created, again.created) == (True, False)
    assert again.participant.pk == first.participant.pk
    assert first.check_in is not None and first.check_in.created
    assert Participant.objects.count() == 1 and Visit.objects.count() == 1


def test_the_service_records_the_referral_in_only_when_asked(world: World) -> None:
    quiet = participant_register(
        details=NewcomerDetails(municipality=world.municipality_a, first_name="Sjoerd"),
        registered_by=world.users["coach"],
    )
    assert not quiet.participant.referrals.exists() and not quiet.participant.visits.exists()
    told = participant_register(
        details=NewcomerDetails(municipality=MunicipalityFactory(name="Gemeente Ceedorp"), nickname="Kikker",
                                referral_source="wijkteam"),
        registered_by=world.users["coach"],
    )
    referral = told.participant.referrals.get()
    assert (referral.direction, referral.partner, referral.referred_on) == ("in", "wijkteam", TODAY)


def test_the_newcomer_page_of_another_location_is_not_found(
    world: World, client_for: Callable[[str], Client]
) -> None:
    garden = LocationFactory(name="De Moestuin")
    url = reverse("intake:newcomer", args=[garden.pk, TODAY.isoformat(), "morning"])
    assert client_for("coach").get(url).status_code == 404


def test_the_two_required_fields_and_consent_are_all_a_post_needs(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """The indicatie is never required: left out, it is 'zonder indicatie'."""
    response = client_for("coach").post(
        board_url(world.location, "newcomer"),
        {"first_name": "Sjoerd", "municipality": world.municipality_a.pk, "consent": "on",
         "request_key": str(uuid.uuid4())},
        follow=True,
    )
    assert "Sjoerd is ingeschreven en aangemeld. Welkom!" in html_of(response)
    sjoerd = Participant.objects.get(first_name="Sjoerd")
    assert sjoerd.indicatie_category == "none"
    assert sjoerd.visits.get().indicatie_category == "none"


def test_names_with_markup_are_shown_as_text(world: World, client_for: Callable[[str], Client]) -> None:
    post_newcomer(client_for("coach"), world, first_name="<b>Bo</b>", last_name="<i>x</i>")
    html = client_for("coach").get(board_url(world.location)).content.decode()
    assert "&lt;b&gt;Bo&lt;/b&gt; &lt;." in html
    assert "<b>Bo</b>" not in html
