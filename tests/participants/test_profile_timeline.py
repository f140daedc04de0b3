"""The timeline of the participant page: everything dated, newest first, filterable, paged, and
read with a number of queries that does not grow with its length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from participants.selectors import timeline_page
from participants.selectors.profile import sensitive_access
from participants.services import contact_add, conversation_add, ladder_record
from tests.participants.profile_data import every_kind, regular, sensitive_consent, today
from tests.personas import World

KINDS = {
    "conversation",
    "goal",
    "ladder",
    "measurement",
    "referral",
    "contact",
    "outflow",
    "handover",
    "sensitive",
}


def test_the_timeline_is_newest_first_and_filters_by_kind(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    coach = world.users["coach"]
    conversation_add(
        participant=person, recorded_by=coach, held_on=today() - dt.timedelta(days=3), wishes="Een opleiding"
    )
    ladder_record(
        participant=person,
        ladder="participation",
        value=3,
        recorded_on=today() - dt.timedelta(days=2),
        recorded_by=coach,
    )
    contact_add(
        participant=person,
        contact_on=today() - dt.timedelta(days=1),
        channel="app",
        note="Even gebeld",
        recorded_by=coach,
    )
    url = reverse("participants:detail", args=[person.pk])
    client = client_for("coach")
    html = client.get(url).content.decode()
    timeline = html[html.index('id="timeline-heading"') :]
    assert (
        timeline.index("Even gebeld") < timeline.index("Participatieladder") < timeline.index("Een opleiding")
    )

    only_contacts = client.get(url, {"soort": "contact"}).content.decode()
    timeline = only_contacts[only_contacts.index('id="timeline-heading"') :]
    assert "Even gebeld" in timeline
    assert "Een opleiding" not in timeline and "Participatieladder: 3" not in timeline
    assert 'value="contact" id="kind-contact" checked' in timeline
    assert 'value="conversation" id="kind-conversation" checked' not in timeline

    two_kinds = client.get(url, {"soort": ["contact", "conversation"]}).content.decode()
    assert "Even gebeld" in two_kinds and "Een opleiding" in two_kinds


def test_an_unknown_kind_in_the_filter_is_ignored(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    contact_add(participant=person, contact_on=today(), channel="app", note="Even gebeld", recorded_by=None)
    response = client_for("coach").get(reverse("participants:detail", args=[person.pk]), {"soort": "bogus"})
    assert response.status_code == 200
    assert "Even gebeld" in response.content.decode()


def test_the_timeline_pages_by_twenty_and_keeps_the_filter(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    for i in range(45):
        contact_add(
            participant=person,
            contact_on=today() - dt.timedelta(days=i),
            channel="phone",
            note=f"contact nummer {i:02d}.",
            recorded_by=world.users["coach"],
        )
    url = reverse("participants:detail", args=[person.pk])
    client = client_for("coach")

    first = client.get(url, {"soort": "contact"}).content.decode()
    assert first.count("contact nummer") == 20
    assert "contact nummer 00." in first and "contact nummer 20." not in first
    assert "Pagina 1 van 3" in first
    assert "?soort=contact&amp;pagina=2#tijdlijn" in first

    last = client.get(url, {"soort": "contact", "pagina": 3}).content.decode()
    assert last.count("contact nummer") == 5
    assert "contact nummer 44." in last
    assert "?soort=contact&amp;pagina=2#tijdlijn" in last  # back to newer ones

    beyond = client.get(url, {"pagina": 99}).content.decode()
    assert "contact nummer 44." in beyond  # a page past the end shows the last one


@pytest.mark.parametrize("rounds", [1, 6])
def test_the_timeline_selector_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Callable[..., object], rounds: int
) -> None:
    coach = world.users["coach"]
    person = regular(world, birth_year=1980)
    sensitive_consent(person, coach)
    every_kind(person, coach, rounds)
    access = sensitive_access(user=coach, participant=person)
    # count + one UNION ALL page + one query per kind (9) + prefetches: conversation tags (2)
    # and measurement answers (1) — for one round as for six.
    with django_assert_num_queries(2 + 9 + 3):  # type: ignore[operator]
        page = timeline_page(user=coach, participant=person, page=1, access=access)
    assert {entry.kind for entry in page.entries} == KINDS
    assert len(page.entries) == min(20, page.page.paginator.count)


def test_the_page_reads_in_the_same_number_of_queries_for_a_short_and_a_long_timeline(
    world: World, client_for: Callable[[str], Client], django_assert_num_queries: Callable[..., object]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coach = world.users["coach"]
    person = regular(world, birth_year=1980)
    sensitive_consent(person, coach)
    client = client_for("coach")
    url = reverse("participants:detail", args=[person.pk])
    every_kind(person, coach, 1)
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    every_kind(person, coach, 8)
    with django_assert_num_queries(len(short)):  # type: ignore[operator]
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(short)):  # type: ignore[operator]
        assert client.get(url, {"pagina": 3}).status_code == 200


def test_came_back_shows_next_to_the_outflow(world: World) -> None:
    coach = world.users["coach"]
    person = regular(world, birth_year=1980)
    sensitive_consent(person, coach)
    every_kind(person, coach, 1)
    titles = [e.title for e in timeline_page(user=coach, participant=person, kinds=["outflow"]).entries]
    assert titles == ["Teruggekomen", "Een club of vereniging"]


def test_sensitive_entries_are_on_the_timeline_only_for_those_allowed_and_without_their_content(
    world: World, client_for: Callable[[str], Client]
) -> None:
    coach = world.users["coach"]
    person = regular(world, birth_year=1980)
    sensitive_consent(person, coach)
    every_kind(person, coach, 1)
    url = reverse("participants:detail", args=[person.pk])

    html = client_for("coach").get(url).content.decode()
    assert "Iets vastgelegd bij de gevoelige gegevens" in html
    assert "geheim 0" not in html  # the content is read in the section itself, where it is logged

    volunteer_view = timeline_page(user=world.users["volunteer"], participant=person)
    assert "sensitive" not in {e.kind for e in volunteer_view.entries}
    assert "sensitive" not in volunteer_view.kinds
    # Asking for it explicitly does not help either.
    asked = timeline_page(user=world.users["volunteer"], participant=person, kinds=["sensitive"])
    assert "sensitive" not in asked.kinds
    assert "sensitive" not in {e.kind for e in asked.entries}
