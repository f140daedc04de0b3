"""Sends every query on the access log through its own database connection.

``settings.DATABASES["access_log"]`` points at the same database as ``default`` but is a separate
connection in autocommit mode. A log row written there is committed at once: when the request's
own transaction (on ``default``) rolls back afterwards, the row stays. Reads go there too, so a
test (whose two connections each run inside their own rolled-back transaction) reads back what it
wrote. Nothing is ever migrated through the second alias: ``migrate`` runs on ``default`` only.

Without an ``access_log`` entry in DATABASES (a stripped-down settings module) everything stays on
``default``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

ACCESS_LOG_DB = "access_log"


def access_log_db() -> str:
    """The alias the access log is written through (``default`` when no second alias exists)."""
    return ACCESS_LOG_DB if ACCESS_LOG_DB in settings.DATABASES else "default"


def _is_access_log(model: type[models.Model]) -> bool:
    return model._meta.label == "participants.AccessLogEntry"


class AccessLogRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return access_log_db() if _is_access_log(model) else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return access_log_db() if _is_access_log(model) else None

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        return None  # the log has no relations

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        # The schema (the log table and its trigger included) is migrated through "default" only;
        # the second alias is the same database, so it must never run migrations or flushes itself.
        return False if db == ACCESS_LOG_DB else None
