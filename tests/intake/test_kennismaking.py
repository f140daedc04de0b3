"""The kennismaking: a dated conversation with free talent and interest tags, never a questionnaire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from participants.constants import AccessAction, TagKind
from participants.models import AccessLogEntry, Conversation, Participant, Tag
from participants.services import conversation_add
from tests.factories import ConversationFactory
from tests.intake.door import TODAY, regular
from tests.personas import World

pytestmark = pytest.mark.usefixtures("friday")


def url_for(person: Participant) -> str:
    return reverse("intake:kennismaking", args=[person.pk])


def save(client: Client, person: Participant, **fields: object) -> Any:
    data: dict[str, object] = {"held_on": TODAY.isoformat(), **fields}
    return client.post(url_for(person), data, follow=True)


def test_saving_with_tags_creates_them_case_insensitively_and_lists_the_conversation(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    Tag.objects.create(name="Houtwerk", kind=TagKind.TALENT)
    response = save(
        client_for("coach"), person,
        talents="houtwerk, Luisteren, HOUTWERK, luisteren ",
        interests="Houtwerk, fietsen",
        wishes="Een opleiding tot timmerman",
        next_step="Dinsdag meedoen in de werkplaats",
        topics=["meaning", "participation"],
        notes="Kwam met de buurvrouw mee.",
    )
    html = response.content.decode()
    assert "Het gesprek is opgeslagen." in html
    assert sorted(Tag.objects.filter(kind=TagKind.TALENT).values_list("name", flat=True)) == [
        "Houtwerk", "Luisteren",
    ]
    # The same word as an interest is its own tag kind.
    interests = Tag.objects.filter(kind=TagKind.INTEREST).values_list("name", flat=True)
    assert sorted(interests, key=str.lower) == ["fietsen", "Houtwerk"]
    conversation = Conversation.objects.get()
    assert sorted(conversation.topics) == ["meaning", "participation"]
    assert conversation.recorded_by == world.users["coach"] and conversation.held_on == TODAY
    earlier = html.split("Eerdere gesprekken")[1]
    assert "20 november 2026" in earlier
    assert "Goed in:</strong> Houtwerk, Luisteren" in earlier
    assert "Een opleiding tot timmerman" in earlier
    assert "Dinsdag meedoen in de werkplaats" in earlier
    assert "Kwam met de buurvrouw mee." in earlier


def test_existing_tags_are_offered_as_suggestions(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    Tag.objects.create(name="Solderen", kind=TagKind.TALENT)
    Tag.objects.create(name="Koken", kind=TagKind.INTEREST)
    html = client_for("coach").get(url_for(person)).content.decode()
    talents = html.split('id="talent-suggestions"')[1].split("</datalist>")[0]
    interests = html.split('id="interest-suggestions"')[1].split("</datalist>")[0]
    assert '<option value="Solderen">' in talents and "Koken" not in talents
    assert '<option value="Koken">' in interests


def test_several_conversations_form_a_dated_timeline_newest_first(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    ConversationFactory(participant=person, held_on=TODAY - dt.timedelta(days=10), wishes="Eerste gesprek")
    ConversationFactory(participant=person, held_on=TODAY - dt.timedelta(days=3), wishes="Tweede gesprek")
    html = client_for("coach").get(url_for(person)).content.decode()
    assert html.index("Tweede gesprek") < html.index("Eerste gesprek")


def test_a_page_without_conversations_says_so(world: World, client_for: Callable[[str], Client]) -> None:
    html = client_for("coach").get(url_for(regular(world))).content.decode()
    assert "Nog geen gesprekken." in html
    assert "Kennismaken met Annechien B." in html


def test_a_conversation_in_the_future_is_refused_and_the_text_is_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    response = save(client_for("coach"), person, held_on=(TODAY + dt.timedelta(days=1)).isoformat(),
                    notes="Wil graag koken", talents="fietsen")
    html = response.content.decode()
    assert "Een gesprek kan niet in de toekomst liggen." in html
    assert "Wil graag koken" in html and 'value="fietsen"' in html
    assert not Conversation.objects.exists() and not Tag.objects.exists()


def test_an_empty_form_asks_to_write_down_at_least_one_thing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = save(client_for("coach"), regular(world), talents=" , ,")
    assert "Schrijf minstens één ding op uit het gesprek." in response.content.decode()
    assert not Conversation.objects.exists()


def test_too_many_or_too_long_tags_are_refused(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    client = client_for("coach")
    many = save(client, person, talents=", ".join(f"talent {i}" for i in range(16))).content.decode()
    assert "Hooguit 15 labels." in many
    long = save(client, person, interests="x" * 51).content.decode()
    assert "Een label is hooguit 50 tekens lang." in long
    assert not Conversation.objects.exists()


def test_the_service_reuses_a_tag_whatever_its_case(world: World) -> None:
    person = regular(world)
    first = conversation_add(participant=person, recorded_by=world.users["coach"], talents=["Houtwerk"])
    second = conversation_add(participant=person, recorded_by=world.users["coach"], talents=["houtWERK"])
    assert list(first.talents.all()) == list(second.talents.all())
    assert Tag.objects.count() == 1


def test_opening_the_page_writes_exactly_one_read_row_with_the_pseudonym(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    client_for("coach").get(url_for(person))
    rows = list(AccessLogEntry.objects.values_list("action", "participant_pseudonym", "actor_username"))
    assert rows == [(AccessAction.READ, person.pseudonym, "coach")]


def test_saving_writes_one_create_row_and_the_page_after_it_one_read_row(
    world: World, client_for: Callable[[str], Client]
) -> None:
    person = regular(world)
    save(client_for("coach"), person, notes="Eerste kennismaking")
    actions = list(
        AccessLogEntry.objects.filter(participant_pseudonym=person.pseudonym)
        .order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == [AccessAction.CREATE, AccessAction.READ]


def test_a_volunteer_cannot_see_notes(world: World, client_for: Callable[[str], Client]) -> None:
    person = regular(world)
    ConversationFactory(participant=person, held_on=TODAY, notes="Schulden bij de woningcorporatie")
    response = client_for("volunteer").get(url_for(person))
    assert response.status_code == 403
    assert "Schulden" not in response.content.decode()
