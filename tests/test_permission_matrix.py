"""The permission matrix: every URL of the portal × every persona, in ONE table.

Each row of ``MATRIX`` names a URL pattern (``namespace:name``), how to fill in its arguments from
real objects (``Objects``, built lazily on the ``world`` fixture), and what a GET by each persona
of ``tests.personas.PERSONAS`` gives: an HTTP status, or ``LOGIN`` (a redirect to the login page).
A new URL pattern without a row fails ``test_every_url_has_a_row`` — add it to the table.

Left out of the walk: the Django admin (namespace ``admin``, it guards itself with ``is_staff``;
``test_the_django_admin_guards_itself`` checks its door). There are no static/media URL patterns
(WhiteNoise and the private-media views serve files), and ``set_language`` is listed like any other.

GET only is enough for the allowed personas: a POST-only view answers 405 behind its role check
(``allow`` is the outermost decorator), so a 405 proves the persona got past the gate. For the
refused personas the test also POSTs and expects the same refusal: no change slips past a gate.

Beside the table: officers reach no participants:/intake: URL at all, and a coach reaches no
record URL of someone outside their need to know (404, logged as DENIED).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from participants.access import participant_id_of
from participants.constants import AccessAction, ConsentPurpose
from participants.models import (
    AccessLogEntry,
    LifeDomain,
    LocationClosure,
    Participant,
    Questionnaire,
    Referral,
    Visit,
)
from participants.services import (
    consent_record,
    goal_create,
    goal_step_add,
    referral_create,
)
from reporting.models import FundingArrangement, Report, Story
from tests.factories import LocationFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.personas import PERSONAS, World
from tests.voorveld.test_url_rules import all_routes
from voorveld.models import User

LOGIN = "login"  # a redirect to the login page
Expect = int | str
Row = dict[str, Expect]

# --- compact rows ---------------------------------------------------------------------------


def roles(*allowed: str, ok: int = 200, **special: Expect) -> Row:
    """Anonymous → login; the ``allowed`` personas → ``ok``; everyone else → 403.
    ``special`` overrides single personas (e.g. ``officer_b=404``)."""
    row: Row = {p: (LOGIN if p == "anonymous" else ok if p in allowed else 403) for p in PERSONAS}
    row.update(special)
    return row


def everyone(status: int = 200, **special: Expect) -> Row:
    row: Row = dict.fromkeys(PERSONAS, status)
    row.update(special)
    return row


MGMT = ("coordinator", "admin")
CARE = ("coach", "coordinator", "admin")  # participant records: never a volunteer or officer
DOOR = ("volunteer", "coach", "coordinator", "admin")
OFFICERS = ("officer_a", "officer_b")


def management(ok: int = 200) -> Row:
    return roles(*MGMT, ok=ok)


def care(ok: int = 200) -> Row:
    return roles(*CARE, ok=ok)


def door(ok: int = 200) -> Row:
    return roles(*DOOR, ok=ok)


def own_funder_only(ok: int = 200) -> Row:
    """Officer pages on a report of funder A: officer A sees it, officer B gets 404."""
    return roles(*OFFICERS, ok=ok, officer_b=404)


POST_ONLY = 405  # the persona passed the role gate; the view itself takes only POST
LOGGED_IN_HOME = 302  # "/" sends each role to its own start page

# --- the objects the URLs point at ----------------------------------------------------------


@dataclass
class Objects:
    """Real rows for URL arguments, made only when a row asks for them."""

    world: World

    @cached_property
    def participant(self) -> Participant:
        """Came to the world's location a week ago, so the coach may see them; has sensitive consent."""
        person: Participant = ParticipantFactory(
            first_name="Annechien", last_name="Bakker", municipality=self.world.municipality_a
        )
        VisitFactory(
            participant=person,
            location=self.world.location,
            activity=self.world.activity,
            date=timezone.localdate() - dt.timedelta(days=7),
        )
        consent_record(
            participant=person,
            purpose=ConsentPurpose.SENSITIVE,
            text_version="t",
            recorded_by=self.world.users["coordinator"],
        )
        return person

    @cached_property
    def other_participant(self) -> Participant:
        person: Participant = ParticipantFactory(
            first_name="Annechien", last_name="Bakker-Jansen", municipality=self.world.municipality_a
        )
        VisitFactory(participant=person, location=self.world.location, activity=self.world.activity)
        return person

    @cached_property
    def visit(self) -> Visit:
        visit: Visit = VisitFactory(
            participant=self.other_participant,
            location=self.world.location,
            activity=self.world.activity,
            date=timezone.localdate(),
            dagdeel="afternoon",
        )
        return visit

    @cached_property
    def goal_and_step(self) -> tuple[int, int]:
        domain = LifeDomain.objects.order_by("order").first()
        assert domain is not None
        coach = self.world.users["coach"]
        goal = goal_create(
            participant=self.participant, life_domain=domain, description="Zelf de bus nemen",
            created_by=coach,
        )
        step = goal_step_add(goal=goal, description="Route oefenen", added_by=coach)
        return goal.pk, step.pk

    @cached_property
    def referral(self) -> Referral:
        return referral_create(
            participant=self.participant, direction="in", partner="wijkteam",
            referred_on=timezone.localdate(), recorded_by=self.world.users["coach"],
        )

    @cached_property
    def questionnaire(self) -> Questionnaire:
        questionnaire, _created = Questionnaire.objects.get_or_create(name="Ervaren meedoen")
        return questionnaire

    @cached_property
    def closure(self) -> LocationClosure:
        return LocationClosure.objects.create(
            location=self.world.location, date=timezone.localdate() + dt.timedelta(days=30),
            reason="Studiedag",
        )

    @cached_property
    def staff_member(self) -> User:
        user: User = UserFactory(username="collega")
        return user

    @cached_property
    def arrangement(self) -> FundingArrangement:
        from tests.reporting.test_portal import arrangement_for

        return arrangement_for(self.world, "funder_a")

    @cached_property
    def published_report(self) -> Report:
        """A published report of funder A (officer A may see it, officer B may not)."""
        from tests.reporting.test_portal import published_report

        return published_report(self.world, "funder_a")

    @cached_property
    def story(self) -> Story:
        consent = consent_record(
            participant=self.participant, purpose=ConsentPurpose.STORY, text_version="t",
            recorded_by=self.world.users["coordinator"],
        )
        return Story.objects.create(
            arrangement=self.arrangement, title="Weer aan het werk", text="Een verhaal.",
            told_on=timezone.localdate(), consent=consent, written_by=self.world.users["coordinator"],
        )

    @property
    def board(self) -> dict[str, Any]:
        return {
            "location_id": self.world.location.pk,
            "date": timezone.localdate().isoformat(),
            "dagdeel": "morning",
        }

    @property
    def person(self) -> dict[str, Any]:
        return {"pk": self.participant.pk}

    @property
    def goal(self) -> dict[str, Any]:
        return {"pk": self.participant.pk, "goal_id": self.goal_and_step[0]}

    @property
    def step(self) -> dict[str, Any]:
        return {**self.goal, "step_id": self.goal_and_step[1]}


Args = Callable[[Objects], dict[str, Any]]


def none(o: Objects) -> dict[str, Any]:
    return {}


def person(o: Objects) -> dict[str, Any]:
    return o.person


def goal(o: Objects) -> dict[str, Any]:
    return o.goal


def step(o: Objects) -> dict[str, Any]:
    return o.step


def board(o: Objects) -> dict[str, Any]:
    return o.board


def at_door(o: Objects) -> dict[str, Any]:
    return {"participant_id": o.participant.pk}


def pk(attribute: str) -> Args:
    """``{"pk": <objects>.<attribute>.pk}``; dotted names reach into the world (``world.location``)."""

    def args(o: Objects) -> dict[str, Any]:
        target: Any = o
        for part in attribute.split("."):
            target = getattr(target, part)
        return {"pk": target.pk}

    return args


# --- THE TABLE ------------------------------------------------------------------------------

MATRIX: dict[str, tuple[Args, Row]] = {
    # Accounts and the shell
    "home": (none, everyone(LOGGED_IN_HOME, anonymous=LOGIN, no_role=200)),
    "healthz": (none, everyone()),
    "set_language": (none, everyone(302)),
    "login": (none, everyone(302, anonymous=200)),
    "logout": (none, everyone(POST_ONLY)),
    "password_reset": (none, everyone()),
    "password_reset_done": (none, everyone()),
    "password_reset_confirm": (lambda o: {"uidb64": "MQ", "token": "ongeldig"}, everyone()),
    "password_reset_complete": (none, everyone()),
    "password_change": (none, everyone(anonymous=LOGIN)),
    "password_change_done": (none, everyone(anonymous=LOGIN)),
    # Two-step verification (voorveld/account_views.py). client_for's personas of mandatory roles
    # passed it already, so the code page sends everyone on (302), as does the recovery-codes page
    # without new codes to show.
    "two_factor_account": (none, everyone(anonymous=LOGIN)),
    "two_factor_verify": (none, everyone(302, anonymous=LOGIN)),
    "two_factor_setup": (none, everyone(anonymous=LOGIN)),
    "two_factor_recovery_codes": (none, everyone(302, anonymous=LOGIN)),
    "two_factor_disable": (none, everyone(POST_ONLY, anonymous=LOGIN)),
    "two_factor_reset": (lambda o: {"pk": o.world.users["coach"].pk}, management(POST_ONLY)),
    "session_keepalive": (none, everyone(POST_ONLY, anonymous=LOGIN)),
    # The door (intake)
    "intake:today": (none, door()),
    "intake:board": (board, door()),
    "intake:search": (board, door()),
    "intake:check_in": (board, door(POST_ONLY)),
    "intake:paper_list": (board, door()),
    "intake:anonymous": (board, door(POST_ONLY)),
    "intake:newcomer": (board, door()),
    "intake:undo": (lambda o: {"visit_id": o.visit.pk}, door(POST_ONLY)),
    "intake:kennismaking": (at_door, care()),
    "intake:sensitive_consent": (at_door, care()),
    # Coordinator pages and settings
    "participants:dashboard": (none, management()),
    "participants:overview": (none, management()),
    "participants:settings": (none, management()),
    "participants:organisation": (none, management()),
    "participants:organisation_logo": (none, everyone(404)),  # public; no logo uploaded
    "participants:life_domains": (none, management()),
    "participants:life_domain_edit": (
        lambda o: {"pk": LifeDomain.objects.order_by("order").values_list("pk", flat=True)[0]},
        management(),
    ),
    "participants:questionnaires": (none, management()),
    "participants:questionnaire_create": (none, management()),
    "participants:questionnaire_edit": (pk("questionnaire"), management()),
    "participants:location_list": (none, management()),
    "participants:location_create": (none, management()),
    "participants:location_edit": (pk("world.location"), management()),
    "participants:location_set_active": (pk("world.location"), management(POST_ONLY)),
    "participants:closure_list": (pk("world.location"), management()),
    "participants:closure_add": (pk("world.location"), management(POST_ONLY)),
    "participants:closure_remove": (
        lambda o: {"pk": o.world.location.pk, "closure_pk": o.closure.pk},
        management(POST_ONLY),
    ),
    "participants:activity_list": (none, management()),
    "participants:activity_create": (none, management()),
    "participants:activity_edit": (pk("world.activity"), management()),
    "participants:activity_set_active": (pk("world.activity"), management(POST_ONLY)),
    "participants:municipality_list": (none, management()),
    "participants:municipality_create": (none, management()),
    "participants:municipality_edit": (pk("world.municipality_a"), management()),
    "participants:municipality_set_active": (pk("world.municipality_a"), management(POST_ONLY)),
    "participants:staff_list": (none, management()),
    "participants:staff_create": (none, management()),
    "participants:staff_edit": (pk("staff_member"), management()),
    "participants:staff_set_active": (pk("staff_member"), management(POST_ONLY)),
    # One participant's record: coach (own location/caseload), coordinator, admin
    "participants:detail": (person, care()),
    "participants:sensitive": (person, care()),
    "participants:profile_edit": (person, care()),
    "participants:goal_create": (person, care()),
    "participants:goal_detail": (goal, care()),
    "participants:goal_step_add": (goal, care()),
    "participants:goal_step_complete": (step, care()),
    "participants:goal_step_drop": (step, care()),
    "participants:goal_status": (goal, care()),
    "participants:goal_reopen": (goal, care()),
    "participants:goal_note": (goal, care()),
    "participants:ladder_record": (person, care()),
    "participants:measurement_record": (
        lambda o: {"pk": o.participant.pk, "questionnaire_id": o.questionnaire.pk}, care()
    ),
    "participants:referral_create": (person, care()),
    "participants:referral_outcome": (
        lambda o: {"pk": o.participant.pk, "referral_id": o.referral.pk}, care()
    ),
    "participants:outflow_record": (person, care()),
    "participants:reactivate": (person, care(POST_ONLY)),
    "participants:contact_create": (person, care()),
    "participants:volunteer_role_create": (person, care()),
    "participants:coach_assign": (person, care()),
    "participants:merge": (person, management()),
    "participants:merge_confirm": (
        lambda o: {"pk": o.participant.pk, "other_id": o.other_participant.pk}, management()
    ),
    "participants:access_history": (person, management()),
    "participants:inzage": (person, management()),
    "participants:inzage_json": (person, management()),
    "participants:inzage_pdf": (person, management()),
    "participants:erase": (person, management()),
    "participants:legal_hold": (person, management()),
    "participants:retention": (none, management()),
    "participants:my_volunteering": (none, roles("volunteer")),
    # Officer portal: only the officer's own funder's published reports
    "reporting:officer_home": (none, roles(*OFFICERS)),
    "reporting:officer_report": (pk("published_report"), own_funder_only()),
    "reporting:officer_pdf": (pk("published_report"), own_funder_only()),
    "reporting:officer_export": (
        lambda o: {"pk": o.published_report.pk, "fmt": "csv"}, own_funder_only()
    ),
    # Reporting management
    "reporting:arrangement_list": (none, management()),
    "reporting:arrangement_create": (none, management()),
    "reporting:arrangement_detail": (pk("arrangement"), management()),
    "reporting:arrangement_edit": (pk("arrangement"), management()),
    "reporting:report_request": (pk("arrangement"), management(POST_ONLY)),
    "reporting:report_detail": (pk("published_report"), management()),
    "reporting:report_status": (pk("published_report"), management()),
    "reporting:report_pdf": (pk("published_report"), management()),
    # GET on an already published report sends the coordinator back to it
    "reporting:report_publish": (pk("published_report"), management(302)),
    "reporting:report_action": (
        lambda o: {"pk": o.published_report.pk, "action": "goedkeuren"}, management(POST_ONLY)
    ),
    "reporting:funder_list": (none, management()),
    "reporting:funder_create": (none, management()),
    "reporting:funder_edit": (pk("world.funder_a"), management()),
    "reporting:officer_create": (pk("world.funder_a"), management()),
    "reporting:officer_list": (none, management()),
    "reporting:officer_set_active": (
        lambda o: {"pk": o.world.users["officer_a"].pk}, management(POST_ONLY)
    ),
    "reporting:story_list": (none, management()),
    "reporting:story_create": (none, management()),
    "reporting:story_edit": (pk("story"), management()),
    "reporting:story_delete": (pk("story"), management(POST_ONLY)),
}

# Namespaces left out of the walk (see the module docstring).
SELF_GUARDED_NAMESPACES = {"admin"}

# --- the tests ------------------------------------------------------------------------------


def url_names() -> list[str]:
    names = []
    for _route, namespace, pattern in all_routes():
        if namespace in SELF_GUARDED_NAMESPACES:
            continue
        names.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def test_every_url_has_a_row() -> None:
    names = url_names()
    missing = sorted(set(names) - set(MATRIX))
    assert not missing, "".join(
        f"\nadd {name} to the permission matrix (tests/test_permission_matrix.py)" for name in missing
    )
    stale = sorted(set(MATRIX) - set(names))
    assert not stale, f"rows for URL names that no longer exist: {stale}"
    assert len(names) == len(set(names)), "two URL patterns share a name"


def test_every_row_covers_every_persona() -> None:
    incomplete = {name: sorted(set(PERSONAS) - set(row)) for name, (_args, row) in MATRIX.items()}
    assert {name: gaps for name, gaps in incomplete.items() if gaps} == {}


def outcome(response: Any) -> Expect:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return int(response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_matrix(name: str, world: World, client_for: Callable[[str], Client]) -> None:
    args, row = MATRIX[name]
    url = reverse(name, kwargs=args(Objects(world)))
    got = {persona: outcome(client_for(persona).get(url)) for persona in PERSONAS}
    assert got == row, url
    for persona, expected in row.items():
        if expected in (LOGIN, 403):  # refused on GET: refused the same way on POST
            assert outcome(client_for(persona).post(url)) == expected, (persona, url, "POST")


def test_the_refusal_is_a_dutch_page(world: World, client_for: Callable[[str], Client]) -> None:
    response = client_for("volunteer").get(reverse("participants:dashboard"))
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina" in response.content.decode()


PARTICIPANT_NAMESPACES = ("participants:", "intake:")


@pytest.mark.parametrize("officer", OFFICERS)
def test_officers_reach_no_participant_url_at_all(
    officer: str, world: World, client_for: Callable[[str], Client]
) -> None:
    """Separately from the table: an officer never gets past any participants: or intake: URL,
    neither with GET nor with POST (public files such as the organisation logo excepted)."""
    objects = Objects(world)
    client = client_for(officer)
    reached = []
    for name, (args, row) in MATRIX.items():
        if not name.startswith(PARTICIPANT_NAMESPACES) or row["anonymous"] != LOGIN:
            continue
        url = reverse(name, kwargs=args(objects))
        for method in (client.get, client.post):
            status = method(url).status_code
            if status not in (403, 404):
                reached.append((method.__name__, url, status))
    assert reached == []


def test_a_coach_reaches_no_record_outside_their_need_to_know(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """The table's participant came to the coach's location. Every record URL the coach may use
    answers 404 (or 405 for the method it does not take) for someone who only came to another
    location, and each 404 leaves a DENIED row on that person's access log (participants/access.py)."""
    person: Participant = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a)
    VisitFactory(participant=person, location=LocationFactory(name="De Tuin"), date=timezone.localdate())
    objects = Objects(world)
    objects.__dict__["participant"] = person  # the cached_property now yields the outsider
    client = client_for("coach")
    checked, reached = 0, []
    for name, (args, row) in MATRIX.items():
        if row["coach"] in (403, LOGIN):
            continue
        url = reverse(name, kwargs=args(objects))
        request = RequestFactory().get(url)
        request.resolver_match = resolve(url)
        if participant_id_of(request) != person.pk:
            continue
        statuses = {method.__name__: method(url).status_code for method in (client.get, client.post)}
        checked += list(statuses.values()).count(404)
        # 405: the view takes only the other method, refused before it looks anything up.
        if set(statuses.values()) - {404, 405} or 404 not in statuses.values():
            reached.append((url, statuses))
    assert reached == []
    assert checked >= 30
    denied = AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
    assert set(denied.values_list("action", flat=True)) == {AccessAction.DENIED}
    assert denied.count() == checked


def test_the_django_admin_guards_itself(world: World, client_for: Callable[[str], Client]) -> None:
    admin_index = reverse("admin:index")
    for persona in ("anonymous", "coach", "coordinator", "officer_a"):
        response = client_for(persona).get(admin_index)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"], persona
    assert client_for("admin").get(admin_index).status_code == 200
