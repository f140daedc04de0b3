"""Who viewed a record, including the records merged into it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat

from participants.models import (
    AccessLogEntry,
    Participant,
    ParticipantMerge,
)
from voorveld.models import User

# Who viewed this record


def merged_pseudonyms(*, pseudonym: uuid.UUID) -> list[uuid.UUID]:
    """The pseudonym and those of every record merged into it, also through earlier merges
    (A into B, then B into C): one recursive query."""
    table = connection.ops.quote_name(ParticipantMerge._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE merged(pseudonym) AS (
                SELECT %s::uuid
                UNION
                SELECT m.removed_pseudonym FROM {table} m JOIN merged ON m.kept_pseudonym = merged.pseudonym
            )
            SELECT pseudonym FROM merged
            """,  # noqa: S608 - the table name comes from the model, the value is a parameter
            [str(pseudonym)],
        )
        return [uuid.UUID(str(row[0])) for row in cursor.fetchall()]


def access_history_for(*, participant: Participant) -> QuerySet[AccessLogEntry, Mapping[str, Any]]:
    """Every access-log row about this person, newest first, including the rows written under the
    pseudonyms of records merged into it (``from_merged_record``), with the user's current name
    when the account still exists (``actor_name``). The log itself is never changed; rows come as
    dicts (never with the client IP)."""
    pseudonyms = merged_pseudonyms(pseudonym=participant.pseudonym)
    names = User.objects.filter(pk=OuterRef("actor_id")).annotate(
        full=Concat("first_name", Value(" "), "last_name", output_field=CharField())
    )
    return (
        AccessLogEntry.objects.filter(participant_pseudonym__in=pseudonyms)
        .annotate(
            from_merged_record=Case(
                When(participant_pseudonym=participant.pseudonym, then=Value(False)), default=Value(True)
            ),
            actor_name=Subquery(names.values("full")[:1]),
        )
        .values(
            "at", "actor_username", "actor_role", "action", "view_name", "from_merged_record", "actor_name"
        )
        .order_by("-at", "-id")
    )
