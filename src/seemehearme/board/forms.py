"""The board's forms: the period shown, and a target."""

from __future__ import annotations

import datetime as dt

from django import forms

from seemehearme.board.periods import LENGTH_WORDS, Period, period_ending, recent_months
from seemehearme.web.forms import GovukFormMixin

DEFAULT_LENGTH = "quarter"


class PeriodForm(GovukFormMixin, forms.Form):
    """A month, quarter or year ending with a chosen month (a GET form: works without
    JavaScript). Nothing chosen, or something not offered, means the quarter to this month."""

    length = forms.ChoiceField(label="Period", choices=list(LENGTH_WORDS.items()), required=False)
    ending = forms.ChoiceField(label="Ending with", required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        ending: forms.ChoiceField = self.fields["ending"]  # type: ignore[assignment]
        ending.choices = [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in recent_months()]

    def period(self) -> Period:
        length, ending = DEFAULT_LENGTH, recent_months(1)[0]
        if self.is_valid():
            length = self.cleaned_data["length"] or DEFAULT_LENGTH
            if self.cleaned_data["ending"]:
                ending = dt.datetime.strptime(self.cleaned_data["ending"], "%Y-%m").date()
        return period_ending(ending, length)

    def query(self) -> str:
        """The chosen period as a query string, for links to drill-downs and back."""
        period = self.period()
        length = (self.cleaned_data.get("length") if self.is_valid() else "") or DEFAULT_LENGTH
        return f"length={length}&ending={period.end:%Y-%m}"


class TargetForm(GovukFormMixin, forms.Form):
    target_percent = forms.IntegerField(
        label="Target (per cent)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the target, a whole number from 0 to 100",
            "invalid": "Enter the target as a whole number from 0 to 100",
            "min_value": "The target must be 0 or more",
            "max_value": "The target must be 100 or less",
        },
    )
    reason = forms.CharField(
        label="Why this target",
        widget=forms.Textarea,
        help_text="For example, what the board agreed and when.",
        error_messages={"required": "Say why this is the target"},
    )
