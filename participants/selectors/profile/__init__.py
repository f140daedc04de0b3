"""Reads for the participant page: the header, attendance in positive terms, the talent profile,
goals, ladders, the timeline, the sensitive section, the access history and a volunteer's own roles.

Need to know is enforced here, so no view can forget it: the participant is loaded through
``participants_visible_to``, and the sensitive section opens only through ``sensitive_access``."""

from __future__ import annotations

from participants.selectors.profile.history import access_history_for, merged_pseudonyms
from participants.selectors.profile.page import (
    Attendance,
    LadderPosition,
    MonthBar,
    TalentSummary,
    Volunteering,
    active_goals,
    attendance_summary,
    current_volunteer_roles,
    earlier_goals,
    handover_for,
    latest_ladder_positions,
    latest_profile,
    open_outflow,
    participant_for_page,
    questionnaires_to_record,
    talent_summary,
    volunteering_for,
)
from participants.selectors.profile.sensitive import (
    SensitiveAccess,
    can_see_sensitive,
    checked_access,
    sensitive_access,
    sensitive_entries_for,
)
from participants.selectors.profile.timeline import (
    TIMELINE_KIND_LABELS,
    TIMELINE_PAGE_SIZE,
    TimelineEntry,
    TimelinePage,
    timeline_kinds,
    timeline_page,
)

__all__ = [
    "TIMELINE_KIND_LABELS",
    "TIMELINE_PAGE_SIZE",
    "Attendance",
    "LadderPosition",
    "MonthBar",
    "SensitiveAccess",
    "TalentSummary",
    "TimelineEntry",
    "TimelinePage",
    "Volunteering",
    "access_history_for",
    "active_goals",
    "attendance_summary",
    "can_see_sensitive",
    "checked_access",
    "current_volunteer_roles",
    "earlier_goals",
    "handover_for",
    "latest_ladder_positions",
    "latest_profile",
    "merged_pseudonyms",
    "open_outflow",
    "participant_for_page",
    "questionnaires_to_record",
    "sensitive_access",
    "sensitive_entries_for",
    "talent_summary",
    "timeline_kinds",
    "timeline_page",
    "volunteering_for",
]
