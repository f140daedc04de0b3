"""Who viewed a record, including the records merged into it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, overload

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    QuerySet,
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


Row = dict[str, Any]


class AccessHistory:
    """The rows of one record's access history, for a Paginator: ``count()``, indexes and slices.

    The log lives on its own database connection (participants.db_router), so the users' current
    names are looked up separately, on the default connection, for the rows of one page only."""

    def __init__(self, rows: QuerySet[Any, Any]) -> None:
        self._rows = rows

    def count(self) -> int:
        return self._rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Row]:
        return iter(self[:])

    @overload
    def __getitem__(self, index: int, /) -> Row: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Row]: ...
    def __getitem__(self, index: int | slice, /) -> Row | list[Row]:
        if isinstance(index, int):
            return self._with_names([self._rows[index]])[0]
        return self._with_names(list(self._rows[index]))

    @staticmethod
    def _with_names(rows: list[Row]) -> list[Row]:
        ids = {row["actor_id"] for row in rows if row["actor_id"] is not None}
        names = dict(
            User.objects.filter(pk__in=ids)
            .annotate(full=Concat("first_name", Value(" "), "last_name", output_field=CharField()))
            .values_list("pk", "full")
        )
        for row in rows:
            row["actor_name"] = names.get(row.pop("actor_id"))
        return rows


def access_history_for(*, participant: Participant) -> AccessHistory:
    """Every access-log row about this person, newest first, including the rows written under the
    pseudonyms of records merged into it (``from_merged_record``), with the user's current name
    when the account still exists (``actor_name``). The log itself is never changed; rows come as
    dicts (never with the client IP)."""
    pseudonyms = merged_pseudonyms(pseudonym=participant.pseudonym)
    return AccessHistory(
        AccessLogEntry.objects.filter(participant_pseudonym__in=pseudonyms)
        .annotate(
            from_merged_record=Case(
                When(participant_pseudonym=participant.pseudonym, then=Value(False)), default=Value(True)
            ),
        )
        .values("at", "actor_id", "actor_username", "actor_role", "action", "view_name", "from_merged_record")
        .order_by("-at", "-id")
    )
