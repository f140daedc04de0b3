"""The door (issue 3): services, views per persona, access logging and query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction, ConsentGiver, ConsentPurpose
from participants.models import AccessLogEntry, AnonymousVisitCount, Conversation, Participant, Tag, Visit
from participants.services import (
    AlreadyCheckedIn,
    anonymous_count_adjust,
    consent_record,
    visit_check_in,
)
from tests.factories import LocationFactory, ParticipantFactory, VisitFactory
from tests.personas import PERSONAS, World

FRIDAY_MORNING = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def board_url(world: World, name: str = "board", day: dt.date | None = None, dagdeel: str = "morning") -> str:
    day = day or timezone.localdate()
    return reverse(f"intake:{name}", args=[world.location.pk, day.isoformat(), dagdeel])


def regular(
    world: World, first_name: str = "Annechien", last_name: str = "Bakker", **kwargs: object
) -> Participant:
    """A participant the coach and volunteer may see: they visited the persona's location."""
    person = ParticipantFactory(
        first_name=first_name,
        last_name=last_name,
        municipality=world.municipality_a,
        usual_activity=world.activity,
        **kwargs,
    )
    VisitFactory(
        participant=person,
        location=world.location,
        activity=world.activity,
        date=timezone.localdate() - dt.timedelta(days=7),
    )
    return person


# --- services -------------------------------------------------------------------------------


def test_check_in_is_idempotent_per_request_key(world: World) -> None:
    person = regular(world)
    key = uuid.uuid4()
    args = {
        "participant": person,
        "location": world.location,
        "activity": world.activity,
        "date": timezone.localdate(),
        "dagdeel": "morning",
        "checked_in_by": world.users["coach"],
    }
    first = visit_check_in(**args, request_key=key)
    retry = visit_check_in(**args, request_key=key)
    assert first.created and not retry.created
    assert retry.visit.pk == first.visit.pk
    assert Visit.objects.filter(participant=person, date=timezone.localdate()).count() == 1


def test_a_second_check_in_for_the_same_dagdeel_is_refused(world: World) -> None:
    person = regular(world)
    args = {
        "participant": person,
        "location": world.location,
        "activity": None,
        "date": timezone.localdate(),
        "dagdeel": "morning",
        "checked_in_by": world.users["coach"],
    }
    visit_check_in(**args, request_key=uuid.uuid4())
    with pytest.raises(AlreadyCheckedIn):
        visit_check_in(**args, request_key=uuid.uuid4())


def test_a_visit_snapshots_gemeente_and_indicatie(world: World) -> None:
    person = regular(world, indicatie_category="wmo")
    visit = visit_check_in(
        participant=person,
        location=world.location,
        activity=None,
        date=timezone.localdate(),
        dagdeel="afternoon",
        checked_in_by=world.users["coach"],
    ).visit
    person.municipality = world.municipality_b
    person.indicatie_category = "none"
    person.save()
    visit.refresh_from_db()
    assert (visit.municipality, visit.indicatie_category) == (world.municipality_a, "wmo")


@pytest.mark.parametrize(("days_back", "allowed"), [(-1, False), (0, True), (14, True), (15, False)])
def test_visits_are_logged_up_to_14_days_back_and_never_in_the_future(
    world: World, days_back: int, allowed: bool
) -> None:
    person = regular(world)
    day = timezone.localdate() - dt.timedelta(days=days_back)
    check_in = lambda: visit_check_in(  # noqa: E731
        participant=person,
        location=world.location,
        activity=None,
        date=day,
        dagdeel="evening",
        checked_in_by=world.users["coach"],
    )
    if allowed:
        assert check_in().created
    else:
        with pytest.raises(ValidationError):
            check_in()


def test_anonymous_counter_never_goes_below_zero(world: World) -> None:
    today = timezone.localdate()
    coach = world.users["coach"]
    assert (
        anonymous_count_adjust(location=world.location, date=today, dagdeel="morning", delta=-1, user=coach)
        == 0
    )
    assert (
        anonymous_count_adjust(location=world.location, date=today, dagdeel="morning", delta=1, user=coach)
        == 1
    )
    assert (
        anonymous_count_adjust(location=world.location, date=today, dagdeel="morning", delta=1, user=coach)
        == 2
    )
    assert AnonymousVisitCount.objects.get().count == 2


@time_machine.travel(FRIDAY_MORNING)
def test_sensitive_consent_needs_a_known_age(world: World) -> None:
    person = regular(world, birth_year=None)
    with pytest.raises(ValidationError, match="geboortejaar"):
        consent_record(
            participant=person,
            purpose=ConsentPurpose.SENSITIVE,
            text_version="t",
            recorded_by=world.users["coach"],
        )


@time_machine.travel(FRIDAY_MORNING)
def test_under_16_sensitive_consent_needs_a_parent_or_guardian(world: World) -> None:
    person = regular(world, birth_year=2011)  # 14 or 15 on 20 November 2026
    with pytest.raises(ValidationError, match="ouder of voogd"):
        consent_record(
            participant=person,
            purpose=ConsentPurpose.SENSITIVE,
            text_version="t",
            recorded_by=world.users["coach"],
        )
    consent = consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coach"],
        given_by=ConsentGiver.GUARDIAN,
        guardian_name="M. de Groot",
    )
    assert consent.guardian_name == "M. de Groot"


@time_machine.travel(FRIDAY_MORNING)
def test_an_adult_gives_sensitive_consent_themselves(world: World) -> None:
    person = regular(world, birth_year=1980)
    consent = consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coach"],
    )
    assert consent.given_by == ConsentGiver.PARTICIPANT


# --- search ---------------------------------------------------------------------------------


def search(client: Client, world: World, query: str) -> str:
    response = client.get(board_url(world, "search"), {"q": query}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Annechien", "Anechien"),
        ("Zoë", "Zoe"),
        ("Annechien", "ann"),
        ("Femke", "femek"),
    ],
)
def test_search_tolerates_typos_and_accents(
    world: World, client_for: Callable[[str], Client], stored: str, typed: str
) -> None:
    regular(world, first_name=stored, last_name="Bakker")
    assert f"{stored} B." in search(client_for("coach"), world, typed)


def test_search_finds_by_nickname_and_last_name(world: World, client_for: Callable[[str], Client]) -> None:
    regular(world, first_name="Johannes", last_name="Wolters", nickname="Hans")
    client = client_for("coach")
    assert "Hans W." in search(client, world, "Hans")
    assert "Hans W." in search(client, world, "Wolters")


def test_search_shows_just_enough_to_tell_people_apart(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    coach_html = search(client_for("coach"), world, "Annechien")
    volunteer_html = search(client_for("volunteer"), world, "Annechien")
    assert "Annechien B." in coach_html and "1979" in coach_html
    assert "Bakker" not in coach_html
    assert "Annechien B." in volunteer_html and "1979" not in volunteer_html


def test_a_coach_does_not_find_someone_who_only_visits_another_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = LocationFactory(name="De Tuin")
    person = ParticipantFactory(first_name="Gerrit", last_name="Tuinman", municipality=world.municipality_a)
    VisitFactory(participant=person, location=elsewhere, date=timezone.localdate() - dt.timedelta(days=3))
    assert "Gerrit T." not in search(client_for("coach"), world, "Gerrit")
    assert "Gerrit T." in search(client_for("coordinator"), world, "Gerrit")


def test_a_search_is_logged_once_without_the_term(world: World, client_for: Callable[[str], Client]) -> None:
    regular(world)
    before = AccessLogEntry.objects.count()
    search(client_for("coach"), world, "Annechien")
    rows = list(AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before])
    assert [row.action for row in rows] == [AccessAction.SEARCH]
    for row in AccessLogEntry.objects.values():
        assert not any("Annechien" in str(value) for value in row.values())


# --- views ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_board(world: World, client_for: Callable[[str], Client], persona: str) -> None:
    response = client_for(persona).get(board_url(world))
    expected = {"anonymous": 302, "no_role": 403, "officer_a": 403, "officer_b": 403}.get(persona, 200)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["volunteer", "officer_a", "no_role"])
def test_volunteers_and_officers_cannot_open_notes_or_consent(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = regular(world)
    client = client_for(persona)
    assert client.get(reverse("intake:kennismaking", args=[person.pk])).status_code == 403
    assert client.get(reverse("intake:sensitive_consent", args=[person.pk])).status_code == 403


def test_a_coach_cannot_open_the_board_of_a_location_they_do_not_work_at(
    world: World, client_for: Callable[[str], Client]
) -> None:
    other = LocationFactory(name="De Tuin")
    url = reverse("intake:board", args=[other.pk, timezone.localdate().isoformat(), "morning"])
    assert client_for("coach").get(url).status_code == 404
    assert client_for("coordinator").get(url).status_code == 200


def test_the_board_refuses_a_future_day(world: World, client_for: Callable[[str], Client]) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert client_for("coach").get(board_url(world, day=tomorrow)).status_code == 404


def test_check_in_through_the_board_is_idempotent_and_refuses_a_second_time(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    data = {"participant": person.pk, "activity": world.activity.pk, "request_key": str(uuid.uuid4())}
    client.post(board_url(world, "check_in"), data)
    client.post(board_url(world, "check_in"), data)  # a double tap / retry
    assert Visit.objects.filter(participant=person, date=timezone.localdate()).count() == 1
    again = client.post(board_url(world, "check_in"), {**data, "request_key": str(uuid.uuid4())}, follow=True)
    assert "Annechien B. is al aangemeld voor dit dagdeel." in again.content.decode()
    visit = Visit.objects.get(participant=person, date=timezone.localdate())
    assert visit.activity == world.activity and visit.checked_in_by == world.users["coach"]


def test_undo_removes_a_mistaken_check_in(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    visit = VisitFactory(participant=person, location=world.location, date=timezone.localdate())
    response = client_for("volunteer").post(reverse("intake:undo", args=[visit.pk]), follow=True)
    assert "De aanmelding van Annechien B. is ongedaan gemaakt." in response.content.decode()
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.DELETE, participant_pseudonym=person.pseudonym
        ).count()
        == 1
    )


def test_the_paper_list_records_ticked_regulars_once(
    world: World, client_for: Callable[[str], Client]
) -> None:
    ann, zoe = regular(world), regular(world, first_name="Zoë", last_name="de Vries")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    VisitFactory(participant=ann, location=world.location, date=yesterday, dagdeel="morning")
    client = client_for("coach")
    page = client.get(board_url(world, "paper_list", day=yesterday)).content.decode()
    assert "Annechien B." in page and "al aangemeld" in page
    response = client.post(
        board_url(world, "paper_list", day=yesterday), {"present": [ann.pk, zoe.pk]}, follow=True
    )
    assert "1 bezoek vastgelegd." in response.content.decode()
    assert Visit.objects.filter(date=yesterday, dagdeel="morning").count() == 2


def test_the_anonymous_counter_updates_through_htmx(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("volunteer")
    response = client.post(board_url(world, "anonymous"), {"delta": "1"}, HTTP_HX_REQUEST="true")
    assert "1 anonieme bezoeker" in response.content.decode()
    assert AnonymousVisitCount.objects.get().count == 1


# --- newcomers ------------------------------------------------------------------------------


def register(client: Client, world: World, **fields: object) -> str:
    data = {
        "municipality": world.municipality_a.pk,
        "indicatie_category": "none",
        "consent": "on",
        "request_key": str(uuid.uuid4()),
        **fields,
    }
    return client.post(board_url(world, "newcomer"), data, follow=True).content.decode()


def test_a_walk_in_needs_only_a_first_name_and_a_gemeente(
    world: World, client_for: Callable[[str], Client]
) -> None:
    html = register(client_for("volunteer"), world, first_name="Sjoerd")
    assert "Sjoerd is ingeschreven en aangemeld. Welkom!" in html
    sjoerd = Participant.objects.get(first_name="Sjoerd")
    assert sjoerd.indicatie_category == "none"
    assert sjoerd.consents.get().purpose == ConsentPurpose.RECORDING
    assert Visit.objects.filter(participant=sjoerd, date=timezone.localdate(), dagdeel="morning").exists()


def test_a_nickname_alone_is_enough(world: World, client_for: Callable[[str], Client]) -> None:
    register(client_for("coach"), world, nickname="Kikker 🐸")
    assert Participant.objects.get(nickname="Kikker 🐸").first_name == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"last_name": "Jansen"}, "Vul een voornaam of een roepnaam in."),
        ({"first_name": "A" * 300}, "Zorg dat deze waarde niet meer dan 100 tekens bevat"),
        (
            {"first_name": "Piet", "birth_year": timezone.localdate().year + 1},
            "Het geboortejaar kan niet in de toekomst liggen.",
        ),
        ({"first_name": "Piet", "consent": ""}, "Zonder toestemming leggen we niets vast."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(
    world: World, client_for: Callable[[str], Client], fields: dict[str, object], message: str
) -> None:
    html = register(client_for("coach"), world, phone="06-12345678", **fields)
    assert message in html
    assert 'value="06-12345678"' in html
    assert not Participant.objects.exists()


def test_possible_duplicates_are_shown_before_saving(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world, first_name="Annechien", last_name="Bakker", birth_year=1979)
    client = client_for("coach")
    html = register(client, world, first_name="Anechien", birth_year=1979)
    assert "Kennen we deze persoon al?" in html
    assert "Dit is Annechien B.: aanmelden" in html
    assert Participant.objects.count() == 1
    html = register(client, world, first_name="Anechien", birth_year=1979, confirm_new="on")
    assert "Anechien is ingeschreven en aangemeld." in html
    assert Participant.objects.count() == 2


# --- kennismaking and access log -----------------------------------------------------------


def test_a_kennismaking_is_saved_with_tags_and_listed(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    Tag.objects.create(name="Houtwerk", kind="talent")
    client = client_for("coach")
    url = reverse("intake:kennismaking", args=[person.pk])
    response = client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "talents": "houtwerk, luisteren",
            "wishes": "Een opleiding doen",
            "topics": ["meaning"],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Het gesprek is opgeslagen." in html and "Een opleiding doen" in html
    assert Tag.objects.filter(kind="talent").count() == 2  # "houtwerk" reused "Houtwerk"
    assert Conversation.objects.get().topics == ["meaning"]


def test_an_empty_or_future_conversation_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    url = reverse("intake:kennismaking", args=[person.pk])
    client = client_for("coach")
    empty = client.post(url, {"held_on": timezone.localdate().isoformat()}).content.decode()
    assert "Schrijf minstens één ding op uit het gesprek." in empty
    future = client.post(
        url, {"held_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(), "notes": "x"}
    ).content.decode()
    assert "Een gesprek kan niet in de toekomst liggen." in future
    assert not Conversation.objects.exists()


def test_opening_a_participant_writes_exactly_one_access_record(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client_for("coach").get(reverse("intake:kennismaking", args=[person.pk]))
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert [(r.action, r.actor_username, r.actor_role) for r in rows] == [
        (AccessAction.READ, "coach", "coach")
    ]


def test_the_board_writes_one_access_record_per_request(
    world: World, client_for: Callable[[str], Client]
) -> None:
    regular(world)
    client_for("coach").get(board_url(world))
    assert list(AccessLogEntry.objects.values_list("action", "participant_pseudonym")) == [
        (AccessAction.LIST, None)
    ]


# --- query counts ---------------------------------------------------------------------------


def _queries(client: Client, url: str, **extra: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["board", "search", "paper_list"])
def test_query_counts_do_not_grow_with_the_number_of_participants(
    world: World, client_for: Callable[[str], Client], page: str
) -> None:
    client = client_for("coach")
    url = board_url(world, page) + ("?q=Annechien" if page == "search" else "")
    today = timezone.localdate()

    def add(n: int) -> None:
        for i in range(n):
            person = regular(world, first_name="Annechien", last_name=f"Test{i}")
            VisitFactory(
                participant=person,
                location=world.location,
                date=today,
                dagdeel="morning",
                checked_in_by=world.users["coach"],
            )

    add(3)
    few = _queries(client, url, HTTP_HX_REQUEST="true")
    add(37)
    many = _queries(client, url, HTTP_HX_REQUEST="true")
    assert few == many


def test_a_double_submit_registers_one_person(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coach")
    key = str(uuid.uuid4())
    register(client, world, first_name="Sjoerd", request_key=key)
    again = register(client, world, first_name="Sjoerd", request_key=key)
    assert "Sjoerd was al ingeschreven met dit formulier." in again
    assert Participant.objects.filter(first_name="Sjoerd").count() == 1
    assert Visit.objects.filter(participant__first_name="Sjoerd").count() == 1


def test_how_they_came_is_recorded_as_the_referral_in(
    world: World, client_for: Callable[[str], Client]
) -> None:
    register(client_for("coach"), world, first_name="Sjoerd", referral_source="wijkteam")
    referral = Participant.objects.get(first_name="Sjoerd").referrals.get()
    assert (referral.direction, referral.partner) == ("in", "wijkteam")
