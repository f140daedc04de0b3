"""Every page that shows one participant writes an access-log row: a new view cannot skip it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from participants.constants import ConsentPurpose
from participants.models import AccessLogEntry
from participants.services import consent_record
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World

PARTICIPANT_KWARGS = {"pk", "participant_id"}


def participant_routes() -> list[tuple[str, str]]:
    """(namespace:name, route) of every URL whose only argument identifies a participant."""
    found = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in {"participants", "intake"}:
                converters = set(entry.pattern.converters)
                # Settings pages use <pk> for locations, activities and gemeenten, not participants.
                route = prefix + str(entry.pattern)
                if converters and converters <= PARTICIPANT_KWARGS and "instellingen/" not in route:
                    found.append((f"{namespace}:{entry.name}", route))

    walk(get_resolver(), "", None)
    return found


def test_the_guard_sees_the_participant_pages() -> None:
    names = {name for name, _ in participant_routes()}
    assert {"participants:detail", "participants:sensitive", "intake:kennismaking"} <= names


@pytest.mark.parametrize(("name", "route"), participant_routes())
def test_opening_a_participant_page_is_logged(
    world: World, client_for: Callable[[str], Client], name: str, route: str
) -> None:
    person = ParticipantFactory(municipality=world.municipality_a, birth_year=1980)
    VisitFactory(participant=person, location=world.location)
    consent_record(
        participant=person,
        purpose=ConsentPurpose.SENSITIVE,
        text_version="t",
        recorded_by=world.users["coordinator"],
    )
    url = "/" + route.replace("<int:pk>", str(person.pk)).replace("<int:participant_id>", str(person.pk))
    response = client_for("coordinator").get(url)
    if response.status_code == 405:  # an action that only takes POST; it logs when it acts
        return
    assert response.status_code in {200, 302}, url
    assert AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym).exists(), name
