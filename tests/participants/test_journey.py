"""Participant profiles and progress (issue 4): need to know, access log, services, merge, queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction, ConsentGiver, ConsentPurpose, ParticipantStatus
from participants.models import (
    AccessLogEntry,
    Conversation,
    Goal,
    LadderEntry,
    LifeDomain,
    Outflow,
    Participant,
    ParticipantMerge,
    Question,
    Questionnaire,
    Visit,
)
from participants.services import (
    coach_assign,
    consent_record,
    consent_withdraw,
    contact_add,
    conversation_add,
    goal_create,
    goal_status_set,
    goal_step_complete,
    ladder_record,
    outflow_record,
    participant_merge,
    referral_create,
    referral_outcome_set,
    visit_check_in,
)
from tests.factories import LocationFactory, ParticipantFactory, VisitFactory
from tests.participants.profile_data import regular
from tests.personas import PERSONAS, World

TODAY = timezone.localdate



def participant_urls(person: Participant) -> list[str]:
    goal = goal_create(
        participant=person,
        life_domain=LifeDomain.objects.first(),
        description="Fietsen maken",
        created_by=None,
        steps=["Band plakken"],
    )  # type: ignore[arg-type]
    questionnaire = Questionnaire.objects.create(name="Ervaren meedoen")
    Question.objects.create(questionnaire=questionnaire, text="Ik voel me erkend")
    step = goal.steps.get()
    names = [
        "detail",
        "sensitive",
        "profile_edit",
        "goal_create",
        "ladder_record",
        "referral_create",
        "outflow_record",
        "contact_create",
        "volunteer_role_create",
        "coach_assign",
        "merge",
        "access_history",
    ]
    urls = [reverse(f"participants:{n}", args=[person.pk]) for n in names]
    urls += [
        reverse(f"participants:{n}", args=[person.pk, goal.pk])
        for n in ("goal_step_add", "goal_status", "goal_note")
    ]
    urls.append(reverse("participants:goal_step_complete", args=[person.pk, goal.pk, step.pk]))
    urls.append(reverse("participants:measurement_record", args=[person.pk, questionnaire.pk]))
    return urls


@pytest.mark.parametrize("persona", ["volunteer", "officer_a", "officer_b", "no_role"])
def test_volunteers_and_officers_reach_no_participant_url(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)
    for url in participant_urls(regular(world)):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(world: World, client_for: Callable[[str], Client]) -> None:
    for url in participant_urls(regular(world)):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"], url


def test_a_coach_of_another_location_gets_404_and_a_coordinator_sees_everyone(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a)
    VisitFactory(participant=elsewhere, location=LocationFactory(name="De Tuin"), date=TODAY())
    url = reverse("participants:detail", args=[elsewhere.pk])
    assert client_for("coach").get(url).status_code == 404
    assert client_for("coordinator").get(url).status_code == 200


def test_a_coach_sees_their_caseload_even_at_another_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = ParticipantFactory(
        first_name="Gerrit", municipality=world.municipality_a, fixed_coach=world.users["coach"]
    )
    assert client_for("coach").get(reverse("participants:detail", args=[elsewhere.pk])).status_code == 200


def test_every_read_of_the_page_leaves_exactly_one_access_record(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    client.get(reverse("participants:detail", args=[person.pk]))
    client.get(reverse("participants:detail", args=[person.pk]), {"soort": "goal"})
    rows = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert [r.action for r in rows] == [AccessAction.READ, AccessAction.READ]


def test_the_page_speaks_of_coming_never_of_missing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    for days in (1, 2, 3):
        VisitFactory(participant=person, location=world.location, date=TODAY() - dt.timedelta(days=days))
    html = client_for("coach").get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "4 keer gekomen in de laatste 6 maanden" in html
    for word in ("niet gekomen", "gemist", "no-show", "afwezig"):
        assert word not in html.lower()


def test_the_sensitive_section_opens_only_with_consent(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=1980)
    url = reverse("participants:sensitive", args=[person.pk])
    client = client_for("coach")
    assert client.get(url).status_code == 403
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, participant_pseudonym=person.pseudonym
    ).exists()
    consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coach"],
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"domains": ["debts"], "note": "Wil hulp bij post", "recorded_on": TODAY().isoformat()},
        follow=True,
    )
    assert "Opgeslagen bij de gevoelige gegevens." in response.content.decode()


def test_the_timeline_shows_everything_dated_newest_first_and_filters(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coach = world.users["coach"]
    conversation_add(
        participant=person, recorded_by=coach, held_on=TODAY() - dt.timedelta(days=3), wishes="Een opleiding"
    )
    ladder_record(
        participant=person,
        ladder="participation",
        value=3,
        recorded_on=TODAY() - dt.timedelta(days=2),
        recorded_by=coach,
    )
    contact_add(
        participant=person,
        contact_on=TODAY() - dt.timedelta(days=1),
        channel="app",
        note="Even gebeld",
        recorded_by=coach,
    )
    client = client_for("coach")
    html = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    html = html[html.index('id="timeline-heading"') :]
    assert html.index("Even gebeld") < html.index("Participatieladder") < html.index("Een opleiding")
    only_contacts = client.get(
        reverse("participants:detail", args=[person.pk]), {"soort": "contact"}
    ).content.decode()
    assert "Even gebeld" in only_contacts and "Een opleiding" not in only_contacts


def test_query_count_of_the_page_does_not_grow_with_the_timeline(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coach = world.users["coach"]
    client = client_for("coach")
    url = reverse("participants:detail", args=[person.pk])

    def grow(n: int) -> None:
        for i in range(n):
            conversation_add(participant=person, recorded_by=coach, notes=f"gesprek {i}", talents=["zagen"])
            contact_add(participant=person, contact_on=TODAY(), channel="phone", note="", recorded_by=coach)
            goal_create(
                participant=person,
                life_domain=LifeDomain.objects.first(),  # type: ignore[arg-type]
                description=f"doel {i}",
                created_by=coach,
                steps=["a", "b"],
            )
            ladder_record(
                participant=person, ladder="talent", value=1 + i % 3, recorded_on=TODAY(), recorded_by=coach
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(2)
    few = count()
    grow(25)
    assert count() == few


def test_query_count_of_the_overview_does_not_grow_with_the_participants(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")

    def add(n: int) -> None:
        for _ in range(n):
            VisitFactory(
                participant=ParticipantFactory(
                    municipality=world.municipality_a, fixed_coach=world.users["coach"]
                ),
                location=world.location,
                date=TODAY() - dt.timedelta(weeks=10),
            )

    def count(lijst: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("participants:overview"), {"lijst": lijst}).status_code == 200
        return len(queries)

    add(3)
    few = {name: count(name) for name in ("niet-gezien", "review", "nieuw", "zonder-doel")}
    add(30)
    assert {name: count(name) for name in few} == few


def test_not_seen_lists_long_absent_but_not_outflowed_people(
    world: World, client_for: Callable[[str], Client]
) -> None:
    away = ParticipantFactory(first_name="Wendy", municipality=world.municipality_a)
    VisitFactory(participant=away, location=world.location, date=TODAY() - dt.timedelta(weeks=7))
    left = ParticipantFactory(first_name="Otto", municipality=world.municipality_a)
    VisitFactory(participant=left, location=world.location, date=TODAY() - dt.timedelta(weeks=9))
    outflow_record(
        participant=left, outflow_on=TODAY(), destination="paid_work", recorded_by=world.users["coach"]
    )
    recent = ParticipantFactory(first_name="Karel", municipality=world.municipality_a)
    VisitFactory(participant=recent, location=world.location, date=TODAY())
    html = (
        client_for("coordinator")
        .get(reverse("participants:overview"), {"lijst": "niet-gezien"})
        .content.decode()
    )
    assert "Wendy" in html and "Otto" not in html and "Karel" not in html
    assert (
        Participant.objects.get(pk=away.pk).status != ParticipantStatus.OUTFLOWED
    )  # never changed by absence


# --- services -------------------------------------------------------------------------------


def test_a_goal_can_be_achieved_and_reopened(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    goal = goal_create(
        participant=person,
        life_domain=LifeDomain.objects.get(name="Leren"),
        description="Een opleiding",
        created_by=coach,
        steps=["Open dag", "Aanmelden"],
    )
    goal_step_complete(step=goal.steps.first(), done_on=None, completed_by=coach)  # type: ignore[arg-type]
    goal_status_set(goal=goal, status="achieved", note="Gelukt!", changed_by=coach)
    goal_status_set(goal=goal, status="active", note="Toch nog een stap", changed_by=coach)
    assert Goal.objects.get().status == "active"
    assert [e.kind for e in goal.events.order_by("id")] == ["created", "step_done", "status", "reopened"]


def test_ladder_values_stay_in_range_also_in_the_database(world: World) -> None:
    person = regular(world)
    with pytest.raises(ValidationError):
        ladder_record(
            participant=person,
            ladder="talent",
            value=4,
            recorded_on=TODAY(),
            recorded_by=world.users["coach"],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LadderEntry.objects.create(participant=person, ladder="participation", value=7, recorded_on=TODAY())


def test_a_step_back_on_a_ladder_is_just_recorded(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    ladder_record(participant=person, ladder="participation", value=4, recorded_on=TODAY(), recorded_by=coach)
    ladder_record(participant=person, ladder="participation", value=3, recorded_on=TODAY(), recorded_by=coach)
    assert LadderEntry.objects.count() == 2


def test_only_one_open_outflow_and_coming_back_reactivates(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    outflow_record(participant=person, outflow_on=TODAY(), destination="education", recorded_by=coach)
    with pytest.raises(ValidationError):
        outflow_record(participant=person, outflow_on=TODAY(), destination="moved", recorded_by=coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outflow.objects.create(participant=person, outflow_on=TODAY(), destination="moved")
    visit_check_in(
        participant=person,
        location=world.location,
        activity=None,
        date=TODAY(),
        dagdeel="morning",
        checked_in_by=coach,
    )
    person.refresh_from_db()
    assert person.status == ParticipantStatus.ACTIVE
    assert Outflow.objects.get().ended_on == TODAY()
    assert Participant.objects.count() == 1  # re-activated, not registered anew


def test_a_referral_out_needs_consent_and_is_blocked_after_withdrawal(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    with pytest.raises(ValidationError):
        referral_create(
            participant=person, direction="out", partner="wijkteam", referred_on=TODAY(), recorded_by=coach
        )
    referral = referral_create(
        participant=person,
        direction="out",
        partner="wijkteam",
        referred_on=TODAY(),
        recorded_by=coach,
        consent_given=True,
    )
    assert referral.consent is not None and referral.consent.purpose == ConsentPurpose.REFERRAL
    consent_withdraw(consent=referral.consent)
    with pytest.raises(ValidationError, match="ingetrokken"):
        referral_outcome_set(referral=referral, outcome="started")


def test_replacing_a_coach_needs_a_handover_note_shown_to_the_next_coach(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coordinator, coach = world.users["coordinator"], world.users["coach"]
    coach_assign(participant=person, coach=coordinator, note="", assigned_by=coordinator)
    with pytest.raises(ValidationError):
        coach_assign(participant=person, coach=coach, note=" ", assigned_by=coordinator)
    coach_assign(
        participant=person, coach=coach, note="Houdt van rust; bel eerst even.", assigned_by=coordinator
    )
    html = client_for("coach").get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "Houdt van rust; bel eerst even." in html


def test_a_merge_leaves_nothing_pointing_at_the_removed_record(world: World) -> None:
    coach, coordinator = world.users["coach"], world.users["coordinator"]
    keep = regular(world, first_name="Annechien", last_name="", birth_year=None)
    remove = regular(world, first_name="", nickname="Annie", last_name="Bakker", birth_year=1979)
    VisitFactory(participant=keep, location=world.location, date=TODAY(), dagdeel="morning")
    VisitFactory(participant=remove, location=world.location, date=TODAY(), dagdeel="morning")  # same dagdeel
    conversation_add(participant=remove, recorded_by=coach, notes="eerste gesprek")
    consent_record(
        participant=remove,
        purpose=ConsentPurpose.STORY,
        text_version="t",
        recorded_by=coach,
        given_by=ConsentGiver.PARTICIPANT,
    )
    goal_create(
        participant=remove,
        life_domain=LifeDomain.objects.first(),
        description="x",  # type: ignore[arg-type]
        created_by=coach,
    )
    referral_create(
        participant=remove, direction="in", partner="wijkteam", referred_on=TODAY(), recorded_by=coach
    )
    contact_add(participant=remove, contact_on=TODAY(), channel="phone", note="", recorded_by=coach)
    removed_id, removed_pseudonym = remove.pk, remove.pseudonym
    participant_merge(keep=keep, remove=remove, merged_by=coordinator)
    for relation in Participant._meta.related_objects:
        model = relation.related_model
        assert not model._default_manager.filter(**{f"{relation.field.name}_id": removed_id}).exists(), model
    keep.refresh_from_db()
    assert (keep.last_name, keep.birth_year, keep.nickname) == ("Bakker", 1979, "Annie")
    assert Visit.objects.filter(participant=keep, date=TODAY(), dagdeel="morning").count() == 1
    assert Conversation.objects.get().participant == keep
    assert ParticipantMerge.objects.get().removed_pseudonym == removed_pseudonym


def test_the_access_history_includes_merged_records(
    world: World, client_for: Callable[[str], Client]
) -> None:
    keep, remove = regular(world), regular(world, first_name="Annie")
    client_for("coach").get(reverse("participants:detail", args=[remove.pk]))
    participant_merge(keep=keep, remove=remove, merged_by=world.users["coordinator"])
    html = (
        client_for("coordinator").get(reverse("participants:access_history", args=[keep.pk])).content.decode()
    )
    rows = [re.sub(r"\s+", " ", row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    assert any("<td>coach" in r and "<td>Begeleider</td>" in r and "samengevoegd" in r for r in rows), rows
    assert any(
        "<td>coordinator" in r and "<td>Coördinator</td>" in r for r in rows
    )  # viewing the log is logged


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_volunteers_open_my_volunteering(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    status = client_for(persona).get(reverse("participants:my_volunteering")).status_code
    assert status == {"volunteer": 200, "anonymous": 302}.get(persona, 403)


def test_forms_keep_what_was_typed_on_bad_input(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    future = (TODAY() + dt.timedelta(days=3)).isoformat()
    html = (
        client_for("coach")
        .post(
            reverse("participants:contact_create", args=[person.pk]),
            {"contact_on": future, "channel": "app", "note": "Belde terug"},
        )
        .content.decode()
    )
    assert "De datum kan niet in de toekomst liggen." in html and "Belde terug" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_management_defines_life_domains_and_questionnaires(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    expected = {"coordinator": 200, "admin": 200, "anonymous": 302}.get(persona, 403)
    for name in ("life_domains", "questionnaires", "questionnaire_create"):
        assert client_for(persona).get(reverse(f"participants:{name}")).status_code == expected


def test_a_coordinator_defines_a_questionnaire_and_a_coach_records_answers(
    world: World, client_for: Callable[[str], Client]
) -> None:
    management = {"vragen-TOTAL_FORMS": "3", "vragen-INITIAL_FORMS": "0"}
    rows = {
        "vragen-0-text": "Ik voel me erkend",
        "vragen-0-scale_min": "1",
        "vragen-0-scale_max": "5",
        "vragen-1-text": "Tevredenheid",
        "vragen-1-scale_min": "1",
        "vragen-1-scale_max": "10",
        "vragen-2-text": "",
        "vragen-2-scale_min": "1",
        "vragen-2-scale_max": "5",
    }
    response = client_for("coordinator").post(
        reverse("participants:questionnaire_create"),
        {"name": "Ervaren meedoen", "is_active": "on", **management, **rows},
        follow=True,
    )
    assert "De vragenlijst is opgeslagen." in response.content.decode()
    questionnaire = Questionnaire.objects.get()
    first, second = questionnaire.questions.order_by("order")
    person = regular(world)
    url = reverse("participants:measurement_record", args=[person.pk, questionnaire.pk])
    client = client_for("coach")
    bad = client.post(
        url,
        {"taken_on": TODAY().isoformat(), "occasion": "intake", f"q{first.pk}": "4", f"q{second.pk}": "11"},
    ).content.decode()
    assert "Selecteer een geldige keuze" in bad
    client.post(
        url,
        {"taken_on": TODAY().isoformat(), "occasion": "intake", f"q{first.pk}": "4", f"q{second.pk}": "8"},
    )
    assert sorted(person.measurements.get().answers.values_list("value", flat=True)) == [4, 8]
