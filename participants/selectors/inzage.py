"""Inzage (right of access, AVG art. 15): everything held about one participant, in sections.

Each section is one model; ``PERSON_MODELS`` names every model of this app that holds rows about
a person and how to reach the person from it. Rows of other apps that point at those records (a
story resting on a consent) are found through model metadata, so this app imports no other app.
A test walks the model graph and fails when a model that refers to a participant has no section.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from participants.models import (
    AccessLogEntry,
    Consent,
    Conversation,
    ErasureRecord,
    Goal,
    GoalEvent,
    GoalStep,
    Handover,
    LadderEntry,
    Measurement,
    MeasurementAnswer,
    NazorgContact,
    Outflow,
    Participant,
    ParticipantMerge,
    Referral,
    SensitiveEntry,
    TalentProfile,
    Visit,
    VolunteerRole,
)
from participants.selectors.profile.history import merged_pseudonyms
from voorveld.models import User

# Every model of this app with rows about one person, and the lookup from it to the Participant.
PERSON_MODEL_PATHS: dict[type[models.Model], str] = {
    Visit: "participant",
    Conversation: "participant",
    Consent: "participant",
    TalentProfile: "participant",
    Goal: "participant",
    GoalStep: "goal__participant",
    GoalEvent: "goal__participant",
    LadderEntry: "participant",
    Measurement: "participant",
    MeasurementAnswer: "measurement__participant",
    SensitiveEntry: "participant",
    Referral: "participant",
    Outflow: "participant",
    NazorgContact: "participant",
    VolunteerRole: "participant",
    Handover: "participant",
}
# Fields of a linked volunteer account that belong in the export (never the password hash).
ACCOUNT_FIELDS = (
    "username", "first_name", "last_name", "email", "role", "is_active", "date_joined", "last_login",
)
# The access log as the person sees it: who, when, what, on which page (not the staff's IP).
ACCESS_LOG_FIELDS = ("at", "actor_username", "actor_role", "action", "view_name", "participant_pseudonym")


def person_models() -> dict[str, tuple[type[models.Model], str]]:
    """Label -> (model, lookup to the participant), including the auto-created tables that hold
    the tags of a conversation or talent profile."""
    found: dict[str, tuple[type[models.Model], str]] = {}
    for model, path in PERSON_MODEL_PATHS.items():
        found[model._meta.label] = (model, path)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if isinstance(through, type) and through._meta.auto_created:
                owner = model._meta.model_name
                found[through._meta.label] = (through, f"{owner}__{path}")
    return found


def reverse_relations(model: type[models.Model]) -> Iterator[models.ForeignObjectRel]:
    """Every relation of another model pointing at ``model``, also those without a reverse
    accessor (``related_name="+"``)."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            assert isinstance(rel, models.ForeignObjectRel)  # noqa: S101 - narrows the type
            yield rel


def foreign_rows(participant: Participant) -> Iterator[tuple[type[models.Model], QuerySet[Any]]]:
    """Rows of models outside this app that point at one of this person's records, found through
    the model metadata (participants imports no other app)."""
    for model, path in person_models().values():
        mine = model._default_manager.filter(**{path: participant})
        for rel in reverse_relations(model):
            related = rel.related_model
            if not isinstance(related, type) or related._meta.app_label == "participants":
                continue
            yield related, related._default_manager.filter(**{f"{rel.field.name}__in": mine.values("pk")})


@dataclass(frozen=True)
class InzageValue:
    name: str
    label: str
    value: Any  # JSON-ready
    display: str


@dataclass
class InzageSection:
    key: str  # the model label, e.g. "participants.Visit"
    title: str
    rows: list[list[InzageValue]] = field(default_factory=list)


@dataclass
class InzageExport:
    participant: Participant
    generated_at: dt.datetime
    pseudonyms: list[uuid.UUID]
    sections: list[InzageSection]

    @property
    def declared_models(self) -> set[str]:
        return {section.key for section in self.sections}

    def as_json(self) -> dict[str, Any]:
        return {
            "participant": str(self.participant.pseudonym),
            "generated_at": self.generated_at.isoformat(),
            "pseudonyms": [str(p) for p in self.pseudonyms],
            "sections": {
                section.key: {
                    "title": section.title,
                    "rows": [{v.name: v.value for v in row} for row in section.rows],
                }
                for section in self.sections
            },
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _display(value: Any, model_field: models.Field[Any, Any] | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    choices = dict(model_field.flatchoices) if model_field is not None and model_field.choices else {}
    if isinstance(model_field, ArrayField) and model_field.base_field.choices:
        choices = dict(model_field.base_field.flatchoices)
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _row(
    obj: models.Model, *, only: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> list[InzageValue]:
    """Every concrete field (and many-to-many field) of one row; a related row by its name."""
    meta = obj._meta
    names = list(only) if only is not None else [
        f.name for f in [*meta.concrete_fields, *meta.many_to_many] if f.name not in set(skip)
    ]
    row = []
    for name in names:
        model_field = meta.get_field(name)
        label = str(getattr(model_field, "verbose_name", name))
        if model_field.many_to_many:
            related = [str(r) for r in getattr(obj, name).all()]
            row.append(InzageValue(name, label, related, ", ".join(related)))
        elif model_field.is_relation:
            target = getattr(obj, name)
            shown = "" if target is None else str(target)
            if isinstance(target, User):
                shown = target.display_name
            assert isinstance(model_field, models.Field)  # noqa: S101 - narrows the type
            row.append(InzageValue(name, label, getattr(obj, model_field.attname), shown))
        else:
            value = getattr(obj, name)
            assert isinstance(model_field, models.Field)  # noqa: S101 - narrows the type
            row.append(InzageValue(name, label, _json_value(value), _display(value, model_field)))
    return row


def _section(model: type[models.Model], rows: Iterable[list[InzageValue]]) -> InzageSection:
    return InzageSection(model._meta.label, str(model._meta.verbose_name_plural).capitalize(), list(rows))


def _with_relations(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Loads the related rows each row names in the same few queries (not one per row)."""
    meta = rows.model._meta
    return rows.select_related(*[f.name for f in meta.concrete_fields if f.is_relation]).prefetch_related(
        *[f.name for f in meta.many_to_many]
    )


def inzage_collect(*, participant: Participant) -> InzageExport:
    """Everything held about ``participant``: the record, every row of every model about them,
    rows of other apps resting on those, the linked volunteer account, and the access log under
    this and every merged pseudonym. The caller logs the export."""
    pseudonyms = merged_pseudonyms(pseudonym=participant.pseudonym)
    sections = [_section(Participant, [_row(participant, skip=("registration_key",))])]
    for model, path in person_models().values():
        rows = _with_relations(model._default_manager.filter(**{path: participant}).order_by("pk"))
        person_field = path.split("__")[0] if path.endswith("participant") else ""
        if model._meta.auto_created:
            # A tag on a conversation or profile: say which tag, on which record.
            sections.append(_section(model, (_row(r) for r in rows)))
        else:
            skip = ("participant",) if person_field == "participant" else ()
            sections.append(_section(model, (_row(r, skip=skip) for r in rows)))
    for model, rows in foreign_rows(participant):
        sections.append(_section(model, (_row(r) for r in _with_relations(rows.order_by("pk")))))
    account = User.objects.filter(pk=participant.account_id).first() if participant.account_id else None
    sections.append(InzageSection(
        "voorveld.User", str(User._meta.verbose_name).capitalize(),
        [_row(account, only=ACCOUNT_FIELDS)] if account else [],
    ))
    log = AccessLogEntry.objects.filter(participant_pseudonym__in=pseudonyms).order_by("-at", "-id")
    sections.append(_section(AccessLogEntry, (_row(r, only=ACCESS_LOG_FIELDS) for r in log)))
    merges = ParticipantMerge.objects.filter(kept_pseudonym__in=pseudonyms).order_by("merged_at")
    sections.append(_section(ParticipantMerge, (_row(r, skip=("id", "merged_by_id")) for r in merges)))
    erasures = ErasureRecord.objects.filter(pseudonym__in=pseudonyms)
    sections.append(_section(ErasureRecord, (_row(r, skip=("id", "erased_by_id")) for r in erasures)))
    return InzageExport(participant, timezone.now(), pseudonyms, sections)
