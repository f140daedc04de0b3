"""The access log (NEN 7513 style): who touched which participant record, when, from where.

What is logged — one row per request, written by the view layer (participants/access.py builds the
context): reads of a record (READ), lists and overviews that name participants (LIST), searches
(SEARCH — never the search term), exports and downloads (EXPORT, DOWNLOAD), changes (CREATE,
UPDATE, DELETE) and refused attempts (DENIED, see participants/access.py for when).

A row holds the user's id, username and role at that moment, the participant's pseudonym (never a
foreign key, never a name or other free text), the action, the page (URL name), the time and the
client's address (voorveld.client_ip: REMOTE_ADDR, X-Forwarded-For only behind TRUSTED_PROXY_COUNT
trusted proxies).

How it is kept:
- Rows are written through their own connection (settings.DATABASES["access_log"], autocommit;
  participants.db_router): a row is committed at once, also when the request's transaction rolls
  back afterwards.
- The database refuses every UPDATE of a row and every DELETE of a row younger than the retention
  period (trigger of migration 0009; the period lives in the one-row table access_log_policy).
  TRUNCATE stays possible (test isolation, a deliberate reset by the database owner).
- ``access_log_purge`` (daily Celery beat job participants.tasks.access_log_purge_expired) deletes
  rows older than settings.ACCESS_LOG_RETENTION_DAYS: it first writes that period into
  access_log_policy, then deletes what the trigger's own cut-off allows, both in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction

from participants.constants import AccessAction
from participants.db_router import access_log_db
from participants.models import AccessLogEntry
from voorveld.models import User


@dataclass(frozen=True)
class AccessContext:
    """Who is asking, from where and on which page: built once per request by the view layer."""

    user: User
    client_ip: str | None
    view_name: str


def access_log_record(
    *, context: AccessContext, action: AccessAction, participant_pseudonym: uuid.UUID | None = None
) -> AccessLogEntry:
    """Append one row to the access log, committed at once on the access-log connection (whatever
    happens to the caller's transaction). Never stores search terms or other free text."""
    return AccessLogEntry.objects.using(access_log_db()).create(
        actor_id=context.user.pk,
        actor_username=context.user.get_username(),
        actor_role=context.user.role,
        participant_pseudonym=participant_pseudonym,
        action=action,
        view_name=context.view_name[:100],
        client_ip=context.client_ip,
    )


def access_log_purge() -> int:
    """Delete the access-log rows older than settings.ACCESS_LOG_RETENTION_DAYS; returns how many.

    The cut-off is the database's own (``access_log_cutoff()``, from the database clock and the
    period in access_log_policy), the same one the trigger checks, so the two always agree."""
    days = int(settings.ACCESS_LOG_RETENTION_DAYS)
    if days < 1:
        raise ValueError("ACCESS_LOG_RETENTION_DAYS must be at least 1")
    alias = access_log_db()
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("UPDATE access_log_policy SET retention_days = %s WHERE id = 1", [days])
        cursor.execute(
            f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE at < access_log_cutoff()"  # noqa: S608
        )
        return int(cursor.rowcount)
