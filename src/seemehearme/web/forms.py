"""Form pieces shared across the service, following the GOV.UK Design System."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "web/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        box = {"class": "govuk-input govuk-date-input__input", "inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                "month": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-2"}),
                "year": forms.TextInput({**box, "class": box["class"] + " govuk-input--width-4"}),
            },
            attrs,
        )

    def decompress(self, value: dt.date | None) -> list[int | None]:
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the design system's error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(part.strip() for part in data_list if part):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise forms.ValidationError(f"Date must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError("Date must be a real date, for example 27 3 2012")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(
                "Date must be a real date, for example 27 3 2012"
            ) from error
