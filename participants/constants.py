from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dagdeel(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MunicipalityKind(models.TextChoices):
    REGULAR = "regular", _("Municipality")
    OTHER = "other", _("Other municipality")
    UNKNOWN = "unknown", _("Unknown / no fixed abode")


class IndicatieCategory(models.TextChoices):
    NONE = "none", _("Without indicatie")
    WMO = "wmo", _("Wmo")
    WLZ = "wlz", _("Wlz")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    UNKNOWN = "unknown", _("Unknown")


class ParticipantStatus(models.TextChoices):
    NEW = "new", _("New")
    ACTIVE = "active", _("Active")
    OUTFLOWED = "outflowed", _("Outflowed")


class ReferralSource(models.TextChoices):
    """One code list for 'how they came' at the door and for referrals in and out."""

    SELF = "self", _("Walked in themselves")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    GP = "gp", _("GP / POH")
    SOCIAL_SERVICES = "social_services", _("Sociale dienst")
    GGZ = "ggz", _("GGZ")
    SCHOOL = "school", _("School")
    SCHULDHULP = "schuldhulp", _("Schuldhulp")
    AMW = "amw", _("AMW")
    MEE = "mee", _("MEE")
    WMO_LOKET = "wmo_loket", _("Wmo-loket")
    OTHER = "other", _("Other")


class ConsentPurpose(models.TextChoices):
    RECORDING = "recording", _("Recording at all")
    SENSITIVE = "sensitive", _("Sensitive section")
    REFERRAL = "referral", _("Referral to a named partner")
    STORY = "story", _("Story in a report")
    SOCIAL_SERVICES = "social_services", _("Sharing with the sociale dienst")


class ConsentGiver(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    GUARDIAN = "guardian", _("Parent or guardian")


class AccessAction(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    LIST = "list", _("List")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    DENIED = "denied", _("Denied")


MAX_NAME_LENGTH = 100


class TagKind(models.TextChoices):
    TALENT = "talent", _("Talent")
    INTEREST = "interest", _("Interest")


class ConversationKind(models.TextChoices):
    KENNISMAKING = "kennismaking", _("First conversation (kennismaking)")
    FOLLOW_UP = "follow_up", _("Follow-up conversation")


class HealthDimension(models.TextChoices):
    """The six dimensions of Positieve Gezondheid, used only as optional conversation prompts —
    never as scores (the instrument belongs to iPH)."""

    BODY = "body", _("Bodily functions")
    MENTAL = "mental", _("Mental wellbeing")
    MEANING = "meaning", _("Meaningfulness")
    QUALITY_OF_LIFE = "quality_of_life", _("Quality of life")
    PARTICIPATION = "participation", _("Participation")
    DAILY_FUNCTIONING = "daily_functioning", _("Daily functioning")


# The version of the plain-language consent text read out at the door (templates/intake/_consent_text.html).
DOOR_CONSENT_VERSION = "2026-11"
# Under this age, consent for the sensitive section needs a parent or guardian (AVG art. 8, UAVG).
GUARDIAN_CONSENT_AGE = 16


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    ADJUSTED = "adjusted", _("Adjusted")
    STOPPED = "stopped", _("Stopped")


class StepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class GoalEventKind(models.TextChoices):
    CREATED = "created", _("Goal set")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Progress note")
    STEP_ADDED = "step_added", _("Step added")
    STEP_DONE = "step_done", _("Step done")
    STEP_DROPPED = "step_dropped", _("Step dropped")
    REOPENED = "reopened", _("Goal reopened")


class Ladder(models.TextChoices):
    TALENT = "talent", _("Talent ladder")
    PARTICIPATION = "participation", _("Participatieladder")


TALENT_LADDER_STEPS = {1: _("Talent"), 2: _("Assistant"), 3: _("Volunteer")}
PARTICIPATION_LADDER_STEPS = {
    1: _("1 Isolated"),
    2: _("2 Social contacts outside the home"),
    3: _("3 Taking part in organised activities"),
    4: _("4 Unpaid work"),
    5: _("5 Paid work with support"),
    6: _("6 Paid work"),
}
LADDER_STEPS = {Ladder.TALENT: TALENT_LADDER_STEPS, Ladder.PARTICIPATION: PARTICIPATION_LADDER_STEPS}


class MeasurementOccasion(models.TextChoices):
    INTAKE = "intake", _("At intake")
    REVIEW = "review", _("At a review")
    OTHER = "other", _("Other moment")


class SensitiveDomain(models.TextChoices):
    DEBTS = "debts", _("Debts and money")
    HEALTH = "health", _("Health")
    PSYCHOLOGICAL = "psychological", _("Psychological wellbeing")
    ADDICTION = "addiction", _("Addiction")
    HOUSING = "housing", _("Housing")
    JUSTICE = "justice", _("Justice")


class ReferralDirection(models.TextChoices):
    IN = "in", _("Referred to us")
    OUT = "out", _("Referred by us")


class ReferralOutcome(models.TextChoices):
    UNKNOWN = "", _("Not known yet")
    STARTED = "started", _("Started")
    NOT_STARTED = "not_started", _("Not started")


class OutflowDestination(models.TextChoices):
    PAID_WORK = "paid_work", _("Paid work (also a small job)")
    EDUCATION = "education", _("Education or training")
    VOLUNTEERING = "volunteering", _("Volunteer work elsewhere")
    CLUB = "club", _("A club or association")
    OWN_BUSINESS = "own_business", _("Own business")
    CARE = "care", _("Care with an indicatie")
    MOVED = "moved", _("Moved")
    STOPPED = "stopped", _("Stopped")
    UNKNOWN = "unknown", _("Unknown")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    APP = "app", _("App or message")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


DEFAULT_LIFE_DOMAINS = (
    "Werk en dagbesteding",
    "Sociaal netwerk",
    "Gezondheid",
    "Financiën",
    "Wonen",
    "Leren",
    "Zingeving",
)


class ErasureReason(models.TextChoices):
    """Why a record was anonymised. A code only: the erasure record holds no personal data."""

    REQUEST = "request", _("Request of the person (right to erasure)")
    GUARDIAN_REQUEST = "guardian", _("Request of a parent or guardian")
    NOT_NEEDED = "not_needed", _("Record no longer needed")
    RETENTION = "retention", _("Retention period passed")


# What an anonymised record shows instead of free text that a constraint requires to be non-empty.
ERASED_PLACEHOLDER = "-"
# Coordinators see who will be anonymised for retention this many days ahead.
RETENTION_PREVIEW_DAYS = 30
