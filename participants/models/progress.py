"""Progress at the participant's own pace: profile, goals, ladders, measurements, the sensitive
section, referrals, outflow and nazorg, volunteering and continuity."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    PARTICIPATION_LADDER_STEPS,
    TALENT_LADDER_STEPS,
    ContactChannel,
    GoalEventKind,
    GoalStatus,
    Ladder,
    MeasurementOccasion,
    OutflowDestination,
    ReferralDirection,
    ReferralOutcome,
    ReferralSource,
    SensitiveDomain,
    StepStatus,
)
from participants.models.core import Consent, Participant, Tag

USER = settings.AUTH_USER_MODEL


def _recorded_by() -> models.ForeignKey:
    return models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )


class TalentProfile(models.Model):
    """One version of the talent profile; the newest is current, older ones are the history."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="profiles")
    talents = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("talents"))
    interests = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("interests"))
    learning_wishes = models.TextField(_("wants to learn"), blank=True)
    roles = models.TextField(_("roles taken on"), blank=True, help_text=_("E.g. helps in the eetcafé."))
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.created_at:%Y-%m-%d}"


class LifeDomain(models.Model):
    """The configurable list of life domains a goal belongs to."""

    name = models.CharField(_("name"), max_length=60)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="life_domain_name_unique")]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="goals", verbose_name=_("life domain")
    )
    description = models.TextField(_("goal, in the participant's own words"))
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    started_on = models.DateField(_("set on"))
    created_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_valid"),
            models.CheckConstraint(condition=~Q(description=""), name="goal_description_required"),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(_("step"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=StepStatus.values), name="step_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=StepStatus.DONE) | Q(done_on__isnull=False),
                name="step_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class GoalEvent(models.Model):
    """A dated change to a goal (set, status, note, step): the goal's history on the timeline."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=GoalEventKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    happened_on = models.DateField(_("date"))
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal event")
        verbose_name_plural = _("goal events")
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=GoalEventKind.values), name="goal_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.kind} {self.happened_on:%Y-%m-%d}"


class LadderEntry(models.Model):
    """A dated position on the talent ladder or the Participatieladder; steps back are normal."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ladder_entries")
    ladder = models.CharField(_("ladder"), max_length=15, choices=Ladder.choices)
    value = models.PositiveSmallIntegerField(_("step"))
    recorded_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(ladder=Ladder.TALENT, value__gte=min(TALENT_LADDER_STEPS),
                      value__lte=max(TALENT_LADDER_STEPS))
                    | Q(ladder=Ladder.PARTICIPATION, value__gte=min(PARTICIPATION_LADDER_STEPS),
                        value__lte=max(PARTICIPATION_LADDER_STEPS))
                ),
                name="ladder_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.ladder} {self.value}"


class Questionnaire(models.Model):
    """Short questions a coordinator defines (e.g. agreed with a funder)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=200)
    scale_min = models.SmallIntegerField(_("lowest answer"), default=1)
    scale_max = models.SmallIntegerField(_("highest answer"), default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_min__lt=F("scale_max")), name="question_scale_valid"),
        ]

    def __str__(self) -> str:
        return self.text


class Measurement(models.Model):
    """One filling-in of a questionnaire with the participant, at intake or a review."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="measurements")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="measurements")
    taken_on = models.DateField(_("date"))
    occasion = models.CharField(_("moment"), max_length=10, choices=MeasurementOccasion.choices)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.questionnaire_id} {self.taken_on:%Y-%m-%d}"


class MeasurementAnswer(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "question"], name="answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class SensitiveEntry(models.Model):
    """Life domains the participant chose to discuss; only after consent, only for need-to-know."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sensitive_entries")
    domains = ArrayField(
        models.CharField(max_length=15, choices=SensitiveDomain.choices), blank=True, default=list,
        verbose_name=_("life domains"),
    )
    note = models.TextField(_("short note"), blank=True, max_length=2000)
    recorded_on = models.DateField(_("date"))
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sensitive entry")
        verbose_name_plural = _("sensitive entries")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.recorded_on:%Y-%m-%d}"

    def get_domains_display_list(self) -> list[str]:
        labels = dict(SensitiveDomain.choices)
        return [str(labels.get(domain, domain)) for domain in self.domains]


class Referral(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    direction = models.CharField(_("direction"), max_length=3, choices=ReferralDirection.choices)
    partner = models.CharField(_("partner"), max_length=20, choices=ReferralSource.choices)
    partner_name = models.CharField(_("name of the partner"), max_length=200, blank=True)
    referred_on = models.DateField(_("date"))
    # Consents are withdrawn, never deleted; they go only with the participant, and so does this.
    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals",
        verbose_name=_("consent"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ReferralOutcome.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=ReferralDirection.values), name="referral_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ReferralOutcome.values), name="referral_outcome_valid"
            ),
            # Referring someone out needs their recorded consent.
            models.CheckConstraint(
                condition=Q(direction=ReferralDirection.IN) | Q(consent__isnull=False),
                name="referral_out_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.direction} {self.partner}"


class Outflow(models.Model):
    """Leaving, with a destination. Ended when the person comes back (re-activated)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outflows")
    outflow_on = models.DateField(_("date"))
    destination = models.CharField(_("destination"), max_length=15, choices=OutflowDestination.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    ended_on = models.DateField(_("came back on"), null=True, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outflow")
        verbose_name_plural = _("outflows")
        ordering = ["-outflow_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="outflow_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("outflow_on")),
                name="outflow_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(destination__in=OutflowDestination.values), name="outflow_destination_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.destination} {self.outflow_on:%Y-%m-%d}"


class NazorgContact(models.Model):
    """A contact after (or during) a long absence or outflow: phone, app, visit."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    contact_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=ContactChannel.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contact_on", "-id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.channel} {self.contact_on:%Y-%m-%d}"


class VolunteerRole(models.Model):
    """A participant who also volunteers: a role, the dagdelen, what they want to learn in it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="volunteer_roles")
    role = models.CharField(_("role"), max_length=100)
    dagdelen = models.CharField(_("dagdelen"), max_length=200, blank=True,
                                help_text=_("E.g. Tuesday and Thursday morning."))
    learning_goals = models.TextField(_("learning goals"), blank=True)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="volunteer_role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.role


class Handover(models.Model):
    """A change of vaste begeleider, with the note the next coach reads first."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="handovers")
    from_coach = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    to_coach = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("handover note"), max_length=2000)
    handed_over_on = models.DateField(_("date"))
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_over_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="handover_note_required")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.handed_over_on:%Y-%m-%d}"


class ParticipantMerge(models.Model):
    """A recorded merge of two records of one person: maps the removed pseudonym to the kept one,
    so the kept person's access history includes both (the access log itself is never changed)."""

    kept_pseudonym = models.UUIDField(_("kept record"), db_index=True)
    removed_pseudonym = models.UUIDField(_("removed record"), unique=True)
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    merged_by_id = models.BigIntegerField(_("merged by (user id)"), null=True)
    merged_by_username = models.CharField(_("merged by"), max_length=150)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.removed_pseudonym} → {self.kept_pseudonym}"
