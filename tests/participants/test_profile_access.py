"""Who may open the participant page, the sensitive section and the access history; every read
leaves exactly one access-log row; the access history includes records merged into this one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction
from participants.models import AccessLogEntry, Participant
from participants.services import participant_merge
from tests.factories import LocationFactory, ParticipantFactory, UserFactory, VisitFactory
from tests.participants.profile_data import regular, sensitive_consent, today
from tests.personas import PERSONAS, World

PAGES = ("detail", "sensitive", "access_history")


def page_urls(person: Participant) -> list[str]:
    return [reverse(f"participants:{name}", args=[person.pk]) for name in PAGES]


def rows_for(person: Participant) -> list[tuple[str, str, str]]:
    return [
        (row.actor_username, row.action, row.view_name)
        for row in AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym).order_by("id")
    ]


@pytest.mark.parametrize("persona", ["volunteer", "officer_a", "officer_b", "no_role"])
def test_volunteers_officers_and_users_without_a_role_get_403_on_every_page(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    person = regular(world)
    sensitive_consent(person, world.users["coach"])
    client = client_for(persona)
    for url in page_urls(person):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    # Nothing was shown; each refused attempt is logged as DENIED on this record (GET and POST).
    username = world.users[persona].username
    assert rows_for(person) == [
        (username, AccessAction.DENIED, f"participants:{name}") for name in PAGES for _method in (1, 2)
    ]


def test_anonymous_is_sent_to_the_login_page(world: World, client_for: Callable[[str], Client]) -> None:
    for url in [*page_urls(regular(world)), reverse("participants:my_volunteering")]:
        response = client_for("anonymous").get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/"), url


def test_a_coach_of_another_location_gets_404_and_a_coordinator_sees_everyone(
    world: World, client_for: Callable[[str], Client]
) -> None:
    elsewhere = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a, birth_year=1980)
    VisitFactory(participant=elsewhere, location=LocationFactory(name="De Tuin"), date=today())
    sensitive_consent(elsewhere, world.users["coordinator"])
    coach = client_for("coach")
    assert coach.get(reverse("participants:detail", args=[elsewhere.pk])).status_code == 404
    assert coach.get(reverse("participants:sensitive", args=[elsewhere.pk])).status_code == 404
    # Nothing was shown; the attempts are logged as DENIED on this record.
    assert rows_for(elsewhere) == [
        ("coach", AccessAction.DENIED, "participants:detail"),
        ("coach", AccessAction.DENIED, "participants:sensitive"),
    ]
    for persona in ("coordinator", "admin"):
        client = client_for(persona)
        for url in page_urls(elsewhere):
            assert client.get(url).status_code == 200, (persona, url)


def test_a_coach_sees_their_caseload_and_whom_they_registered_at_any_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach = world.users["coach"]
    caseload = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a, fixed_coach=coach)
    registered = ParticipantFactory(
        first_name="Hanna", municipality=world.municipality_a, registered_by=coach
    )
    for person in (caseload, registered):
        VisitFactory(participant=person, location=LocationFactory(name="De Tuin"), date=today())
        assert client_for("coach").get(reverse("participants:detail", args=[person.pk])).status_code == 200


def test_a_coach_does_not_open_the_access_history(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    assert (
        client_for("coach").get(reverse("participants:access_history", args=[person.pk])).status_code == 403
    )


def test_every_read_of_the_page_leaves_exactly_one_access_record(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client = client_for("coach")
    url = reverse("participants:detail", args=[person.pk])
    client.get(url)
    client.get(url, {"soort": "goal"})
    client.get(url, {"pagina": "2"})
    assert rows_for(person) == [("coach", AccessAction.READ, "participants:detail")] * 3


def test_opening_and_writing_in_the_sensitive_section_leaves_one_record_per_request(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, birth_year=1980)
    client = client_for("coach")
    url = reverse("participants:sensitive", args=[person.pk])
    client.get(url)  # no consent yet: refused
    sensitive_consent(person, world.users["coach"])
    client.get(url)
    client.post(url, {"domains": ["housing"], "note": "", "recorded_on": today().isoformat()})
    client.post(url, {"domains": [], "note": "", "recorded_on": today().isoformat()})  # invalid: shown again
    view = "participants:sensitive"
    assert rows_for(person) == [
        ("coach", AccessAction.DENIED, view),
        ("coach", AccessAction.READ, view),
        ("coach", AccessAction.CREATE, view),
        ("coach", AccessAction.READ, view),
    ]


def test_the_access_history_shows_who_did_what_including_merged_records_and_itself(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coordinator = world.users["coordinator"]
    keep = regular(world)
    middle = regular(world, first_name="Annie")
    oldest = regular(world, first_name="An")
    client_for("coach").get(reverse("participants:detail", args=[oldest.pk]))
    participant_merge(keep=middle, remove=oldest, merged_by=coordinator)
    client_for("coach").get(reverse("participants:detail", args=[middle.pk]))
    participant_merge(keep=keep, remove=middle, merged_by=coordinator)  # a merge of a merge

    client = client_for("coordinator")
    html = client.get(reverse("participants:access_history", args=[keep.pk])).content.decode()
    assert html.count("<td>Begeleider</td>") == 2  # both reads of the coach, under the old pseudonyms
    assert html.count("<td>samengevoegd dossier</td>") == 2
    assert html.count("<td>dit dossier</td>") == 1  # this very look, which is logged first
    assert "<td>Coördinator</td>" in html and "Wie heeft dit dossier bekeken" in html
    assert "<td>Bekeken</td>" in html and "Deelnemerspagina" in html
    assert rows_for(keep) == [("coordinator", AccessAction.READ, "participants:access_history")]


def test_the_access_history_is_paged(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            actor_username="coach",
            actor_role="coach",
            participant_pseudonym=person.pseudonym,
            action=AccessAction.READ,
            view_name="participants:detail",
        )
        for _ in range(60)
    )
    client = client_for("coordinator")
    url = reverse("participants:access_history", args=[person.pk])
    first = client.get(url).content.decode()
    assert first.count("<tr>") == 1 + 50 and "Pagina 1 van 2" in first
    second = client.get(url, {"pagina": 2}).content.decode()
    assert second.count("<tr>") == 1 + 12  # 60 + the two looks at the list itself


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_volunteers_open_my_volunteering(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    status = client_for(persona).get(reverse("participants:my_volunteering")).status_code
    assert status == {"volunteer": 200, "anonymous": 302}.get(persona, 403)


def test_an_inactive_coach_is_refused(world: World) -> None:
    person = regular(world)
    former = UserFactory(username="oudcollega", is_active=False)
    world.location.staff.add(former)
    client = Client()
    client.force_login(former)
    assert client.get(reverse("participants:detail", args=[person.pk])).status_code in {302, 403}
    assert rows_for(person) == []


def test_a_page_of_someone_who_visited_long_ago_still_opens_for_the_coach_of_that_location(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = ParticipantFactory(first_name="Dirk", municipality=world.municipality_a)
    VisitFactory(participant=person, location=world.location, date=today() - dt.timedelta(days=800))
    assert client_for("coach").get(reverse("participants:detail", args=[person.pk])).status_code == 200
