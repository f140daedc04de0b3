"""The board, check-in, undo, the paper list and the anonymous counter, per persona."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction
from participants.models import AccessLogEntry, AnonymousVisitCount, Visit
from tests.factories import ActivityFactory, LocationFactory, VisitFactory
from tests.intake.door import TODAY, board_url, check_in_data, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")

BOARD_PAGES = ("board", "search", "check_in", "paper_list", "anonymous", "newcomer")


def every_intake_url(world: World) -> list[str]:
    person = regular(world)
    visit = VisitFactory(participant=person, location=world.location, date=TODAY)
    return [
        reverse("intake:today"),
        *(board_url(world.location, name) for name in BOARD_PAGES),
        reverse("intake:undo", args=[visit.pk]),
        reverse("intake:kennismaking", args=[person.pk]),
        reverse("intake:sensitive_consent", args=[person.pk]),
    ]


def messages_of(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "no_role"])
def test_officers_and_users_without_a_role_get_403_on_every_intake_url(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)
    for url in every_intake_url(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert not AnonymousVisitCount.objects.exists()
    assert Visit.objects.count() == 2


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_intake_url(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("anonymous")
    login = reverse("login")
    for url in every_intake_url(world):
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, url
            assert response["Location"].startswith(f"{login}?next="), url


@pytest.mark.parametrize("persona", ["volunteer", "coach", "coordinator", "admin"])
def test_staff_at_the_door_open_the_board(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    response = client_for(persona).get(board_url(world.location))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De Werkplaats · Ochtend" in html
    assert "Iemand aanmelden" in html


def test_a_coach_cannot_open_the_board_of_a_location_they_are_not_assigned_to(
    world: World, client_for: Callable[[str], Client]
) -> None:
    garden = LocationFactory(name="De Moestuin")
    for name in BOARD_PAGES:
        url = board_url(garden, name)
        assert client_for("coach").get(url).status_code in (404, 405), url
        assert client_for("volunteer").get(url).status_code in (404, 405), url
    assert client_for("coach").get(board_url(garden)).status_code == 404
    assert client_for("coordinator").get(board_url(garden)).status_code == 200


def test_a_coach_cannot_check_in_or_undo_at_a_location_they_are_not_assigned_to(
    world: World, client_for: Callable[[str], Client]
) -> None:
    garden = LocationFactory(name="De Moestuin")
    person = regular(world)
    client = client_for("coach")
    assert client.post(board_url(garden, "check_in"), check_in_data(person)).status_code == 404
    elsewhere = VisitFactory(participant=person, location=garden, date=TODAY)
    assert client.post(reverse("intake:undo", args=[elsewhere.pk])).status_code == 404
    assert Visit.objects.filter(pk=elsewhere.pk).exists()
    assert client.post(board_url(garden, "anonymous"), {"delta": "1"}).status_code == 404
    assert not AnonymousVisitCount.objects.exists()


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (TODAY + dt.timedelta(days=1), 404),
        (TODAY - dt.timedelta(days=15), 404),
        (TODAY - dt.timedelta(days=14), 200),
        (TODAY, 200),
    ],
)
def test_the_board_opens_today_and_up_to_14_days_back_never_in_the_future(
    world: World, client_for: Callable[[str], Client], day: dt.date, status: int
) -> None:
    assert client_for("coach").get(board_url(world.location, day=day)).status_code == status


@pytest.mark.parametrize(("date", "dagdeel"), [("2026-13-01", "morning"), ("gisteren", "morning"),
                                               ("2026-11-20", "night")])
def test_a_nonsense_date_or_dagdeel_gives_404(
    world: World, client_for: Callable[[str], Client], date: str, dagdeel: str
) -> None:
    url = reverse("intake:board", args=[world.location.pk, date, dagdeel])
    assert client_for("coach").get(url).status_code == 404


def test_a_past_board_says_it_is_not_today(world: World, client_for: Callable[[str], Client]) -> None:
    html = client_for("coach").get(board_url(world.location, day=TODAY - dt.timedelta(days=2))).content
    assert "niet vandaag" in html.decode()


def test_choosing_another_day_on_the_board_redirects_to_that_board(
    world: World, client_for: Callable[[str], Client]
) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    response = client_for("coach").get(
        board_url(world.location), {"date": yesterday.isoformat(), "dagdeel": "afternoon"}
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(world.location, day=yesterday, dagdeel="afternoon")


def test_the_board_lists_who_is_here_with_activity_and_who_checked_them_in(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, first_name="Annechien", last_name="Bakker")
    VisitFactory(
        participant=person, location=world.location, date=TODAY, activity=world.activity,
        checked_in_by=world.users["volunteer"],
    )
    html = client_for("volunteer").get(board_url(world.location)).content.decode()
    assert "Annechien B." in html and "Bakker" not in html
    assert "Houtwerk" in html
    assert world.users["volunteer"].display_name in html
    assert "1 persoon aanwezig, capaciteit 20" in html


def test_an_empty_board_says_nobody_is_here_yet(world: World, client_for: Callable[[str], Client]) -> None:
    html = client_for("coach").get(board_url(world.location)).content.decode()
    assert "Er is nog niemand aangemeld voor dit dagdeel." in html


def test_a_volunteer_sees_no_link_to_participant_profiles_on_the_board(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    VisitFactory(participant=person, location=world.location, date=TODAY)
    profile = reverse("participants:detail", args=[person.pk])
    assert profile not in client_for("volunteer").get(board_url(world.location)).content.decode()
    assert profile in client_for("coach").get(board_url(world.location)).content.decode()


# --- check-in and undo ----------------------------------------------------------------------


def test_posting_the_same_check_in_twice_makes_one_visit_and_no_error(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    data = check_in_data(person, activity=world.activity.pk)
    first = client.post(board_url(world.location, "check_in"), data, follow=True)
    retry = client.post(board_url(world.location, "check_in"), data, follow=True)
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 1
    assert messages_of(first) == ["Annechien B. is aangemeld."]
    assert messages_of(retry) == ["Annechien B. is aangemeld."]


def test_a_second_check_in_for_the_same_dagdeel_is_refused_with_a_dutch_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    client.post(board_url(world.location, "check_in"), check_in_data(person), follow=True)
    again = client.post(board_url(world.location, "check_in"), check_in_data(person), follow=True)
    assert messages_of(again) == ["Annechien B. is al aangemeld voor dit dagdeel."]
    assert Visit.objects.filter(participant=person, date=TODAY).count() == 1


def test_two_people_checked_in_from_one_page_of_results_both_get_a_visit(
    world: World, client_for: Callable[[str], Client]
) -> None:
    ann, zoe = regular(world), regular(world, first_name="Zoë", last_name="de Vries")
    client = client_for("coach")
    key = str(uuid.uuid4())
    client.post(board_url(world.location, "check_in"), check_in_data(ann, request_key=key), follow=True)
    response = client.post(board_url(world.location, "check_in"), check_in_data(zoe, request_key=key),
                           follow=True)
    assert messages_of(response) == ["Zoë d. is aangemeld."]
    assert Visit.objects.filter(date=TODAY, participant=zoe).exists()


def test_the_activity_chosen_at_check_in_is_stored(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    cooking = ActivityFactory(name="Koken")
    client_for("coach").post(
        board_url(world.location, "check_in"), check_in_data(person, activity=cooking.pk)
    )
    assert Visit.objects.get(participant=person, date=TODAY).activity == cooking


def test_a_check_in_for_a_past_dagdeel_lands_on_that_day(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    day = TODAY - dt.timedelta(days=14)
    client_for("coach").post(board_url(world.location, "check_in", day=day, dagdeel="afternoon"),
                             check_in_data(person))
    visit = Visit.objects.get(participant=person, date=day)
    assert visit.dagdeel == "afternoon" and visit.location == world.location


@pytest.mark.parametrize("days_back", [-1, 15])
def test_a_check_in_on_a_future_day_or_too_long_ago_is_refused(
    world: World, client_for: Callable[[str], Client], days_back: int
) -> None:
    person = regular(world, days_ago=30)
    day = TODAY - dt.timedelta(days=days_back)
    response = client_for("coach").post(board_url(world.location, "check_in", day=day), check_in_data(person))
    assert response.status_code == 404
    assert Visit.objects.filter(participant=person).count() == 1


def test_a_check_in_without_a_valid_key_is_refused_with_a_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    response = client_for("coach").post(
        board_url(world.location, "check_in"), check_in_data(person, request_key="not-a-key"), follow=True
    )
    assert messages_of(response) == ["Aanmelden is niet gelukt: kies de persoon opnieuw."]
    assert not Visit.objects.filter(date=TODAY).exists()


def test_a_coach_cannot_check_in_someone_they_may_not_see(
    world: World, client_for: Callable[[str], Client]
) -> None:
    stranger = regular(world, first_name="Gerrit", location=LocationFactory(name="De Moestuin"))
    response = client_for("coach").post(board_url(world.location, "check_in"), check_in_data(stranger))
    assert response.status_code == 404
    assert not Visit.objects.filter(participant=stranger, date=TODAY).exists()


def test_check_in_is_post_only(world: World, client_for: Callable[[str], Client]) -> None:
    assert client_for("coach").get(board_url(world.location, "check_in")).status_code == 405


def test_a_volunteer_checks_someone_in_and_undoes_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("volunteer")
    client.post(board_url(world.location, "check_in"), check_in_data(person))
    visit = Visit.objects.get(participant=person, date=TODAY)
    assert visit.checked_in_by == world.users["volunteer"]
    board = client.get(board_url(world.location)).content.decode()
    assert reverse("intake:undo", args=[visit.pk]) in board
    response = client.post(reverse("intake:undo", args=[visit.pk]), follow=True)
    assert messages_of(response) == ["De aanmelding van Annechien B. is ongedaan gemaakt."]
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DELETE, participant_pseudonym=person.pseudonym, actor_username="volunteer"
    ).count() == 1


def test_undo_twice_is_a_404_the_second_time(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    visit = VisitFactory(participant=person, location=world.location, date=TODAY)
    client = client_for("coach")
    assert client.post(reverse("intake:undo", args=[visit.pk])).status_code == 302
    assert client.post(reverse("intake:undo", args=[visit.pk])).status_code == 404


def test_undo_of_a_visit_older_than_14_days_is_refused_with_a_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, days_ago=20)
    old = Visit.objects.get(participant=person)
    response = client_for("coach").post(reverse("intake:undo", args=[old.pk]))
    assert response.status_code == 302
    assert Visit.objects.filter(pk=old.pk).exists()


def test_undo_is_post_only(world: World, client_for: Callable[[str], Client]) -> None:
    visit = VisitFactory(participant=regular(world), location=world.location, date=TODAY)
    assert client_for("coach").get(reverse("intake:undo", args=[visit.pk])).status_code == 405
    assert Visit.objects.filter(pk=visit.pk).exists()


# --- paper list -----------------------------------------------------------------------------


def test_the_paper_list_records_ticked_regulars_and_skips_who_is_already_there(
    world: World, client_for: Callable[[str], Client]
) -> None:
    ann = regular(world)
    zoe = regular(world, first_name="Zoë", last_name="de Vries")
    piet = regular(world, first_name="Piet", last_name="Jansen")
    yesterday = TODAY - dt.timedelta(days=1)
    VisitFactory(participant=ann, location=world.location, date=yesterday, dagdeel="morning")
    client = client_for("coach")
    url = board_url(world.location, "paper_list", day=yesterday)
    page = client.get(url).content.decode()
    assert "Annechien B." in page and "al aangemeld" in page
    assert f'value="{ann.pk}" id="present-{ann.pk}" checked disabled' in page
    response = client.post(url, {"present": [ann.pk, zoe.pk, piet.pk]}, follow=True)
    assert messages_of(response) == ["2 bezoeken vastgelegd."]
    assert response.redirect_chain[-1][0] == board_url(world.location, day=yesterday)
    assert Visit.objects.filter(date=yesterday, dagdeel="morning").count() == 3
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE).count() == 2


def test_the_paper_list_says_one_visit_in_the_singular(
    world: World, client_for: Callable[[str], Client]
) -> None:
    zoe = regular(world, first_name="Zoë", last_name="de Vries")
    response = client_for("coach").post(
        board_url(world.location, "paper_list"), {"present": [zoe.pk]}, follow=True
    )
    assert messages_of(response) == ["1 bezoek vastgelegd."]


def test_the_paper_list_ignores_people_who_are_not_regulars_of_this_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    stranger = regular(world, first_name="Gerrit", location=LocationFactory(name="De Moestuin"))
    response = client_for("coach").post(
        board_url(world.location, "paper_list"), {"present": [stranger.pk, "abc"]}, follow=True
    )
    assert messages_of(response) == ["0 bezoeken vastgelegd."]
    assert not Visit.objects.filter(participant=stranger, date=TODAY).exists()


def test_the_paper_list_of_a_new_location_says_there_are_no_regulars(
    world: World, client_for: Callable[[str], Client]
) -> None:
    html = client_for("coach").get(board_url(world.location, "paper_list")).content.decode()
    assert "Deze locatie heeft nog geen vaste bezoekers." in html


# --- anonymous visitors ---------------------------------------------------------------------


def test_the_anonymous_counter_counts_up_and_down_through_htmx_never_below_zero(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("volunteer")
    url = board_url(world.location, "anonymous")

    def tap(delta: str) -> str:
        response = client.post(url, {"delta": delta}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.startswith('<div id="anonymous-counter"') and "<html" not in html
        return html

    assert "1 anonieme bezoeker" in tap("1")
    assert "2 anonieme bezoekers" in tap("1")
    assert "1 anonieme bezoeker" in tap("-1")
    assert "0 anonieme bezoekers" in tap("-1")
    html = tap("-1")
    assert "0 anonieme bezoekers" in html
    assert "disabled" in html  # the −1 button is off at zero
    assert AnonymousVisitCount.objects.get().count == 0


def test_the_anonymous_counter_without_htmx_redirects_to_the_board(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coach").post(board_url(world.location, "anonymous"), {"delta": "1"})
    assert response.status_code == 302 and response["Location"] == board_url(world.location)
    assert AnonymousVisitCount.objects.get().count == 1
    html = client_for("coach").get(board_url(world.location)).content.decode()
    assert "1 anonieme bezoeker" in html
    assert "1 persoon aanwezig" in html


@pytest.mark.parametrize("delta", ["5", "-7", "", "een"])
def test_the_anonymous_counter_accepts_only_plus_or_minus_one(
    world: World, client_for: Callable[[str], Client], delta: str
) -> None:
    client_for("coach").post(board_url(world.location, "anonymous"), {"delta": delta})
    assert AnonymousVisitCount.objects.filter(count__gt=0).count() == 0
