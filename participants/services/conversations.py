from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ConversationKind, TagKind
from participants.models import Conversation, Participant, Tag
from voorveld.models import User

MAX_TAG_LENGTH = 50


def tags_get_or_create(*, names: Iterable[str], kind: TagKind) -> list[Tag]:
    """Find tags case-insensitively, creating the ones that do not exist yet."""
    wanted: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(name.split())[:MAX_TAG_LENGTH]
        if cleaned:
            wanted.setdefault(cleaned.lower(), cleaned)
    if not wanted:
        return []
    existing = {
        tag.lower_name: tag
        for tag in Tag.objects.annotate(lower_name=Lower("name")).filter(
            kind=kind, lower_name__in=list(wanted)
        )
    }
    missing = [Tag(name=display, kind=kind) for key, display in wanted.items() if key not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    return list(
        Tag.objects.annotate(lower_name=Lower("name")).filter(kind=kind, lower_name__in=list(wanted))
    )


@transaction.atomic
def conversation_add(
    *,
    participant: Participant,
    recorded_by: User,
    held_on: dt.date | None = None,
    kind: str = ConversationKind.KENNISMAKING,
    talents: Iterable[str] = (),
    interests: Iterable[str] = (),
    wishes: str = "",
    next_step: str = "",
    topics: Iterable[str] = (),
    notes: str = "",
) -> Conversation:
    """Add one dated conversation to the participant's timeline. Every field is optional: a
    kennismaking may go on over several conversations."""
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise ValidationError(_("A conversation cannot be dated in the future."), code="future")
    conversation = Conversation(
        participant=participant,
        held_on=held_on,
        kind=kind,
        wishes=wishes.strip(),
        next_step=next_step.strip(),
        topics=sorted(set(topics)),
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    conversation.full_clean()
    conversation.save()
    conversation.talents.set(tags_get_or_create(names=talents, kind=TagKind.TALENT))
    conversation.interests.set(tags_get_or_create(names=interests, kind=TagKind.INTEREST))
    return conversation
