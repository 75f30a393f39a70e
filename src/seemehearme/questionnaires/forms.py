"""Forms for writing, sending and answering questionnaires."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from seemehearme.areas.models import Agency, Area
from seemehearme.questionnaires.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
)
from seemehearme.questionnaires.services import Given
from seemehearme.web.forms import GovukDateField, GovukFormMixin


class QuestionnaireForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    introduction = forms.CharField(
        label="What to tell the agencies (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Why you are asking and how the answers will be used.",
    )


class QuestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(label="The question", max_length=300)
    hint = forms.CharField(
        label="A hint to help answer it (optional)", max_length=300, required=False
    )
    kind = forms.ChoiceField(
        label="What kind of answer", choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    scale_low = forms.IntegerField(
        label="Bottom of the scale", initial=1, min_value=0, max_value=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Only for a scale.",
    )  # fmt: skip
    scale_high = forms.IntegerField(
        label="Top of the scale", initial=5, min_value=1, max_value=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Only for a scale.",
    )  # fmt: skip
    scale_low_means = forms.CharField(
        label="What the bottom means (optional)", max_length=100, required=False,
        help_text="For example 'not at all'.",
    )  # fmt: skip
    scale_high_means = forms.CharField(
        label="What the top means (optional)", max_length=100, required=False,
        help_text="For example 'fully'.",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["scale_low"] = 1 if data.get("scale_low") is None else data["scale_low"]
        data["scale_high"] = 5 if data.get("scale_high") is None else data["scale_high"]
        return data


class SendForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name this round", max_length=100, help_text="For example 'Autumn 2026'."
    )
    due_on = GovukDateField(label="Answers are due by")
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies to send it to",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: Area = questionnaire.area
        self.fields["agencies"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            area=area, is_active=True
        )


def _field(question: Question) -> forms.Field:
    """The form field for one question, required only on submitting (the service checks)."""
    label, hint = question.text, question.hint
    if question.kind == QuestionKind.YES_NO_PARTLY:
        return forms.ChoiceField(
            label=label, help_text=hint, required=False, choices=Choice.choices,
            widget=forms.RadioSelect,
        )  # fmt: skip
    if question.kind == QuestionKind.SCALE:
        ends = [question.scale_low_means, question.scale_high_means]
        meaning = f"{question.scale_low} means {ends[0]}, {question.scale_high} means {ends[1]}."
        return forms.TypedChoiceField(
            label=label,
            help_text=" ".join(part for part in (hint, meaning if all(ends) else "") if part),
            required=False,
            coerce=Decimal,
            empty_value=None,
            choices=[(str(n), str(n)) for n in range(question.scale_low, question.scale_high + 1)],
            widget=forms.RadioSelect,
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(
            label=label, help_text=hint, required=False, max_digits=12, decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )  # fmt: skip
    return forms.CharField(label=label, help_text=hint, required=False, widget=forms.Textarea)


class AnswersForm(GovukFormMixin, forms.Form):
    """One field per question (``q<id>``) and, except for free text, a comment
    (``q<id>_comment``)."""

    def __init__(self, data: Any, *, questions: list[Question], answers: dict[int, Answer]) -> None:
        initial: dict[str, Any] = {}
        for question in questions:
            answer = answers.get(question.pk)
            if answer is not None:
                value = answer.value
                if question.kind == QuestionKind.SCALE and value is not None:
                    value = str(int(value))  # type: ignore[call-overload]
                initial[f"q{question.pk}"] = value
                initial[f"q{question.pk}_comment"] = answer.comment
        super().__init__(data, initial=initial)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _field(question)
            if question.kind != QuestionKind.TEXT:
                self.fields[f"q{question.pk}_comment"] = forms.CharField(
                    label="Anything to add (optional)", required=False, widget=forms.Textarea
                )

    def rows(self) -> list[tuple[Question, forms.BoundField, forms.BoundField | None]]:
        """Each question with its answer field and comment field, for the template."""
        return [
            (
                question,
                self[f"q{question.pk}"],
                self[f"q{question.pk}_comment"]
                if f"q{question.pk}_comment" in self.fields
                else None,
            )
            for question in self.questions
        ]

    def given(self) -> dict[int, Given]:
        data = self.cleaned_data
        found = {}
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            comment = data.get(f"q{question.pk}_comment") or ""
            if question.kind == QuestionKind.YES_NO_PARTLY:
                found[question.pk] = Given(choice=value or "", comment=comment)
            elif question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
                found[question.pk] = Given(number=value, comment=comment)
            else:
                found[question.pk] = Given(text=value or "")
        return found
