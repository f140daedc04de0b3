"""Demo data for the door: kennismaking conversations and anonymous visitors (fictional)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Min

from participants.constants import ConversationKind, HealthDimension, TagKind
from participants.models import AnonymousVisitCount, Conversation, Location, Participant, Tag, Visit
from voorveld.models import User

TALENTS = (
    "zagen",
    "schuren",
    "luisteren",
    "koken",
    "naaien",
    "fietsen repareren",
    "tekenen",
    "plannen",
    "met mensen omgaan",
    "computers",
    "tuinieren",
    "geduld",
    "humor",
    "precisie",
)
INTERESTS = (
    "houtwerk",
    "muziek",
    "voetbal",
    "natuur",
    "koken",
    "mode",
    "fotografie",
    "techniek",
    "dieren",
    "gamen",
    "geschiedenis",
    "fietsen",
)
WISHES = (
    "Weer een ritme in de week",
    "Leren werken met de cirkelzaag",
    "Een eigen fiets opknappen",
    "Mensen leren kennen",
    "Misschien een opleiding",
    "Later vrijwilligerswerk doen",
    "Beter leren koken",
    "Een kast maken voor thuis",
    "Weer durven om hulp te vragen",
)
STEPS = (
    "Volgende week dinsdag weer komen",
    "Een keer meedraaien in het eetcafé",
    "Samen met de coach een plan maken",
    "Een eigen werkstuk kiezen",
    "Kennismaken met de vrijwilligers van de tuin",
)
NOTES = (
    "Kwam binnen met een vriend, bleef de hele ochtend.",
    "Wat afwachtend, maar lachte veel.",
    "Vertelde graag over vroeger werk in de bouw.",
    "Wil het rustig aan doen.",
    "",
)


def seed_door_demo(
    *, rng: random.Random, today: dt.date, locations: dict[str, Location], staff: dict[str, list[User]]
) -> tuple[int, int]:
    """Kennismaking entries for most participants (some over two conversations) and anonymous
    visitors on about a third of the dagdelen that had visits. Returns (conversations, counters)."""
    talents = {name: Tag.objects.get_or_create(name=name, kind=TagKind.TALENT)[0] for name in TALENTS}
    interests = {name: Tag.objects.get_or_create(name=name, kind=TagKind.INTEREST)[0] for name in INTERESTS}
    first_visits = dict(
        Visit.objects.values("participant_id")
        .annotate(first=Min("date"))
        .values_list("participant_id", "first")
    )
    people = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    coaches = [user for users in staff.values() for user in users if user.role == "coach"]
    conversations: list[Conversation] = []
    for pk in people:
        if rng.random() > 0.85 or pk not in first_visits:
            continue
        held_on = first_visits[pk]
        for round_ in range(rng.choice((1, 1, 1, 2, 3))):
            conversations.append(
                Conversation(
                    participant_id=pk,
                    held_on=min(today, held_on + dt.timedelta(days=14 * round_)),
                    kind=ConversationKind.KENNISMAKING if round_ == 0 else ConversationKind.FOLLOW_UP,
                    wishes=rng.choice(WISHES),
                    next_step=rng.choice(STEPS),
                    notes=rng.choice(NOTES),
                    topics=sorted(rng.sample(list(HealthDimension.values), rng.randint(0, 2))),
                    recorded_by=rng.choice(coaches) if coaches else None,
                )
            )
    Conversation.objects.bulk_create(conversations)
    talent_links, interest_links = [], []
    for conversation in conversations:
        for name in rng.sample(TALENTS, rng.randint(1, 3)):
            talent_links.append(
                Conversation.talents.through(conversation_id=conversation.pk, tag_id=talents[name].pk)
            )
        for name in rng.sample(INTERESTS, rng.randint(0, 2)):
            interest_links.append(
                Conversation.interests.through(conversation_id=conversation.pk, tag_id=interests[name].pk)
            )
    Conversation.talents.through.objects.bulk_create(talent_links)
    Conversation.interests.through.objects.bulk_create(interest_links)

    dagdelen = (
        Visit.objects.filter(location__in=locations.values())
        .values_list("location_id", "date", "dagdeel")
        .distinct()
        .order_by("location_id", "date", "dagdeel")
    )
    counters = [
        AnonymousVisitCount(location_id=location_id, date=date, dagdeel=dagdeel, count=rng.randint(1, 3))
        for location_id, date, dagdeel in dagdelen
        if rng.random() < 0.33
    ]
    AnonymousVisitCount.objects.bulk_create(counters)
    return len(conversations), len(counters)
