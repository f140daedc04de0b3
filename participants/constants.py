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
    """How someone came: one code list shared by intake ('how they came') and referrals in."""

    SELF = "self", _("Walked in themselves")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    GP = "gp", _("GP / POH")
    SOCIAL_SERVICES = "social_services", _("Sociale dienst")
    GGZ = "ggz", _("GGZ")
    SCHOOL = "school", _("School")
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
