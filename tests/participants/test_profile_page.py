"""The participant page: header, attendance in positive terms, talents, goals, ladders, the
handover note, links to the conversation and progress pages — and an empty record still works."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from participants.constants import Dagdeel
from participants.models import LifeDomain, Participant
from participants.services import (
    coach_assign,
    conversation_add,
    goal_create,
    goal_status_set,
    goal_step_complete,
    ladder_record,
    talent_profile_update,
)
from tests.factories import ActivityFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.participants.profile_data import regular, today
from tests.personas import World

NEGATIVE_WORDING = ("niet gekomen", "gemist", "no-show", "afwezig", "niet geweest", "verzuim")


def page(client: Client, person: Participant, **params: object) -> str:
    response = client.get(reverse("participants:detail", args=[person.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_shows_name_age_gemeente_status_and_since_when(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, nickname="Annie", date_of_birth=dt.date(1990, 1, 1), birth_year=1990)
    person.fixed_coach = world.users["coach"]
    person.save()
    html = page(client_for("coordinator"), person)
    h1 = re.search(r"<h1.*?</h1>", html, re.S)
    assert h1 and "Annie" in h1.group() and "(Annechien Bakker)" in h1.group()
    age = today().year - 1990 - ((today().month, today().day) < (1, 1))
    assert f"{age} jaar" in html
    assert "Gemeente Aadorp" in html
    assert "Nieuw" in html and "sinds" in html
    assert world.users["coach"].display_name in html


def test_with_only_a_birth_year_the_page_says_so(world: World, client_for: Callable[[str], Client]) -> None:
    html = page(client_for("coach"), regular(world, birth_year=1985))
    assert "geboren in 1985" in html


def test_attendance_is_told_in_positive_terms_with_a_chart_and_a_table(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)  # one visit a week ago
    for days in (1, 2, 3):
        VisitFactory(
            participant=person,
            location=world.location,
            activity=world.activity,
            date=today() - dt.timedelta(days=days),
        )
    VisitFactory(participant=person, location=world.location, date=today() - dt.timedelta(days=400))
    html = page(client_for("coach"), person)
    assert "4 keer gekomen in de laatste 6 maanden" in html
    assert "In totaal 5 keer gekomen" in html
    assert "<svg" in html and "<title" in html
    chart = html[html.index("<svg") : html.index("</figure>")]
    assert '<table class="visually-hidden">' in chart and "<caption>" in chart
    assert chart.count('<th scope="row">') == 6  # one row per month
    lowered = html.lower()
    for word in NEGATIVE_WORDING:
        assert word not in lowered


def test_three_out_of_ten_is_three_times_came_and_the_status_stays(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = ParticipantFactory(first_name="Femke", municipality=world.municipality_a, status="active")
    for week in range(3):
        VisitFactory(participant=person, location=world.location, date=today() - dt.timedelta(weeks=week * 3))
    html = page(client_for("coordinator"), person)
    assert "3 keer gekomen" in html
    assert "Actief" in html
    for word in NEGATIVE_WORDING:
        assert word not in html.lower()
    person.refresh_from_db()
    assert person.status == "active"


def test_no_visits_yet_is_said_without_blame(world: World, client_for: Callable[[str], Client]) -> None:
    person = ParticipantFactory(
        first_name="Sem", municipality=world.municipality_a, fixed_coach=world.users["coach"]
    )
    html = page(client_for("coach"), person)
    assert "De laatste 6 maanden nog geen bezoeken vastgelegd." in html
    for word in NEGATIVE_WORDING:
        assert word not in html.lower()


def test_regular_activities_and_dagdelen_come_from_the_last_twelve_weeks_with_counts(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = ParticipantFactory(first_name="Ilse", municipality=world.municipality_a)
    garden = ActivityFactory(name="Tuinieren")
    last_tuesday = today() - dt.timedelta(days=(today().weekday() - 1) % 7 or 7)
    for week in range(4):
        VisitFactory(
            participant=person,
            location=world.location,
            activity=world.activity,
            date=last_tuesday - dt.timedelta(weeks=week),
            dagdeel=Dagdeel.MORNING,
        )
    VisitFactory(
        participant=person,
        location=world.location,
        activity=garden,
        date=last_tuesday - dt.timedelta(days=1),
        dagdeel=Dagdeel.AFTERNOON,
    )
    for week in range(20, 26):  # long ago: not "regular" any more
        VisitFactory(
            participant=person,
            location=world.location,
            activity=ActivityFactory(name="Koken"),
            date=today() - dt.timedelta(weeks=week),
        )
    html = page(client_for("coach"), person)
    assert "Houtwerk (4 keer)" in html
    assert "Tuinieren (1 keer)" in html
    assert "Koken (" not in html
    assert "dinsdagochtend (4 keer)" in html
    assert "maandagmiddag (1 keer)" in html


def test_the_talent_profile_shows_the_newest_version_and_tags_from_conversations(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coach = world.users["coach"]
    talent_profile_update(
        participant=person, talents=["Zagen"], interests=[], learning_wishes="", roles="", recorded_by=coach
    )
    talent_profile_update(
        participant=person,
        talents=["Schuren"],
        interests=["Fietsen"],
        learning_wishes="Lassen",
        roles="Helpt in het eetcafé",
        recorded_by=coach,
    )
    conversation_add(
        participant=person, recorded_by=coach, talents=["Schuren", "Koken"], interests=["Muziek"]
    )
    html = page(client_for("coach"), person)
    section = html[html.index('id="profile-heading"') : html.index('id="ladders-heading"')]
    assert "Schuren" in section and "Fietsen" in section and "Lassen" in section
    assert "Helpt in het eetcafé" in section
    assert "Zagen" not in section  # an older version is history, not the current profile
    assert "Ook genoemd in gesprekken" in section
    assert "Koken" in section and "Muziek" in section


def test_active_goals_show_their_open_steps_only(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    coach = world.users["coach"]
    domain = LifeDomain.objects.order_by("order").first()
    assert domain is not None
    goal = goal_create(
        participant=person,
        life_domain=domain,
        description="Een klein baantje vinden",
        created_by=coach,
        steps=["Cv maken", "Vacatures bekijken"],
    )
    goal_step_complete(step=goal.steps.get(description="Cv maken"), done_on=None, completed_by=coach)
    done = goal_create(participant=person, life_domain=domain, description="Fietsen leren", created_by=coach)
    goal_status_set(goal=done, status="achieved", note="", changed_by=coach)
    html = page(client_for("coach"), person)
    goals = html[html.index('id="goals-heading"') : html.index('id="timeline-heading"')]
    assert "Een klein baantje vinden" in goals
    assert "Vacatures bekijken" in goals and "Cv maken" not in goals
    active = goals[: goals.index("Eerdere doelen")]
    assert "Fietsen leren" not in active
    earlier = goals[goals.index("Eerdere doelen") :]
    assert "Fietsen leren" in earlier and "Bereikt" in earlier
    assert reverse("participants:goal_detail", args=[person.pk, done.pk]) in earlier
    assert (
        reverse(
            "participants:goal_step_complete",
            args=[person.pk, goal.pk, goal.steps.get(description="Vacatures bekijken").pk],
        )
        in goals
    )
    assert 'name="terug" value="deelnemer"' in goals


def test_the_latest_position_on_each_ladder_is_shown(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coach = world.users["coach"]
    for value, days in ((2, 30), (4, 20), (3, 10)):  # a step back is just recorded
        ladder_record(
            participant=person,
            ladder="participation",
            value=value,
            recorded_on=today() - dt.timedelta(days=days),
            recorded_by=coach,
        )
    ladder_record(participant=person, ladder="talent", value=2, recorded_on=today(), recorded_by=coach)
    html = page(client_for("coach"), person)
    ladders = html[html.index('id="ladders-heading"') : html.index('id="volunteer-heading"')]
    assert "Participatieladder: <strong>3 Deelname aan georganiseerde activiteiten</strong>" in ladders
    assert "Talentenladder: <strong>Assistent</strong>" in ladders
    assert "Onbetaald werk" not in ladders


def test_the_handover_note_is_shown_to_the_next_coach_only(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach, coordinator = world.users["coach"], world.users["coordinator"]
    person = regular(world)
    previous = UserFactory(username="vorige")
    coach_assign(participant=person, coach=previous, note="", assigned_by=coordinator)
    coach_assign(
        participant=person, coach=coach, note="Houdt van rust; bel eerst even.", assigned_by=coordinator
    )
    assert (
        "Houdt van rust; bel eerst even."
        in page(client_for("coach"), person).split('id="timeline-heading"')[0]
    )
    header = page(client_for("coordinator"), person).split('id="timeline-heading"')[0]
    assert "Overdrachtsnotitie" not in header


def test_an_empty_record_still_shows_every_section(world: World, client_for: Callable[[str], Client]) -> None:
    person = ParticipantFactory(
        first_name="",
        nickname="Sjors",
        last_name="",
        birth_year=None,
        municipality=world.municipality_a,
        registered_by=world.users["coach"],
    )
    html = page(client_for("coach"), person)
    for text in (
        "Sjors",
        "Nog geen talentprofiel.",
        "Geen actieve doelen.",
        "Nog geen ladderstappen vastgelegd.",
        "Nog niets op de tijdlijn.",
        "Gevoelige gegevens",
    ):
        assert text in html, text


def test_the_page_links_to_recording_a_conversation_and_the_progress_pages(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, status="outflowed")
    html = page(client_for("coordinator"), person)
    assert reverse("intake:kennismaking", args=[person.pk]) in html and "Gesprek vastleggen" in html
    for name in ("goal_create", "ladder_record", "contact_create", "access_history"):
        assert reverse(f"participants:{name}", args=[person.pk]) in html, name
    assert "Teruggekomen: weer actief maken" in html
    coach_html = page(client_for("coach"), person)
    assert reverse("participants:access_history", args=[person.pk]) not in coach_html


def test_the_board_links_a_coach_to_the_participant_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    VisitFactory(participant=person, location=world.location, date=today(), dagdeel=Dagdeel.MORNING)
    board = reverse("intake:board", args=[world.location.pk, today().isoformat(), Dagdeel.MORNING])
    assert reverse("participants:detail", args=[person.pk]) in client_for("coach").get(board).content.decode()
    assert reverse("participants:detail", args=[person.pk]) not in (
        client_for("volunteer").get(board).content.decode()
    )
