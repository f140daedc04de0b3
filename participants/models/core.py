"""Person-centred data: the base every other app builds on. Imports no other app."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    MAX_NAME_LENGTH,
    AccessAction,
    ConsentGiver,
    ConsentPurpose,
    ConversationKind,
    Dagdeel,
    ErasureReason,
    HealthDimension,
    IndicatieCategory,
    MunicipalityKind,
    ParticipantStatus,
    ReferralSource,
    TagKind,
    Weekday,
)


class Organisation(models.Model):
    """The one organisation this deployment serves (no multi-tenancy): a single row."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    logo = models.ImageField(
        _("logo"), upload_to="organisation/", blank=True,
        help_text=_("PNG or JPEG, shown in the portal and on reports."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="organisation_single_row"),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A gemeente of residence. "Other municipality" and "unknown / no fixed abode" always exist."""

    name = models.CharField(_("name"), max_length=100)
    cbs_code = models.CharField(
        _("CBS code"), max_length=6, blank=True,
        help_text=_("The CBS municipality code, e.g. GM0119. Empty for the two special entries."),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MunicipalityKind.choices,
        default=MunicipalityKind.REGULAR,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="municipality_name_unique"),
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~Q(cbs_code=""), name="municipality_cbs_unique"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=~Q(kind=MunicipalityKind.REGULAR),
                name="municipality_one_special_of_each_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MunicipalityKind.values), name="municipality_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_special(self) -> bool:
        return self.kind != MunicipalityKind.REGULAR


class Location(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), help_text=_("How many people can take part in one dagdeel.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="locations", blank=True,
        verbose_name=_("staff"),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="location_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class LocationOpening(models.Model):
    """One dagdeel of the weekly schedule in which a location is open."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="openings")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    dagdeel = models.CharField(_("dagdeel"), max_length=10, choices=Dagdeel.choices)

    class Meta:
        verbose_name = _("opening dagdeel")
        verbose_name_plural = _("opening dagdelen")
        ordering = ["weekday", "dagdeel"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "weekday", "dagdeel"], name="opening_unique_per_dagdeel"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_weekday_range"),
            models.CheckConstraint(condition=Q(dagdeel__in=Dagdeel.values), name="opening_dagdeel_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.get_weekday_display()} {self.get_dagdeel_display()}"


class LocationClosure(models.Model):
    """A date on which a location is closed (holiday, maintenance), whatever its schedule says."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure date")
        verbose_name_plural = _("closure dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["location", "date"], name="closure_unique_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.date:%Y-%m-%d}"


class Activity(models.Model):
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="activity_name_unique")]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone who takes part. The minimal record is a first name or nickname and a gemeente."""

    pseudonym = models.UUIDField(
        _("pseudonymous id"), default=uuid.uuid4, unique=True, editable=False,
        help_text=_("Identifies the person in the access log without a foreign key."),
    )
    first_name = models.CharField(_("first name"), max_length=MAX_NAME_LENGTH, blank=True)
    nickname = models.CharField(_("nickname"), max_length=MAX_NAME_LENGTH, blank=True)
    last_name = models.CharField(_("last name"), max_length=MAX_NAME_LENGTH, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="participants",
        verbose_name=_("municipality of residence"),
    )
    indicatie_category = models.CharField(
        _("indicatie category"), max_length=20, choices=IndicatieCategory.choices,
        default=IndicatieCategory.NONE,
    )
    referral_source = models.CharField(
        _("how they came"), max_length=20, choices=ReferralSource.choices, blank=True,
    )
    usual_activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("usual activity"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ParticipantStatus.choices,
        default=ParticipantStatus.NEW,
    )
    fixed_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="caseload", verbose_name=_("fixed coach"),
        limit_choices_to={"role__in": ["coach", "coordinator"]},
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="participant", verbose_name=_("volunteer account"),
        help_text=_("When this participant also volunteers: their own login."),
    )
    registration_key = models.UUIDField(
        null=True, blank=True, unique=True, editable=False,
        help_text=_("The key of the registration form, so a double submit registers one person."),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("registered by"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Privacy (issue 6): a record is anonymised in place, so counts and reports stay right.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    legal_hold = models.BooleanField(
        _("legal hold"), default=False,
        help_text=_("Keeps the record from being anonymised after the retention period."),
    )
    legal_hold_reason = models.CharField(
        _("reason for the legal hold"), max_length=300, blank=True,
        help_text=_("Why the record must be kept, without names or other personal details."),
    )
    legal_hold_since = models.DateField(_("legal hold since"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="participant_birth_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(first_name="") | ~Q(nickname=""),
                name="participant_first_name_or_nickname",
            ),
            models.CheckConstraint(
                condition=Q(indicatie_category__in=IndicatieCategory.values),
                name="participant_indicatie_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ParticipantStatus.values), name="participant_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False)
                | (~Q(legal_hold_reason="") & Q(legal_hold_since__isnull=False)),
                name="participant_legal_hold_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True)
                | Q(first_name="", last_name="", phone="", date_of_birth__isnull=True, legal_hold=False),
                name="participant_anonymised_has_no_name",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def called(self) -> str:
        """The name the person goes by: the nickname when there is one."""
        if self.anonymised_at is not None:
            return str(_("Anonymised"))
        return self.nickname or self.first_name

    @property
    def short_name(self) -> str:
        """Enough to tell two people apart without showing the full name."""
        initial = f" {self.last_name[0]}." if self.last_name else ""
        return f"{self.called}{initial}"

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.birth_year:
            # Without a full date, count the birthday as not yet reached: the safe side for consent.
            return day.year - self.birth_year - 1
        return None


class Visit(models.Model):
    """Attendance for one dagdeel, with a snapshot of gemeente and indicatie on that day."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"), help_text=_("Local date (Europe/Amsterdam)."))
    dagdeel = models.CharField(_("dagdeel"), max_length=10, choices=Dagdeel.choices)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="visits", verbose_name=_("location")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
        verbose_name=_("activity"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("municipality at this visit"),
    )
    indicatie_category = models.CharField(
        _("indicatie category at this visit"), max_length=20, choices=IndicatieCategory.choices
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("checked in by"),
    )
    request_key = models.UUIDField(
        null=True, blank=True, unique=True, editable=False,
        help_text=_("The key of the check-in form, so a retried request makes no second visit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "dagdeel"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "date", "dagdeel"], name="visit_once_per_dagdeel"
            ),
            models.CheckConstraint(condition=Q(dagdeel__in=Dagdeel.values), name="visit_dagdeel_valid"),
            models.CheckConstraint(
                condition=Q(indicatie_category__in=IndicatieCategory.values),
                name="visit_indicatie_valid",
            ),
        ]
        indexes = [models.Index(fields=["location", "date", "dagdeel"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.date:%Y-%m-%d} {self.dagdeel}"


class AnonymousVisitCount(models.Model):
    """People who joined a dagdeel without being registered: counted in reach as visits, never as persons."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="anonymous_counts")
    date = models.DateField(_("date"))
    dagdeel = models.CharField(_("dagdeel"), max_length=10, choices=Dagdeel.choices)
    count = models.PositiveSmallIntegerField(_("anonymous visitors"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("anonymous visitors")
        verbose_name_plural = _("anonymous visitors")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "date", "dagdeel"], name="anonymous_count_once_per_dagdeel"
            ),
            models.CheckConstraint(condition=Q(count__lte=500), name="anonymous_count_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.date:%Y-%m-%d} {self.dagdeel}: {self.count}"


class Tag(models.Model):
    """A free talent or interest tag; existing tags are offered as suggestions."""

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=TagKind.choices)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="tag_name_unique_per_kind"),
            models.CheckConstraint(condition=~Q(name=""), name="tag_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    """A dated conversation (kennismaking or later) on the participant's timeline."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="conversations"
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=15, choices=ConversationKind.choices,
        default=ConversationKind.KENNISMAKING,
    )
    talents = models.ManyToManyField(
        Tag, blank=True, related_name="+", verbose_name=_("talents"),
        limit_choices_to={"kind": TagKind.TALENT},
    )
    interests = models.ManyToManyField(
        Tag, blank=True, related_name="+", verbose_name=_("interests"),
        limit_choices_to={"kind": TagKind.INTEREST},
    )
    wishes = models.TextField(_("what they want to learn or achieve"), blank=True)
    next_step = models.CharField(_("a first small next step"), max_length=300, blank=True)
    topics = ArrayField(
        models.CharField(max_length=20, choices=HealthDimension.choices), blank=True, default=list,
        verbose_name=_("topics discussed"),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.held_on:%Y-%m-%d}"


class Consent(models.Model):
    """Consent for one purpose, with the version of the text that was explained."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("version of the text"), max_length=20)
    given_by = models.CharField(
        _("given by"), max_length=12, choices=ConsentGiver.choices,
        default=ConsentGiver.PARTICIPANT,
    )
    guardian_name = models.CharField(_("name of parent or guardian"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=~Q(given_by=ConsentGiver.GUARDIAN) | ~Q(guardian_name=""),
                name="consent_guardian_named",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.purpose} {self.given_on:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class AccessLogEntry(models.Model):
    """Who touched which participant record, when (NEN 7513 style).

    Deliberately without foreign keys: erasing a participant or a user never touches the log, and
    the participant is identified only by pseudonym. Never holds free text or search terms.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True)
    actor_username = models.CharField(_("user"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    participant_pseudonym = models.UUIDField(_("participant"), null=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    view_name = models.CharField(_("page"), max_length=100, blank=True)
    client_ip = models.GenericIPAddressField(_("client IP"), null=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AccessAction.values), name="access_log_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class ErasureRecord(models.Model):
    """That a participant's record was anonymised: pseudonym, reason code, who, when — nothing
    else, so it holds no personal data. Without foreign keys, like the access log."""

    pseudonym = models.UUIDField(_("participant"), unique=True)
    reason = models.CharField(_("reason"), max_length=12, choices=ErasureReason.choices)
    erased_at = models.DateTimeField(_("when"), auto_now_add=True)
    erased_by_id = models.BigIntegerField(_("user id"), null=True)
    erased_by_username = models.CharField(
        _("by"), max_length=150, help_text=_("Empty when the retention job did it."), blank=True,
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=ErasureReason.values), name="erasure_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d} {self.reason}"
