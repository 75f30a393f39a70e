"""Forms for the places and trends page and the problem profile: the period, and the version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seemehearme.intelligence.models import ProfileVersion
from seemehearme.intelligence.profile import default_period
from seemehearme.web.forms import GovukDateField, GovukFormMixin

LONGEST_PERIOD_DAYS = 3 * 366


class PeriodForm(GovukFormMixin, forms.Form):
    """From and to dates (inclusive); both blank means the last three months."""

    date_from = GovukDateField(label="From", required=False, help_text="For example, 1 9 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 30 11 2026")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if self.errors:
            return data
        default_start, default_end = default_period()
        end = end or default_end
        start = start or (default_start if end == default_end else end - dt.timedelta(days=91))
        if start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        elif (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("date_to", "The period must be 3 years or shorter")
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for, or the last three months if the form has errors."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_period()


class ProfileForm(PeriodForm):
    version = forms.ChoiceField(
        label="Version",
        choices=ProfileVersion.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The board's version is the one to send outside the panel.",
    )

    def chosen_version(self) -> str:
        if self.is_valid() and self.cleaned_data.get("version"):
            return self.cleaned_data["version"]
        return ProfileVersion.RESTRICTED
