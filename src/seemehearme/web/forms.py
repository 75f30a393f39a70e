"""Form pieces shared across the service, following the GOV.UK Design System.

The templates that draw them are in ``templates/web/includes/``: ``error_summary.html`` reads
:meth:`GovukFormMixin.error_summary`, and ``date_input.html`` draws a :class:`GovukDateField`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK date input pattern asks.

    Templates render the boxes themselves (see ``web/includes/date_input.html``); the
    submitted names are ``<field>_day``, ``<field>_month`` and ``<field>_year``.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()},
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    One message names the date ("Start date must include a month") rather than three about
    "this field", which is why this is not a MultiValueField. A label ending " (optional)" is
    named without it.
    """

    widget = GovukDateWidget

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(part or "").strip() for part in (value or [])] + ["", "", ""]
        day, month, year = parts[:3]
        label = str(self.label or "The date").removesuffix(" (optional)")
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter the {label.lower()}", code="required")
            return None
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None

    def prepare_value(self, value: Any) -> list[Any]:
        """Always [day, month, year], whether from the database (a date) or from the request."""
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, list | tuple):
            return [*list(value), None, None, None][:3]
        return [None, None, None]


class GovukFormMixin:
    """Helpers the GOV.UK templates need: where each error links to, and service errors.

    Every form shown with ``web/includes/error_summary.html`` needs this mixin.
    """

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in the order of the fields."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        items: list[tuple[str, str]] = []
        for message in form.non_field_errors():
            items.append(("", str(message)))
        for name in form.fields:
            if name in form.errors:
                anchor = f"#{self.first_input_id(name)}"
                items.extend((anchor, str(message)) for message in form.errors[name])
        return items

    def first_input_id(self, name: str) -> str:
        """The id of the input the error summary link should move focus to."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        bound = form[name]
        widget = bound.field.widget
        if isinstance(widget, GovukDateWidget):
            return f"{bound.auto_id}_day"
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            return f"{bound.auto_id}_0"
        return str(bound.auto_id)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the form, against the field it names if any."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in form.fields and field != NON_FIELD_ERRORS else None
                form.add_error(target, messages)
        else:
            form.add_error(None, error.messages)
