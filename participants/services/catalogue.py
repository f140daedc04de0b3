"""The coordinator's lists for progress: life domains for goals and short questionnaires."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from participants.models import LifeDomain, Question, Questionnaire


@transaction.atomic
def life_domain_save(*, life_domain: LifeDomain | None, name: str, order: int, is_active: bool) -> LifeDomain:
    life_domain = life_domain or LifeDomain()
    life_domain.name, life_domain.order, life_domain.is_active = name.strip(), order, is_active
    life_domain.full_clean()
    life_domain.save()
    return life_domain


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    scale_min: int
    scale_max: int


@transaction.atomic
def questionnaire_save(
    *,
    questionnaire: Questionnaire | None,
    name: str,
    description: str,
    is_active: bool,
    questions: Sequence[QuestionSpec],
) -> Questionnaire:
    """Create or change a questionnaire. Questions that already have answers keep their scale, so
    earlier measurements stay comparable; new questions are appended."""
    questionnaire = questionnaire or Questionnaire()
    questionnaire.name, questionnaire.description, questionnaire.is_active = (
        name.strip(),
        description.strip(),
        is_active,
    )
    questionnaire.full_clean()
    questionnaire.save()
    existing = list(questionnaire.questions.order_by("order", "id"))
    for index, spec in enumerate(questions):
        if index < len(existing):
            question = existing[index]
            question.text = spec.text.strip()
            if not question.answers.exists():
                question.scale_min, question.scale_max = spec.scale_min, spec.scale_max
        else:
            question = Question(
                questionnaire=questionnaire,
                text=spec.text.strip(),
                scale_min=spec.scale_min,
                scale_max=spec.scale_max,
            )
        question.order = index
        question.full_clean()
        question.save()
    return questionnaire
