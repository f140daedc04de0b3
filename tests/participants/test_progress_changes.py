"""The small forms that change a participant's journey (issue 4): profile, ladders, measurements,
referrals, outflow and coming back, nazorg, volunteer roles and the vaste begeleider."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.constants import AccessAction, ConsentPurpose, ParticipantStatus
from participants.models import (
    AccessLogEntry,
    Consent,
    Handover,
    LadderEntry,
    Measurement,
    Outflow,
    Participant,
    Question,
    Questionnaire,
    Referral,
    TalentProfile,
    VolunteerRole,
)
from participants.services import (
    coach_assign,
    consent_withdraw,
    measurement_record,
    outflow_record,
    participant_reactivate,
    referral_create,
    visit_check_in,
    visits_record_bulk,
    volunteer_role_add,
)
from tests.factories import LocationFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.participants.profile_data import regular
from tests.personas import World

TODAY = timezone.localdate



def log_actions(person: Participant) -> list[str]:
    return [
        r.action for r in AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym).order_by("id")
    ]


# --- talent profile ---------------------------------------------------------------------------


def test_each_save_of_the_talent_profile_is_a_new_version_prefilled_from_the_last(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person, client = regular(world), client_for("coach")
    url = reverse("participants:profile_edit", args=[person.pk])
    client.post(
        url,
        {
            "talents": "houtwerk, Fietsen maken",
            "interests": "koken",
            "learning_wishes": "lassen",
            "roles": "helpt in het eetcafé",
        },
    )
    html = client.get(url).content.decode()
    assert 'value="Fietsen maken, houtwerk"' in html and "helpt in het eetcafé" in html
    assert 'list="talent-suggestions"' in html and '<datalist id="talent-suggestions">' in html
    assert 'list="interest-suggestions"' in html and '<option value="koken">' in html
    client.post(url, {"talents": "houtwerk", "interests": "", "learning_wishes": "", "roles": ""})
    versions = TalentProfile.objects.filter(participant=person).order_by("id")
    assert [sorted(t.name for t in v.talents.all()) for v in versions] == [
        ["Fietsen maken", "houtwerk"],
        ["houtwerk"],
    ]
    assert log_actions(person) == [AccessAction.UPDATE, AccessAction.READ, AccessAction.UPDATE]


# --- ladders --------------------------------------------------------------------------------


def test_a_step_outside_the_ladder_is_refused_with_a_clear_message_and_the_note_is_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    response = client_for("coach").post(
        reverse("participants:ladder_record", args=[person.pk]),
        {"ladder": "talent", "value": "5", "recorded_on": TODAY().isoformat(), "note": "Doet veel zelf"},
    )
    html = response.content.decode()
    assert "Kies een trede van deze ladder." in html and "Doet veel zelf" in html
    assert not LadderEntry.objects.exists()
    assert log_actions(person) == [AccessAction.READ]


def test_a_step_back_on_the_participatieladder_is_recorded_like_any_other(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person, client = regular(world), client_for("coach")
    url = reverse("participants:ladder_record", args=[person.pk])
    for value in ("4", "3"):
        client.post(url, {"ladder": "participation", "value": value, "recorded_on": TODAY().isoformat()})
    assert list(LadderEntry.objects.order_by("id").values_list("value", flat=True)) == [4, 3]


# --- measurements ---------------------------------------------------------------------------


def test_an_answer_outside_the_scale_is_refused(world: World) -> None:
    person = regular(world)
    questionnaire = Questionnaire.objects.create(name="Tevredenheid")
    question = Question.objects.create(
        questionnaire=questionnaire, text="Tevredenheid", scale_min=1, scale_max=10
    )
    with pytest.raises(ValidationError, match="heeft een antwoord van 1 tot 10"):
        measurement_record(
            participant=person,
            questionnaire=questionnaire,
            taken_on=TODAY(),
            occasion="intake",
            answers={question.pk: 11},
            recorded_by=world.users["coach"],
        )
    assert not Measurement.objects.exists()


def test_a_missing_answer_keeps_the_other_answers(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    questionnaire = Questionnaire.objects.create(name="Ervaren meedoen")
    first = Question.objects.create(questionnaire=questionnaire, text="Ik voel me erkend", order=0)
    second = Question.objects.create(questionnaire=questionnaire, text="Ik voel me verbonden", order=1)
    response = client_for("coach").post(
        reverse("participants:measurement_record", args=[person.pk, questionnaire.pk]),
        {"taken_on": TODAY().isoformat(), "occasion": "review", f"q{first.pk}": "4"},
    )
    html = response.content.decode()
    assert "Dit veld is verplicht." in html
    assert re.search(rf'<input[^>]*name="q{first.pk}"[^>]*value="4"[^>]*checked', html)
    assert second.text in html and not Measurement.objects.exists()


# --- referrals ------------------------------------------------------------------------------


def test_a_referral_out_records_the_consent_in_the_same_step(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    url = reverse("participants:referral_create", args=[person.pk])
    data = {
        "direction": "out",
        "partner": "schuldhulp",
        "partner_name": "Schuldhulp Meppel",
        "referred_on": TODAY().isoformat(),
        "note": "",
    }
    html = client_for("coach").post(url, data).content.decode()
    assert (
        "Voor een verwijzing naar buiten is toestemming van de deelnemer nodig." in html
        and "Schuldhulp Meppel" in html
    )
    assert not Referral.objects.exists()
    client_for("coach").post(url, {**data, "consent_given": "on"})
    referral = Referral.objects.get()
    assert referral.consent is not None
    assert referral.consent.purpose == ConsentPurpose.REFERRAL and referral.consent.participant == person


def test_a_referral_in_needs_no_consent(world: World) -> None:
    person = regular(world)
    referral = referral_create(
        participant=person,
        direction="in",
        partner="gp",
        referred_on=TODAY(),
        recorded_by=world.users["coach"],
    )
    assert referral.consent is None and not Consent.objects.exists()


def test_a_blocked_referral_refuses_an_outcome_with_a_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    referral = referral_create(
        participant=person,
        direction="out",
        partner="wijkteam",
        referred_on=TODAY(),
        recorded_by=world.users["coach"],
        consent_given=True,
    )
    assert referral.consent is not None
    consent_withdraw(consent=referral.consent)
    url = reverse("participants:referral_outcome", args=[person.pk, referral.pk])
    response = client_for("coach").post(url, {"outcome": "started"}, follow=True)
    html = response.content.decode()
    assert "De toestemming voor deze verwijzing is ingetrokken: ze is geblokkeerd." in html
    assert "geblokkeerd: toestemming ingetrokken" in html  # on the timeline
    referral.refresh_from_db()
    assert referral.outcome == ""


def test_the_outcome_of_a_referral_is_set_later(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    referral = referral_create(
        participant=person,
        direction="out",
        partner="ggz",
        referred_on=TODAY(),
        recorded_by=world.users["coach"],
        consent_given=True,
    )
    url = reverse("participants:referral_outcome", args=[person.pk, referral.pk])
    client_for("coach").post(url, {"outcome": "not_started"})
    referral.refresh_from_db()
    assert referral.outcome == "not_started"


# --- outflow, coming back and nazorg ---------------------------------------------------------


def test_an_outflowed_participant_gets_a_friendly_message_on_a_second_outflow(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    outflow_record(
        participant=person, outflow_on=TODAY(), destination="education", recorded_by=world.users["coach"]
    )
    response = client_for("coach").post(
        reverse("participants:outflow_record", args=[person.pk]),
        {"outflow_on": TODAY().isoformat(), "destination": "moved", "note": "Naar Zwolle"},
    )
    html = response.content.decode()
    assert "Deze deelnemer is al uitgestroomd." in html and "Naar Zwolle" in html
    assert Outflow.objects.count() == 1


def test_an_outflowed_participant_stays_findable(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    outflow_record(
        participant=person, outflow_on=TODAY(), destination="club", recorded_by=world.users["coach"]
    )
    assert client_for("coach").get(reverse("participants:detail", args=[person.pk])).status_code == 200
    assert (
        client_for("coach").get(reverse("participants:contact_create", args=[person.pk])).status_code == 200
    )


def test_coming_back_by_the_button_ends_the_outflow(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, last_name="")
    outflow_record(
        participant=person, outflow_on=TODAY(), destination="paid_work", recorded_by=world.users["coach"]
    )
    response = client_for("coach").post(reverse("participants:reactivate", args=[person.pk]), follow=True)
    assert "Annechien is weer actief. Welkom terug!" in response.content.decode()
    person.refresh_from_db()
    assert person.status == ParticipantStatus.ACTIVE
    assert Outflow.objects.get().ended_on == TODAY()


def test_reactivating_someone_who_did_not_outflow_is_refused(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, last_name="", status=ParticipantStatus.NEW)
    with pytest.raises(ValidationError):
        participant_reactivate(participant=person)
    response = client_for("coach").post(reverse("participants:reactivate", args=[person.pk]), follow=True)
    assert "Annechien is niet uitgestroomd." in response.content.decode()
    person.refresh_from_db()
    assert person.status == ParticipantStatus.NEW


def test_the_paper_list_reactivates_someone_who_comes_back(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    outflow_record(
        participant=person, outflow_on=TODAY() - dt.timedelta(days=3), destination="moved", recorded_by=coach
    )
    person.refresh_from_db()
    added = visits_record_bulk(
        participants=[person], location=world.location, date=TODAY(), dagdeel="afternoon", checked_in_by=coach
    )
    assert added == 1
    person.refresh_from_db()
    assert person.status == ParticipantStatus.ACTIVE
    assert Outflow.objects.get().ended_on == TODAY()
    assert Participant.objects.count() == 1


def test_a_back_dated_visit_from_before_the_outflow_does_not_reactivate(world: World) -> None:
    person, coach = regular(world), world.users["coach"]
    outflow_record(participant=person, outflow_on=TODAY(), destination="moved", recorded_by=coach)
    visit_check_in(
        participant=person,
        location=world.location,
        activity=None,
        date=TODAY() - dt.timedelta(days=2),
        dagdeel="morning",
        checked_in_by=coach,
    )
    person.refresh_from_db()
    assert person.status == ParticipantStatus.OUTFLOWED
    assert Outflow.objects.get().ended_on is None


def test_a_nazorg_contact_is_logged_after_outflow(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    outflow_record(
        participant=person, outflow_on=TODAY(), destination="paid_work", recorded_by=world.users["coach"]
    )
    client_for("coach").post(
        reverse("participants:contact_create", args=[person.pk]),
        {"contact_on": TODAY().isoformat(), "channel": "phone", "note": "Gaat goed op het werk"},
    )
    html = client_for("coach").get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "Gaat goed op het werk" in html


# --- volunteer roles ------------------------------------------------------------------------


def test_a_volunteer_role_links_a_free_volunteer_account(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    taken = UserFactory(username="vrijwilliger2", volunteer=True)
    ParticipantFactory(municipality=world.municipality_a, account=taken)
    url = reverse("participants:volunteer_role_create", args=[person.pk])
    html = client_for("coordinator").get(url).content.decode()
    assert f'value="{world.users["volunteer"].pk}"' in html
    assert f'value="{taken.pk}"' not in html  # already linked
    assert f'value="{world.users["coach"].pk}"' not in html  # not a volunteer
    client_for("coordinator").post(
        url,
        {
            "role": "Eetcafé",
            "dagdelen": "dinsdagochtend",
            "learning_goals": "Kassa",
            "started_on": TODAY().isoformat(),
            "account": str(world.users["volunteer"].pk),
        },
    )
    person.refresh_from_db()
    assert person.account == world.users["volunteer"]
    assert VolunteerRole.objects.get().dagdelen == "dinsdagochtend"
    mine = client_for("volunteer").get(reverse("participants:my_volunteering")).content.decode()
    assert "Eetcafé" in mine


def test_a_volunteer_role_cannot_end_before_it_starts_and_keeps_what_was_typed(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    response = client_for("coach").post(
        reverse("participants:volunteer_role_create", args=[person.pk]),
        {
            "role": "Tuin",
            "dagdelen": "vrijdag",
            "learning_goals": "Snoeien",
            "started_on": TODAY().isoformat(),
            "ended_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
        },
    )
    html = response.content.decode()
    assert "De einddatum kan niet voor de begindatum liggen." in html
    assert 'value="Tuin"' in html and "Snoeien" in html
    assert not VolunteerRole.objects.exists()


def test_only_a_volunteer_account_can_be_linked(world: World) -> None:
    with pytest.raises(ValidationError):
        volunteer_role_add(
            participant=regular(world),
            role="Tuin",
            dagdelen="",
            learning_goals="",
            started_on=TODAY(),
            recorded_by=world.users["coach"],
            account=world.users["coach"],
        )


# --- vaste begeleider -----------------------------------------------------------------------


def test_replacing_the_coach_without_a_note_is_refused_and_keeps_the_choice(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person, coordinator, coach = regular(world), world.users["coordinator"], world.users["coach"]
    coach_assign(participant=person, coach=coordinator, note="", assigned_by=coordinator)
    url = reverse("participants:coach_assign", args=[person.pk])
    response = client_for("coordinator").post(url, {"coach": str(coach.pk), "note": ""})
    html = response.content.decode()
    assert "Schrijf een korte overdrachtsnotitie voor de volgende begeleider." in html
    assert f'value="{coach.pk}" selected' in html
    assert not Handover.objects.exists()
    client_for("coordinator").post(url, {"coach": str(coach.pk), "note": "Houdt van rust"})
    handover = Handover.objects.get()
    assert (handover.from_coach, handover.to_coach, handover.note) == (coordinator, coach, "Houdt van rust")


def test_the_first_coach_needs_no_handover_note(world: World) -> None:
    person = regular(world)
    coach_assign(
        participant=person, coach=world.users["coach"], note="", assigned_by=world.users["coordinator"]
    )
    person.refresh_from_db()
    assert person.fixed_coach == world.users["coach"] and not Handover.objects.exists()


def test_only_a_coach_or_coordinator_can_be_the_vaste_begeleider(world: World) -> None:
    with pytest.raises(ValidationError):
        coach_assign(
            participant=regular(world),
            coach=world.users["volunteer"],
            note="",
            assigned_by=world.users["coordinator"],
        )


# --- one access-log row per request ------------------------------------------------------------


ACTION_PAGES = (
    "profile_edit",
    "goal_create",
    "ladder_record",
    "referral_create",
    "outflow_record",
    "contact_create",
    "volunteer_role_create",
    "coach_assign",
)


@pytest.mark.parametrize("name", ACTION_PAGES)
def test_showing_a_form_and_refusing_bad_input_each_leave_one_read(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    person = regular(world)
    url = reverse(f"participants:{name}", args=[person.pk])
    client = client_for("coach")
    assert client.get(url).status_code == 200
    bad = {
        "contact_on": "gisteren",
        "outflow_on": "gisteren",
        "referred_on": "gisteren",
        "recorded_on": "x",
        "started_on": "x",
        "ladder": "x",
        "direction": "x",
        "description": "",
    }
    if name in {"profile_edit", "coach_assign"}:
        bad = {"talents": "x" * 1001, "coach": "999999"}
    assert client.post(url, bad).status_code == 200
    assert log_actions(person) == [AccessAction.READ, AccessAction.READ]


def test_a_coach_of_another_location_cannot_change_anything(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a)
    VisitFactory(participant=elsewhere, location=LocationFactory(name="De Tuin"), date=TODAY())
    client = client_for("coach")
    for name in (*ACTION_PAGES, "reactivate"):
        url = reverse(f"participants:{name}", args=[elsewhere.pk])
        assert client.post(url, {"note": "x"}).status_code == 404, name
    # Nothing was read or changed: the only rows are the refused attempts.
    rows = AccessLogEntry.objects.filter(participant_pseudonym=elsewhere.pseudonym)
    assert set(rows.values_list("action", flat=True)) == {AccessAction.DENIED}
