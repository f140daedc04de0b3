"""What the access log covers beyond plain reads: refused attempts (DENIED), searches without the
term, the client address from a trusted source, and the coordinator's view of it all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from participants.access import participant_id_of
from participants.constants import AccessAction
from participants.models import AccessLogEntry, Participant
from tests.factories import LocationFactory, ParticipantFactory, VisitFactory
from tests.participants.profile_data import regular, today
from tests.personas import World


def rows() -> list[tuple[str, str, Any, str]]:
    return list(
        AccessLogEntry.objects.order_by("id").values_list(
            "actor_username", "action", "participant_pseudonym", "view_name"
        )
    )


def elsewhere(world: World) -> Participant:
    """Someone who only came to another location: outside the world's coach's need to know."""
    person: Participant = ParticipantFactory(first_name="Gerrit", municipality=world.municipality_a)
    VisitFactory(participant=person, location=LocationFactory(name="De Tuin"), date=today())
    return person


# --- refused attempts -------------------------------------------------------------------------


def test_a_role_that_may_not_open_records_is_logged_as_denied_on_that_record(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    assert client_for("officer_a").get(reverse("intake:kennismaking", args=[person.pk])).status_code == 403
    volunteer = client_for("volunteer")
    assert volunteer.post(reverse("participants:profile_edit", args=[person.pk])).status_code == 403
    assert rows() == [
        ("officer_a", AccessAction.DENIED, person.pseudonym, "intake:kennismaking"),
        ("volunteer", AccessAction.DENIED, person.pseudonym, "participants:profile_edit"),
    ]


def test_a_coach_outside_the_need_to_know_gets_404_and_a_denied_row_on_every_kind_of_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = elsewhere(world)
    coach = client_for("coach")
    urls = [
        reverse("participants:goal_create", args=[person.pk]),
        reverse("participants:goal_detail", args=[person.pk, 1]),
        reverse("intake:sensitive_consent", args=[person.pk]),
    ]
    for url in urls:
        assert coach.get(url).status_code == 404, url
    assert [(who, action, pseudonym) for who, action, pseudonym, _page in rows()] == [
        ("coach", AccessAction.DENIED, person.pseudonym)
    ] * len(urls)


def test_an_id_that_matches_no_record_is_logged_without_a_pseudonym(
    world: World, client_for: Callable[[str], Client]
) -> None:
    missing = (Participant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert client_for("coordinator").get(reverse("participants:detail", args=[missing])).status_code == 404
    assert rows() == [("coordinator", AccessAction.DENIED, None, "participants:detail")]


def test_anonymous_visitors_and_other_404s_leave_no_row(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    response = client_for("anonymous").get(reverse("participants:detail", args=[person.pk]))
    assert response.status_code == 302
    coordinator = client_for("coordinator")
    assert coordinator.get(reverse("participants:location_edit", args=[99999])).status_code == 404
    assert client_for("coach").get("/deelnemers/bestaat-niet/").status_code == 404
    assert rows() == []


def test_a_successful_read_writes_no_denied_row(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    assert client_for("coach").get(reverse("participants:detail", args=[person.pk])).status_code == 200
    assert rows() == [("coach", AccessAction.READ, person.pseudonym, "participants:detail")]


def all_routes() -> list[tuple[str, str]]:
    found = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in {"participants", "intake"}:
                found.append((f"{namespace}:{entry.name}", prefix + str(entry.pattern)))

    walk(get_resolver(), "", None)
    return found


def test_the_denied_log_knows_which_urls_are_participant_records(rf: Any) -> None:
    recognised, other = set(), set()
    for name, route in all_routes():
        path = "/" + route
        for converter in ("<int:pk>", "<int:participant_id>", "<int:goal_id>", "<int:step_id>",
                          "<int:questionnaire_id>", "<int:referral_id>", "<int:other_id>",
                          "<int:location_id>", "<int:visit_id>", "<int:closure_pk>"):
            path = path.replace(converter, "7")
        path = path.replace("<str:date>", "2026-11-30").replace("<str:dagdeel>", "morning")
        request = rf.get(path)
        request.resolver_match = resolve(path)
        (recognised if participant_id_of(request) == 7 else other).add(name)
    assert {
        "participants:detail", "participants:sensitive", "participants:goal_step_complete",
        "participants:merge_confirm", "participants:access_history", "intake:kennismaking",
        "intake:sensitive_consent",
    } <= recognised
    assert {
        "participants:location_edit", "participants:closure_remove", "participants:my_volunteering",
        "intake:board", "intake:search", "intake:undo", "participants:dashboard",
    } <= other
    # Every participants: URL with an id right after "deelnemers/" is a record URL.
    assert {name for name, route in all_routes() if route.startswith("deelnemers/<int:pk>/")} <= recognised


def test_the_coordinator_sees_refused_attempts_in_the_records_history(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client_for("officer_b").get(reverse("participants:detail", args=[person.pk]))
    history = client_for("coordinator").get(reverse("participants:access_history", args=[person.pk]))
    html = history.content.decode()
    assert "<td>Geweigerd</td>" in html and "officer_b" in html
    # Viewing the history is itself logged, after the refused attempt.
    assert [action for _who, action, _p, _page in rows()] == [AccessAction.DENIED, AccessAction.READ]


# --- searches -----------------------------------------------------------------------------------


def test_the_merge_search_logs_a_search_row_without_the_term(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world, first_name="Annechien", last_name="Bakker")
    regular(world, first_name="Annie", last_name="Bakker", birth_year=1979)
    client = client_for("coordinator")
    client.get(reverse("participants:merge", args=[person.pk]))  # the empty form: no search yet
    response = client.get(reverse("participants:merge", args=[person.pk]), {"q": "Bakkertje"})
    assert response.status_code == 200
    assert [(action, pseudonym) for _who, action, pseudonym, _page in rows()] == [
        (AccessAction.READ, person.pseudonym),
        (AccessAction.READ, person.pseudonym),
        (AccessAction.SEARCH, None),
    ]
    for row in AccessLogEntry.objects.values():
        assert not any("Bakker" in str(value) for value in row.values())


# --- where from ---------------------------------------------------------------------------------


def test_the_client_address_is_the_socket_address_and_a_forged_header_is_ignored(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client_for("coach").get(
        reverse("participants:detail", args=[person.pk]),
        REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert list(AccessLogEntry.objects.values_list("client_ip", flat=True)) == ["203.0.113.9"]


@pytest.mark.parametrize(("proxies", "expected"), [(1, "198.51.100.20"), (2, "198.51.100.10")])
def test_behind_trusted_proxies_the_address_comes_from_their_forwarded_for_entry(
    world: World, client_for: Callable[[str], Client], settings: Any, proxies: int, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    person = regular(world)
    client_for("coach").get(
        reverse("participants:detail", args=[person.pk]),
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.10, 198.51.100.20",
    )
    assert list(AccessLogEntry.objects.values_list("client_ip", flat=True)) == [expected]
