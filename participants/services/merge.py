"""Merging two records of one person (a nickname first, the real name later)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, ForeignKey, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ParticipantStatus
from participants.models import Outflow, Participant, ParticipantMerge, Visit
from voorveld.models import User

# Fields of the kept record that are filled from the removed one when they are empty.
FILLABLE_FIELDS = (
    "first_name",
    "nickname",
    "last_name",
    "birth_year",
    "date_of_birth",
    "phone",
    "referral_source",
    "usual_activity",
    "fixed_coach",
    "account",
    "registered_by",
)


def _close_open_outflow_of(participant: Participant) -> None:
    outflow = Outflow.objects.filter(participant=participant, ended_on__isnull=True).first()
    if outflow is not None:
        outflow.ended_on = max(timezone.localdate(), outflow.outflow_on)
        outflow.save(update_fields=["ended_on"])


@transaction.atomic
def participant_merge(*, keep: Participant, remove: Participant, merged_by: User) -> Participant:
    """Move everything of ``remove`` to ``keep``, fill ``keep``'s empty fields, record the merge
    (old pseudonym → kept one) and delete ``remove``. The access log itself is never touched.

    Every model with a foreign key to Participant is moved, found by walking the model graph, so
    a model added later cannot be forgotten. Where both records were checked in for the same
    dagdeel, the kept record's visit stays. The kept record's status wins: an open outflow of the
    removed record is ended unless the kept record is outflowed itself."""
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different records."), code="same")
    # Lock both rows so a check-in or a second merge cannot interleave.
    list(Participant.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]))
    keep.refresh_from_db()
    remove.refresh_from_db()
    if keep.anonymised_at is not None or remove.anonymised_at is not None:
        raise ValidationError(
            _("An anonymised record cannot be merged: it no longer holds anything to recognise."),
            code="anonymised",
        )
    if remove.legal_hold and not keep.legal_hold:
        # The hold moves with the data, so nothing under a hold can be anonymised by the merge.
        keep.legal_hold, keep.legal_hold_reason = True, remove.legal_hold_reason
        keep.legal_hold_since = remove.legal_hold_since
        keep.save(update_fields=["legal_hold", "legal_hold_reason", "legal_hold_since"])
    Visit.objects.filter(participant=remove).filter(
        Exists(Visit.objects.filter(participant=keep, date=OuterRef("date"), dagdeel=OuterRef("dagdeel")))
    ).delete()
    keep_has_open_outflow = Outflow.objects.filter(participant=keep, ended_on__isnull=True).exists()
    if keep_has_open_outflow or keep.status != ParticipantStatus.OUTFLOWED:
        _close_open_outflow_of(remove)
    for relation in Participant._meta.related_objects:
        field = relation.field
        if isinstance(field, ForeignKey) and relation.related_model is not Participant:
            relation.related_model._default_manager.filter(**{field.name: remove}).update(
                **{field.name: keep}
            )
    # Merges into the removed record now point at the kept one: its access history includes them.
    ParticipantMerge.objects.filter(kept_pseudonym=remove.pseudonym).update(kept_pseudonym=keep.pseudonym)
    for name in FILLABLE_FIELDS:
        if not getattr(keep, name) and getattr(remove, name):
            value = getattr(remove, name)
            if name == "account":  # one account per person: free it first
                remove.account = None
                remove.save(update_fields=["account"])
            setattr(keep, name, value)
    keep.registered_at = min(keep.registered_at, remove.registered_at)
    if keep.status == ParticipantStatus.NEW and remove.status != ParticipantStatus.NEW:
        keep.status = ParticipantStatus.ACTIVE
    if Outflow.objects.filter(participant=keep, ended_on__isnull=True).exists():
        keep.status = ParticipantStatus.OUTFLOWED
    ParticipantMerge.objects.create(
        kept_pseudonym=keep.pseudonym,
        removed_pseudonym=remove.pseudonym,
        merged_by_id=merged_by.pk,
        merged_by_username=merged_by.get_username(),
    )
    remove.delete()
    keep.full_clean()
    keep.save()
    return keep
