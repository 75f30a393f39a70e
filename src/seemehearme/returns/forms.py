"""The period of a return and the upload of areas' returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seemehearme.web.forms import GovukDateField, GovukFormMixin

LARGEST_UPLOAD_BYTES = 5 * 1024 * 1024


def last_financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The latest whole year from 1 April to 31 March before ``today``."""
    year = today.year - 1 if today.month >= 4 else today.year - 2
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


class ReturnPeriodForm(GovukFormMixin, forms.Form):
    """From and to dates (inclusive); blank means the last whole financial year."""

    date_from = GovukDateField(label="From", required=False, help_text="For example, 1 4 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 31 3 2027")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = last_financial_year(today)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        start = data.get("date_from") or self.default[0]
        end = data.get("date_to") or self.default[1]
        if start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a return",
        error_messages={
            "required": "Select a return (a JSON file)",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".json"):
            raise forms.ValidationError("The selected file must be a JSON file (.json)")
        if upload.size and upload.size > LARGEST_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return upload.read()
