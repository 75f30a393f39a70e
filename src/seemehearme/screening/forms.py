"""Forms for screening: the checklist with evidence, and professional judgement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency
from seemehearme.screening import scoring
from seemehearme.screening.models import Indicator, IndicatorKind, Presence, ScoringScheme
from seemehearme.screening.services import AnswerInput
from seemehearme.web.forms import GovukDateField, GovukFormMixin


def _short(indicator: Indicator) -> str:
    """The indicator's words without the examples in brackets, for error messages."""
    return indicator.text.split(" (")[0]


@dataclass
class IndicatorFields:
    """The four fields of one indicator, for the template."""

    indicator: Indicator
    present: forms.BoundField
    evidence: forms.BoundField
    source_agency: forms.BoundField
    observed_on: forms.BoundField


class ScreeningForm(GovukFormMixin, forms.Form):
    """Every indicator of the checklist with yes / no / not known, and for a yes (only) the
    evidence, the agency that knows it and when it was last seen."""

    scheme = forms.ModelChoiceField(
        label="How should this screening be scored?",
        queryset=ScoringScheme.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose how the screening should be scored"},
    )

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator],
        agencies: QuerySet[Agency],
        schemes: QuerySet[ScoringScheme],
        own_agency: Agency | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        scheme_field: forms.ModelChoiceField = self.fields["scheme"]  # type: ignore[assignment]
        scheme_field.queryset = schemes
        first_scheme = schemes.first()
        if first_scheme is not None:
            self.initial.setdefault("scheme", first_scheme.pk)
        for indicator in self.indicators:
            short = _short(indicator)
            self.fields[f"present_{indicator.pk}"] = forms.ChoiceField(
                label=f"{indicator.number}. {indicator.text}",
                choices=Presence.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"{short}: select yes, no or not known"},
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label="What is the evidence?",
                required=False,
                widget=forms.Textarea,
                help_text="What was seen, heard or recorded, and by whom.",
            )
            self.fields[f"source_{indicator.pk}"] = forms.ModelChoiceField(
                label="Which agency knows this?",
                queryset=agencies,
                required=False,
                empty_label="Choose an agency",
                initial=own_agency.pk if own_agency else None,
            )
            self.fields[f"seen_{indicator.pk}"] = GovukDateField(
                label="Date last seen",
                required=False,
                help_text="For example, 12 10 2026",
            )

    def groups(self) -> list[tuple[str, str, list[IndicatorFields]]]:
        """(heading, introduction, fields) for vulnerabilities, then warning signs."""
        rows = [
            IndicatorFields(
                indicator=indicator,
                present=self[f"present_{indicator.pk}"],
                evidence=self[f"evidence_{indicator.pk}"],
                source_agency=self[f"source_{indicator.pk}"],
                observed_on=self[f"seen_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]
        return [
            (
                "Vulnerabilities",
                "Things in a child's life that the inquiry found before abuse began.",
                [r for r in rows if r.indicator.kind == IndicatorKind.VULNERABILITY],
            ),
            (
                "Warning signs",
                "Signs the inquiry saw in children who were already being exploited.",
                [r for r in rows if r.indicator.kind == IndicatorKind.WARNING_SIGN],
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for indicator in self.indicators:
            short = _short(indicator)
            seen = f"seen_{indicator.pk}"
            details = (f"evidence_{indicator.pk}", f"source_{indicator.pk}", seen)
            if cleaned.get(f"present_{indicator.pk}") != Presence.YES:
                # Only a yes has evidence, an agency and a date. Without JavaScript these fields
                # are on the page for every answer; whatever was left in them is not recorded.
                for name in details:
                    self.errors.pop(name, None)
                    cleaned[name] = "" if name.startswith("evidence_") else None
                continue
            if seen in self.errors:
                # The date field's own message names "Date last seen"; say which sign.
                messages = [error["message"] for error in self.errors[seen].get_json_data()]
                self.errors[seen] = self.error_class(
                    [f"{short}: {text[:1].lower()}{text[1:]}" for text in messages]
                )
            seen_on = cleaned.get(seen)
            if seen_on is not None and seen_on > timezone.localdate():
                self.add_error(seen, f"{short}: the date last seen must be today or in the past")
            if not str(cleaned.get(f"evidence_{indicator.pk}", "")).strip():
                self.add_error(f"evidence_{indicator.pk}", f"{short}: enter the evidence")
            if cleaned.get(f"source_{indicator.pk}") is None:
                self.add_error(f"source_{indicator.pk}", f"{short}: choose which agency knows this")
            if cleaned.get(seen) is None and seen not in self.errors:
                self.add_error(seen, f"{short}: enter the date it was last seen")
        return cleaned

    def answers(self) -> list[AnswerInput]:
        data = self.cleaned_data
        return [
            AnswerInput(
                indicator=indicator,
                present=data[f"present_{indicator.pk}"],
                evidence=data.get(f"evidence_{indicator.pk}", ""),
                source_agency=data.get(f"source_{indicator.pk}"),
                observed_on=data.get(f"seen_{indicator.pk}"),
            )
            for indicator in self.indicators
        ]

    def add_answer_errors(self, messages: dict[str, list[str]]) -> None:
        """Show a service's per-indicator errors (keyed ``indicator_<pk>``) on the answer."""
        for key, texts in messages.items():
            target = key.replace("indicator_", "present_") if key.startswith("indicator_") else key
            self.add_error(target if target in self.fields else None, texts)


class OverrideForm(GovukFormMixin, forms.Form):
    """Professional judgement of the level, with the reason."""

    band = forms.ChoiceField(
        label="What level do you judge the risk to be?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level you judge the risk to be"},
    )
    reason = forms.CharField(
        label="Why does your judgement differ from the score?",
        widget=forms.Textarea,
        help_text="Say what you know that the score does not show.",
        error_messages={
            "required": "Explain why your professional judgement differs from the score"
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, bands: Iterable[scoring.Band], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        band_field: forms.ChoiceField = self.fields["band"]  # type: ignore[assignment]
        band_field.choices = [(band.code, band.label) for band in bands]
