"""Goals with small steps: services, the goal page and its forms (issue 4, item 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction
from participants.models import AccessLogEntry, Goal, GoalEvent, LifeDomain, Participant
from participants.services import (
    goal_create,
    goal_reopen,
    goal_status_set,
    goal_step_complete,
    goal_step_drop,
    life_domain_save,
)
from tests.factories import LocationFactory, ParticipantFactory, VisitFactory
from tests.personas import World

TODAY = timezone.localdate


def regular(world: World, **kwargs: object) -> Participant:
    person = ParticipantFactory(municipality=world.municipality_a, **{"first_name": "Annechien", **kwargs})
    VisitFactory(participant=person, location=world.location, date=TODAY() - dt.timedelta(days=7))
    return person


def a_goal(person: Participant, world: World, steps: tuple[str, ...] = ("Open dag", "Aanmelden")) -> Goal:
    return goal_create(
        participant=person,
        life_domain=LifeDomain.objects.get(name="Leren"),
        description="Een opleiding",
        created_by=world.users["coach"],
        steps=steps,
    )


def kinds(goal: Goal) -> list[str]:
    return list(goal.events.order_by("id").values_list("kind", flat=True))


def test_a_new_goal_is_active_with_its_first_steps_and_a_created_event(world: World) -> None:
    goal = a_goal(regular(world), world)
    assert goal.status == "active"
    assert list(goal.steps.values_list("description", "status")) == [
        ("Open dag", "open"),
        ("Aanmelden", "open"),
    ]
    assert kinds(goal) == ["created"]


def test_a_goal_needs_an_active_life_domain(world: World) -> None:
    domain = LifeDomain.objects.get(name="Leren")
    life_domain_save(life_domain=domain, name=domain.name, order=domain.order, is_active=False)
    with pytest.raises(ValidationError):
        a_goal(regular(world), world)


def test_a_step_is_done_on_the_date_given_but_never_in_the_future(world: World) -> None:
    goal, coach = a_goal(regular(world), world), world.users["coach"]
    first, second = goal.steps.all()
    with pytest.raises(ValidationError):
        goal_step_complete(step=first, done_on=TODAY() + dt.timedelta(days=1), completed_by=coach)
    goal_step_complete(step=first, done_on=TODAY() - dt.timedelta(days=3), completed_by=coach)
    first.refresh_from_db()
    assert (first.status, first.done_on) == ("done", TODAY() - dt.timedelta(days=3))
    event = goal.events.get(kind="step_done")
    assert (event.happened_on, event.note) == (TODAY() - dt.timedelta(days=3), "Open dag")


def test_a_done_or_dropped_step_cannot_be_done_or_dropped_again(world: World) -> None:
    goal, coach = a_goal(regular(world), world), world.users["coach"]
    first, second = goal.steps.all()
    goal_step_complete(step=first, done_on=None, completed_by=coach)
    goal_step_drop(step=second, dropped_by=coach)
    with pytest.raises(ValidationError, match="al klaar"):
        goal_step_complete(step=first, done_on=None, completed_by=coach)
    with pytest.raises(ValidationError, match="vervallen"):
        goal_step_complete(step=second, done_on=None, completed_by=coach)
    with pytest.raises(ValidationError):
        goal_step_drop(step=second, dropped_by=coach)
    assert kinds(goal) == ["created", "step_done", "step_dropped"]


def test_a_closed_goal_is_reopened_and_an_active_one_cannot_be(world: World) -> None:
    goal, coach = a_goal(regular(world), world), world.users["coach"]
    with pytest.raises(ValidationError, match="al actief"):
        goal_reopen(goal=goal, note="", reopened_by=coach)
    goal_status_set(goal=goal, status="stopped", note="Even geen tijd", changed_by=coach)
    goal_reopen(goal=goal, note="Toch weer zin", reopened_by=coach)
    goal.refresh_from_db()
    assert goal.status == "active"
    reopened = goal.events.get(kind="reopened")
    assert (reopened.status, reopened.note) == ("active", "Toch weer zin")
    assert kinds(goal) == ["created", "status", "reopened"]


def test_every_status_is_a_dated_event(world: World) -> None:
    goal, coach = a_goal(regular(world), world), world.users["coach"]
    for status in ("achieved", "adjusted", "stopped"):
        goal_status_set(goal=goal, status=status, note="", changed_by=coach)
    with pytest.raises(ValidationError):
        goal_status_set(goal=goal, status="stopped", note="", changed_by=coach)
    assert list(goal.events.filter(kind="status").order_by("id").values_list("status", flat=True)) == [
        "achieved",
        "adjusted",
        "stopped",
    ]


def test_the_goal_page_shows_steps_and_history_and_logs_one_read(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal, coach = a_goal(person, world), world.users["coach"]
    goal_step_drop(step=goal.steps.last(), dropped_by=coach)  # type: ignore[arg-type]
    response = client_for("coach").get(reverse("participants:goal_detail", args=[person.pk, goal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een opleiding" in html and "Open dag" in html
    assert "Aanmelden (vervallen)" in html
    assert "Geschiedenis van dit doel" in html and "Stap vervallen" in html and "Doel gesteld" in html
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert [r.action for r in rows] == [AccessAction.READ]


def test_a_goal_of_someone_else_is_not_found(world: World, client_for: Callable[[str], Client]) -> None:
    person, other = regular(world), regular(world, first_name="Bram")
    goal = a_goal(other, world)
    url = reverse("participants:goal_detail", args=[person.pk, goal.pk])
    assert client_for("coach").get(url).status_code == 404


def test_a_coach_marks_a_step_done_on_a_date_and_returns_to_the_goal(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world)
    step = goal.steps.first()
    assert step is not None
    url = reverse("participants:goal_step_complete", args=[person.pk, goal.pk, step.pk])
    day = TODAY() - dt.timedelta(days=2)
    response = client_for("coach").post(url, {"done_on": day.isoformat()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("participants:goal_detail", args=[person.pk, goal.pk])
    assert "Stap gedaan: Open dag" in response.content.decode()
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("done", day)
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym).order_by("id")
    # The POST leaves one UPDATE row; the goal page it returns to leaves one READ row.
    assert [r.action for r in rows] == [AccessAction.UPDATE, AccessAction.READ]


def test_the_button_on_the_participant_page_marks_done_today_and_returns_there(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world)
    step = goal.steps.first()
    assert step is not None
    url = reverse("participants:goal_step_complete", args=[person.pk, goal.pk, step.pk])
    response = client_for("coach").post(url, {"terug": "deelnemer"})
    assert response["Location"] == reverse("participants:detail", args=[person.pk])
    step.refresh_from_db()
    assert step.done_on == TODAY()


def test_a_future_done_date_is_refused_and_keeps_the_typed_date(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world)
    step = goal.steps.first()
    assert step is not None
    future = (TODAY() + dt.timedelta(days=5)).isoformat()
    url = reverse("participants:goal_step_complete", args=[person.pk, goal.pk, step.pk])
    response = client_for("coach").post(url, {"done_on": future})
    html = response.content.decode()
    assert response.status_code == 200
    assert "De datum kan niet in de toekomst liggen." in html and future in html
    step.refresh_from_db()
    assert step.status == "open"
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert [r.action for r in rows] == [AccessAction.READ]


def test_a_coach_drops_a_step_adds_one_writes_a_note_and_closes_and_reopens_the_goal(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world, steps=("Open dag",))
    step = goal.steps.get()
    client = client_for("coach")
    args = [person.pk, goal.pk]
    client.post(reverse("participants:goal_step_drop", args=[*args, step.pk]))
    client.post(reverse("participants:goal_step_add", args=args), {"description": "Mail sturen"})
    client.post(reverse("participants:goal_note", args=args), {"note": "Gaat goed"})
    client.post(reverse("participants:goal_status", args=args), {"status": "achieved", "note": ""})
    response = client.post(
        reverse("participants:goal_reopen", args=args), {"note": "Nieuwe stap"}, follow=True
    )
    assert "Het doel is weer actief." in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "active"
    assert kinds(goal) == ["created", "step_dropped", "step_added", "note", "status", "reopened"]
    updates = AccessLogEntry.objects.filter(
        participant_pseudonym=person.pseudonym, action=AccessAction.UPDATE
    )
    assert updates.count() == 5


def test_the_status_form_of_a_closed_goal_leads_to_reopening(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world)
    goal_status_set(goal=goal, status="achieved", note="", changed_by=world.users["coach"])
    response = client_for("coach").get(reverse("participants:goal_status", args=[person.pk, goal.pk]))
    assert response["Location"] == reverse("participants:goal_reopen", args=[person.pk, goal.pk])
    page = client_for("coach").get(reverse("participants:goal_detail", args=[person.pk, goal.pk]))
    assert "Doel heropenen" in page.content.decode()


def test_an_empty_note_is_refused_and_nothing_is_written(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    goal = a_goal(person, world)
    response = client_for("coach").post(
        reverse("participants:goal_note", args=[person.pk, goal.pk]), {"note": ""}
    )
    assert response.status_code == 200 and "Dit veld is verplicht." in response.content.decode()
    assert kinds(goal) == ["created"]
    assert GoalEvent.objects.count() == 1


def goal_urls(person: Participant, goal: Goal) -> list[str]:
    step = goal.steps.first()
    assert step is not None
    args = [person.pk, goal.pk]
    return [
        reverse("participants:goal_detail", args=args),
        reverse("participants:goal_step_add", args=args),
        reverse("participants:goal_status", args=args),
        reverse("participants:goal_reopen", args=args),
        reverse("participants:goal_note", args=args),
        reverse("participants:goal_step_complete", args=[*args, step.pk]),
        reverse("participants:goal_step_drop", args=[*args, step.pk]),
    ]


@pytest.mark.parametrize("persona", ["volunteer", "officer_a", "officer_b", "no_role"])
def test_volunteers_and_officers_reach_no_goal_url(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = regular(world)
    for url in goal_urls(person, a_goal(person, world)):
        assert client_for(persona).get(url).status_code == 403, url
        assert client_for(persona).post(url, {"note": "x", "description": "x"}).status_code == 403, url
    # Nothing was read or changed: the only rows are the refused attempts.
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert set(rows.values_list("action", flat=True)) == {AccessAction.DENIED}


def test_anonymous_is_sent_to_login_from_goal_urls(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    for url in goal_urls(person, a_goal(person, world)):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"], url


def test_a_coach_of_another_location_finds_no_goal_url(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a)
    VisitFactory(participant=elsewhere, location=LocationFactory(name="De Tuin"), date=TODAY())
    for url in goal_urls(elsewhere, a_goal(elsewhere, world)):
        assert client_for("coach").get(url).status_code == 404, url
        assert client_for("coordinator").get(url).status_code in {200, 302}, url
