"""Forms of the reporting pages: they validate and normalise; services in reporting.services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participants.constants import MAX_NAME_LENGTH, MunicipalityKind
from participants.forms_person import IsoDateInput
from participants.models import Activity, Consent, Location, Municipality, Question
from reporting.constants import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    MIN_SUPPRESSION_THRESHOLD,
    Cadence,
    FunderKind,
    IndicatorKey,
)
from reporting.models import Funder, FundingArrangement
from reporting.services.arrangements import IndicatorInput, PeriodInput
from voorveld.forms import NewAccountForm

# --- Funders and officers -------------------------------------------------------------------


def _gemeente_choices(current: Municipality | None) -> Any:
    return Municipality.objects.filter(
        Q(kind=MunicipalityKind.REGULAR, is_active=True) | Q(pk=current.pk if current else None)
    ).order_by("name")


class FunderForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of funder"), choices=FunderKind.choices, widget=forms.RadioSelect,
        initial=FunderKind.MUNICIPALITY,
    )
    name = forms.CharField(
        label=_("Name"), max_length=200,
        help_text=_("As it appears on the report, for example “Gemeente Meppel” or “Oranje Fonds”."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), required=False,
        empty_label=_("(none: this is a fund)"),
        help_text=_("Only for a gemeente. The CBS code is taken from the gemeente."),
    )

    def __init__(self, *args: Any, funder: Funder | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _gemeente_choices(  # type: ignore[attr-defined]
            funder.municipality if funder else None
        )
        self.fields["municipality"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.name} ({m.cbs_code})" if m.cbs_code else m.name
        )
        if funder is not None:  # the kind never changes once there are arrangements to report on
            del self.fields["kind"]
        self.funder_kind = funder.kind if funder is not None else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind", self.funder_kind)
        if kind == FunderKind.MUNICIPALITY and not cleaned.get("municipality"):
            self.add_error("municipality", _("Choose the gemeente this funder is."))
        if kind == FunderKind.FUND and cleaned.get("municipality"):
            self.add_error("municipality", _("A fund is not tied to a gemeente."))
        return cleaned


class OfficerCreateForm(NewAccountForm):
    first_name = forms.CharField(label=_("First name"), max_length=MAX_NAME_LENGTH)
    last_name = forms.CharField(label=_("Last name"), max_length=MAX_NAME_LENGTH, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The officer gets an e-mail here when a report is published."),
    )

    field_order = ["username", "first_name", "last_name", "email", "password"]


# --- Funding arrangements -------------------------------------------------------------------

THRESHOLD_TOO_LOW = _("The threshold must be at least %(limit_value)s: smaller groups could be recognised.")


class ArrangementForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Funder.objects.order_by("name"))
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example “Gemeente Meppel — 40 plekken”."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten covered"), queryset=Municipality.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Residents of these gemeenten count, by where they lived on each visit date. Several for a "
            "regional collaboration; none for a fund."
        ),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"), queryset=Location.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked means all locations."),
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities"), queryset=Activity.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked means all activities."),
    )
    starts_on = forms.DateField(
        label=_("Start"), widget=IsoDateInput(),
        help_text=_("May lie in the past (a late beschikking): attendance since the start counts."),
    )
    ends_on = forms.DateField(label=_("End"), widget=IsoDateInput())
    funded_places = forms.IntegerField(
        label=_("Funded places"), required=False, min_value=0,
        help_text=_("Fill in the places, the budget or both."),
    )
    budget = forms.DecimalField(
        label=_("Budget (euro)"), required=False, min_value=Decimal(0), max_digits=12, decimal_places=2,
    )
    cadence = forms.ChoiceField(
        label=_("Reporting cadence"), choices=Cadence.choices, initial=Cadence.HALF_YEARLY,
        widget=forms.RadioSelect,
        help_text=_(
            "Half-yearly: H1 is 1 January to 30 June, H2 is 1 July to 31 December. Custom periods suit "
            "a fund's project; add them below."
        ),
    )
    suppression_threshold = forms.IntegerField(
        label=_("Suppression threshold k"), initial=DEFAULT_SUPPRESSION_THRESHOLD,
        min_value=MIN_SUPPRESSION_THRESHOLD, max_value=50,
        error_messages={"min_value": THRESHOLD_TOO_LOW},
        help_text=_("Counts from 1 to k-1 are shown as “< k”. At least 3; 5 is usual."),
    )

    def __init__(self, *args: Any, arrangement: FundingArrangement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep: dict[str, list[int]] = {"municipalities": [], "locations": [], "activities": []}
        if arrangement is not None and arrangement.pk:
            keep = {
                "municipalities": [m.pk for m in arrangement.municipalities.all()],
                "locations": [loc.pk for loc in arrangement.locations.all()],
                "activities": [a.pk for a in arrangement.activities.all()],
            }
        # Active choices, plus whatever the arrangement already covers (even when deactivated since).
        self.fields["municipalities"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            Q(kind=MunicipalityKind.REGULAR, is_active=True) | Q(pk__in=keep["municipalities"])
        ).order_by("name")
        self.fields["locations"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk__in=keep["locations"])
        ).order_by("name")
        self.fields["activities"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk__in=keep["activities"])
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end lies before the start."))
        if cleaned.get("funded_places") is None and cleaned.get("budget") is None and not self.has_error(
            "funded_places"
        ) and not self.has_error("budget"):
            self.add_error("funded_places", _("Fill in the funded places, the budget or both."))
        funder: Funder | None = cleaned.get("funder")
        municipalities = cleaned.get("municipalities")
        if funder is not None and funder.kind == FunderKind.FUND and municipalities:
            self.add_error("municipalities", _("A fund covers no gemeenten: leave them all unticked."))
        if funder is not None and funder.kind == FunderKind.MUNICIPALITY and municipalities is not None \
                and not municipalities:
            self.add_error("municipalities", _(
                "Tick the gemeente (or gemeenten) whose residents this arrangement covers."
            ))
        return cleaned


QUESTION_PREFIX = "question:"


def _figure_choices() -> list[tuple[Any, Any]]:
    standard = [(key.value, key.label) for key in IndicatorKey if key != IndicatorKey.QUESTION]
    groups: dict[str, list[tuple[str, str]]] = {}
    questions = Question.objects.select_related("questionnaire").order_by(
        "questionnaire__name", "order", "pk"
    )
    for question in questions:
        groups.setdefault(question.questionnaire.name, []).append(
            (f"{QUESTION_PREFIX}{question.pk}", question.text)
        )
    choices: list[tuple[Any, Any]] = [("", _("Choose a figure")), (_("Standard figures"), standard)]
    choices.extend(
        (format_lazy("{}: {}", _("Measurement question"), name), items) for name, items in groups.items()
    )
    return choices


class IndicatorForm(forms.Form):
    figure = forms.ChoiceField(label=_("Figure"), choices=())
    text = forms.CharField(
        label=_("Short text"), max_length=300, required=False,
        help_text=_("How the report names it, in the funder's words."),
    )
    planned_value = forms.DecimalField(
        label=_("Planned value"), required=False, max_digits=10, decimal_places=1, min_value=Decimal(0),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    def __init__(
        self, *args: Any, figure_choices: list[tuple[Any, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = (  # type: ignore[attr-defined]
            figure_choices if figure_choices is not None else _figure_choices()
        )

    def clean_figure(self) -> str:
        figure: str = self.cleaned_data["figure"]
        if figure.startswith(QUESTION_PREFIX) and not Question.objects.filter(
            pk=figure.removeprefix(QUESTION_PREFIX)
        ).exists():
            raise ValidationError(_("This question no longer exists."), code="question_gone")
        return figure

    def as_input(self, *, position: int) -> IndicatorInput:
        figure: str = self.cleaned_data["figure"]
        question = None
        key = figure
        if figure.startswith(QUESTION_PREFIX):
            key = IndicatorKey.QUESTION
            question = Question.objects.get(pk=figure.removeprefix(QUESTION_PREFIX))
        order = self.cleaned_data.get("order")
        return IndicatorInput(
            key=key, question=question, text=self.cleaned_data.get("text", ""),
            planned_value=self.cleaned_data.get("planned_value"),
            order=order if order is not None else position,
        )


class BaseIndicatorFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._figure_choices = _figure_choices()  # one query for every row
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "figure_choices": self._figure_choices}



IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseIndicatorFormSet, extra=3, can_delete=True, max_num=30, validate_max=True
)


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60, help_text=_("For example “Projectjaar 2026”."))
    starts_on = forms.DateField(label=_("Start"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("End"), widget=IsoDateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end lies before the start."))
        return cleaned


PeriodFormSet = forms.formset_factory(
    PeriodForm, extra=2, can_delete=True, max_num=40, validate_max=True
)


def _kept(formset: Any) -> list[Any]:
    """The filled-in rows of a valid formset that are not marked for removal."""
    return [
        form for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def indicator_inputs(formset: Any) -> list[IndicatorInput]:
    """The agreed figures of a valid indicator formset, numbered in steps of 10 when no order is given."""
    kept = [form for form in _kept(formset) if form.cleaned_data.get("figure")]
    return [form.as_input(position=(index + 1) * 10) for index, form in enumerate(kept)]


def period_inputs(formset: Any) -> list[PeriodInput]:
    return [
        PeriodInput(
            label=form.cleaned_data["label"], starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
        )
        for form in _kept(formset)
    ]


# --- Stories --------------------------------------------------------------------------------


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        consent: Consent = obj
        return _("%(name)s — story consent of %(date)s") % {
            "name": consent.participant.short_name, "date": consent.given_on.strftime("%d-%m-%Y"),
        }


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Story"), max_length=3000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Write it without names, places or details by which someone could be recognised — also not "
            "of family or staff."
        ),
    )
    told_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    consent = ConsentChoiceField(
        label=_("Consent of the participant"), queryset=Consent.objects.none(),
        empty_label=_("Choose the participant's story consent"),
        help_text=_(
            "Only recorded, not withdrawn consents for a story in a report are listed. Record one on the "
            "participant's page first."
        ),
    )
    arrangement = forms.ModelChoiceField(
        label=_("Funding arrangement"), queryset=FundingArrangement.objects.none(), required=False,
        empty_label=_("Every arrangement"),
        help_text=_("The story appears in reports of this arrangement whose period includes its date."),
    )

    def __init__(self, *args: Any, consents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]
        self.fields["arrangement"].queryset = (  # type: ignore[attr-defined]
            FundingArrangement.objects.select_related("funder").order_by("funder__name", "name")
        )
