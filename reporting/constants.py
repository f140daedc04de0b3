from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FUND = "fund", _("Fund")


class Cadence(models.TextChoices):
    HALF_YEARLY = "half_yearly", _("Half-yearly (H1 and H2)")
    CUSTOM = "custom", _("Custom periods")


class ReportStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RENDERING = "rendering", _("Being made")
    CONCEPT = "concept", _("Concept")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    REPLACED = "replaced", _("Replaced by a newer request")


# Reports in these states are still being made or reviewed: at most one per arrangement and period.
OPEN_REPORT_STATUSES = (ReportStatus.REQUESTED, ReportStatus.RENDERING, ReportStatus.CONCEPT)


class IndicatorKey(models.TextChoices):
    """Standard figures a funder can agree on; a measurement question is an indicator too."""

    UNIQUE_PARTICIPANTS = "unique_participants", _("Unique participants")
    NEW_PARTICIPANTS = "new_participants", _("New participants")
    WITHOUT_INDICATIE = "without_indicatie", _("Participants without indicatie")
    DAGDELEN_ATTENDED = "dagdelen_attended", _("Dagdelen attended")
    AVERAGE_PER_DAGDEEL = "average_per_dagdeel", _("Average participants per opening dagdeel")
    ANONYMOUS_VISITS = "anonymous_visits", _("Anonymous visits")
    GOALS_SET = "goals_set", _("Goals set")
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
    PARTICIPATION_LADDER_UP = "participation_ladder_up", _("Up on the Participatieladder")
    TALENT_LADDER_UP = "talent_ladder_up", _("Up on the talent ladder")
    OUTFLOW = "outflow", _("Outflow")
    REFERRALS_OUT = "referrals_out", _("Referrals out")
    VOLUNTEERS_ACTIVE = "volunteers_active", _("Volunteers active")
    QUESTION = "question", _("Measurement question")


MIN_SUPPRESSION_THRESHOLD = 3
DEFAULT_SUPPRESSION_THRESHOLD = 5
