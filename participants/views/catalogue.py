"""Coordinator pages for the progress lists: life domains and questionnaires."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import LifeDomain, Questionnaire
from participants.services import QuestionSpec, life_domain_save, questionnaire_save
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow


class LifeDomainForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


class QuestionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Question"), max_length=200, required=False)
    scale_min = forms.IntegerField(label=gettext_lazy("Lowest answer"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=gettext_lazy("Highest answer"), initial=5, min_value=1, max_value=10)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("text")
            and data.get("scale_min") is not None
            and data.get("scale_max") is not None
            and data["scale_min"] >= data["scale_max"]
        ):
            self.add_error("scale_max", _("The highest answer must be above the lowest."))
        return data


QuestionFormSet = forms.formset_factory(QuestionForm, extra=3, max_num=20)


@allow(*MANAGEMENT)
def life_domains(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    editing = get_object_or_404(LifeDomain, pk=pk) if pk else None
    initial = (
        {"name": editing.name, "order": editing.order, "is_active": editing.is_active} if editing else None
    )
    form = LifeDomainForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            life_domain_save(life_domain=editing, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("The life domain is saved."))
            return redirect("participants:life_domains")
    return render(
        request,
        "participants/catalogue/life_domains.html",
        {
            "form": form,
            "editing": editing,
            "domains": LifeDomain.objects.order_by("order", "name"),
        },
    )


@allow(*MANAGEMENT)
def questionnaires(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "participants/catalogue/questionnaires.html",
        {
            "questionnaires": Questionnaire.objects.prefetch_related("questions").order_by("name"),
        },
    )


@allow(*MANAGEMENT)
def questionnaire_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    editing = get_object_or_404(Questionnaire, pk=pk) if pk else None
    initial = None
    question_initial: list[dict[str, Any]] = []
    if editing:
        initial = {"name": editing.name, "description": editing.description, "is_active": editing.is_active}
        question_initial = [
            {"text": q.text, "scale_min": q.scale_min, "scale_max": q.scale_max}
            for q in editing.questions.order_by("order", "id")
        ]
    form = QuestionnaireForm(request.POST or None, initial=initial)
    formset = QuestionFormSet(request.POST or None, initial=question_initial, prefix="vragen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        specs = [
            QuestionSpec(d["text"], d["scale_min"], d["scale_max"])
            for d in formset.cleaned_data
            if d.get("text")
        ]
        if not specs:
            form.add_error(None, _("Add at least one question."))
        else:
            try:
                questionnaire_save(questionnaire=editing, questions=specs, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The questionnaire is saved."))
                return redirect("participants:questionnaires")
    return render(
        request,
        "participants/catalogue/questionnaire_form.html",
        {"form": form, "formset": formset, "editing": editing},
    )
