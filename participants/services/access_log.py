from __future__ import annotations

import uuid
from dataclasses import dataclass

from participants.constants import AccessAction
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
    """Append one row to the access log. Never stores search terms or other free text."""
    return AccessLogEntry.objects.create(
        actor_id=context.user.pk,
        actor_username=context.user.get_username(),
        actor_role=context.user.role,
        participant_pseudonym=participant_pseudonym,
        action=action,
        view_name=context.view_name[:100],
        client_ip=context.client_ip,
    )
