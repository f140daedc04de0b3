"""Privacy for coordinators: the inzage export of one participant (HTML and JSON), erasure on
request, legal hold, and who the retention job will anonymise soon.

Every view loads the participant through the need-to-know selector (404 when not visible) and
writes exactly one access-log row."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from participants.access import log_access
from participants.constants import RETENTION_PREVIEW_DAYS, AccessAction, ErasureReason
from participants.models import Participant
from participants.selectors import organisation_get
from participants.selectors.inzage import inzage_collect
from participants.selectors.profile import participant_for_page
from participants.selectors.retention import erase_on, retention_upcoming
from participants.services.privacy import (
    legal_hold_lift,
    legal_hold_set,
    participant_anonymise,
)
from participants.services.privacy_pdf import inzage_pdf_render
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow

RETENTION_PAGE_SIZE = 25


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[("", "---------"), *[c for c in ErasureReason.choices if c[0] != ErasureReason.RETENTION]],
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that names, contact details and notes are removed for good."),
    )


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the legal hold"), max_length=300,
        help_text=gettext_lazy("E.g. a complaint or a legal procedure. No names or other personal details."),
    )


def _participant(request: AuthenticatedRequest, pk: int) -> Participant:
    participant = participant_for_page(user=request.user, pk=pk)
    if participant is None:
        raise Http404
    return participant



@allow(*MANAGEMENT)
@require_GET
def inzage(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everything held about one person, as a printable page."""
    participant = _participant(request, pk)
    # Logged first, so the export shows its own making in the access log section.
    log_access(request, AccessAction.EXPORT, participant)
    export = inzage_collect(participant=participant)
    return render(request, "participants/privacy/inzage.html", {"participant": participant, "export": export})


@allow(*MANAGEMENT)
@require_GET
def inzage_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The same, machine-readable (AVG art. 15 and 20)."""
    participant = _participant(request, pk)
    log_access(request, AccessAction.EXPORT, participant)
    export = inzage_collect(participant=participant)
    response = HttpResponse(
        json.dumps(export.as_json(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="inzage-{participant.pseudonym}-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@allow(*MANAGEMENT)
@require_GET
def inzage_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The same, as a PDF to hand over or send."""
    participant = _participant(request, pk)
    log_access(request, AccessAction.EXPORT, participant)
    export = inzage_collect(participant=participant)
    organisation = organisation_get()
    pdf = inzage_pdf_render(export=export, organisation_name=organisation.name if organisation else "")
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="inzage-{participant.pseudonym}-{stamp}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@allow(*MANAGEMENT)
def erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Anonymise one person on request, after a confirmation with a reason."""
    participant = _participant(request, pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    may_erase = participant.anonymised_at is None and not participant.legal_hold
    if may_erase and request.method == "POST" and form.is_valid():
        try:
            participant_anonymise(
                participant=participant, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_access(request, AccessAction.DELETE, participant)
            messages.success(request, _("The record has been anonymised."))
            return redirect("participants:detail", pk=participant.pk)
    log_access(request, AccessAction.READ, participant)
    return render(
        request, "participants/privacy/erase.html",
        {"participant": participant, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@allow(*MANAGEMENT)
def legal_hold(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put a record on legal hold (with a reason) or lift the hold."""
    participant = _participant(request, pk)
    form = LegalHoldForm(request.POST if request.method == "POST" and "lift" not in request.POST else None)
    if request.method == "POST" and participant.anonymised_at is None:
        if "lift" in request.POST:
            legal_hold_lift(participant=participant)
            log_access(request, AccessAction.UPDATE, participant)
            messages.success(request, _("The legal hold has been lifted."))
            return redirect("participants:detail", pk=participant.pk)
        if form.is_valid():
            try:
                legal_hold_set(participant=participant, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                log_access(request, AccessAction.UPDATE, participant)
                messages.success(request, _("The record is on legal hold."))
                if request.POST.get("next") == "retention":
                    return redirect("participants:retention")
                return redirect("participants:detail", pk=participant.pk)
    log_access(request, AccessAction.READ, participant)
    return render(
        request, "participants/privacy/legal_hold.html",
        {
            "participant": participant,
            "form": form,
            "next": request.GET.get("next", request.POST.get("next", "")),
        },
        status=400 if request.method == "POST" else 200,
    )


@allow(*MANAGEMENT)
@require_GET
def retention(request: AuthenticatedRequest) -> HttpResponse:
    """Who the retention job will anonymise in the coming days, the soonest first."""
    today = timezone.localdate()
    months = settings.RETENTION_MONTHS
    page = Paginator(retention_upcoming(today=today, months=months), RETENTION_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    log_access(request, AccessAction.LIST)
    rows = [
        {"participant": p, "last_seen": seen, "erase_on": max(erase_on(seen, months), today)}
        for p in page.object_list
        for seen in [getattr(p, "last_seen")]  # noqa: B009 - an annotation mypy cannot see
    ]
    return render(
        request, "participants/privacy/retention.html",
        {"page": page, "rows": rows, "months": months, "days": RETENTION_PREVIEW_DAYS},
    )
