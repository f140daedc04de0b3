"""Writes of person-centred data, one module per topic; import them from here."""

from __future__ import annotations

from participants.services.access_log import (
    AccessContext,
    access_log_record,
)
from participants.services.attendance import (
    MAX_ANONYMOUS,
    AlreadyCheckedIn,
    CheckInResult,
    anonymous_count_adjust,
    visit_check_in,
    visit_date_validate,
    visit_undo,
    visits_record_bulk,
)
from participants.services.consents import (
    consent_record,
    consent_rule_check,
    consent_withdraw,
)
from participants.services.conversations import (
    MAX_TAG_LENGTH,
    conversation_add,
    tags_get_or_create,
)
from participants.services.organisation import (
    SPECIAL_MUNICIPALITY_NAMES,
    activity_create,
    activity_set_active,
    activity_update,
    closure_add,
    closure_remove,
    location_create,
    location_set_active,
    location_update,
    municipality_create,
    municipality_ensure_special,
    municipality_set_active,
    municipality_update,
    organisation_update,
    staff_create,
    staff_set_active,
    staff_update,
)
from participants.services.registration import (
    CheckInTarget,
    NewcomerDetails,
    Registration,
    participant_register,
)

__all__ = [
    "Registration",
    "AccessContext",
    "AlreadyCheckedIn",
    "CheckInResult",
    "CheckInTarget",
    "MAX_ANONYMOUS",
    "MAX_TAG_LENGTH",
    "NewcomerDetails",
    "SPECIAL_MUNICIPALITY_NAMES",
    "access_log_record",
    "activity_create",
    "activity_set_active",
    "activity_update",
    "anonymous_count_adjust",
    "closure_add",
    "closure_remove",
    "consent_record",
    "consent_rule_check",
    "consent_withdraw",
    "conversation_add",
    "location_create",
    "location_set_active",
    "location_update",
    "municipality_create",
    "municipality_ensure_special",
    "municipality_set_active",
    "municipality_update",
    "organisation_update",
    "participant_register",
    "staff_create",
    "staff_set_active",
    "staff_update",
    "tags_get_or_create",
    "visit_check_in",
    "visit_date_validate",
    "visit_undo",
    "visits_record_bulk",
]
