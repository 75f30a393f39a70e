"""Forms for agreements, signatories and break-glass reviews, plus the GOV.UK date input.

Forms only parse and check what was typed. The rules about agreements (enough parties, every
party signed before it is active, dates in order) live in ``sharing/services.py`` and come back
to the form as errors through :meth:`GovukFormMixin.add_service_errors`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from seemehearme.areas.models import Agency, Area
from seemehearme.sharing.models import (
    AgreementStatus,
    InformationCategory,
    InformationSharingAgreement,
    LawfulBasis,
    SharingPurpose,
)
from seemehearme.sharing.selectors import agreement_party_choices


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK date input pattern asks.

    Templates render the boxes themselves (see ``sharing/includes/date_input.html``); the
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
    "this field", which is why this is not a MultiValueField.
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
    """Helpers the GOV.UK templates need: where each error links to, and service errors."""

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


class AgreementForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=50,
        help_text="The partnership's reference for the agreement, for example ISA-2026-001.",
        error_messages={"required": "Enter a reference"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    parties = forms.ModelMultipleChoiceField(
        label="Parties to the agreement",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Every party may share the chosen information with every other party.",
        error_messages={"required": "Select the agencies that are party to the agreement"},
    )
    categories = forms.ModelMultipleChoiceField(
        label="Information shared",
        queryset=InformationCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the information the parties will share"},
    )
    purposes = forms.ModelMultipleChoiceField(
        label="Purposes",
        queryset=SharingPurpose.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Information is shown only when it is used for one of these purposes.",
        error_messages={"required": "Select at least one purpose"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=[("", "Choose a lawful basis"), *LawfulBasis.choices],
        error_messages={"required": "Choose the lawful basis for sharing"},
    )
    lawful_basis_notes = forms.CharField(
        label="Notes on the lawful basis (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the conditions the parties rely on and any limits they agreed.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=AgreementStatus.choices,
        widget=forms.RadioSelect,
        initial=AgreementStatus.DRAFT,
        error_messages={"required": "Choose the status of the agreement"},
    )
    start_date = GovukDateField(label="Start date", help_text="For example, 1 4 2026")
    review_date = GovukDateField(label="Review date", help_text="For example, 1 4 2027")
    end_date = GovukDateField(
        label="End date (optional)",
        required=False,
        help_text="Leave blank if the agreement runs until it is ended.",
    )

    def __init__(
        self,
        *args: Any,
        area: Area,
        agreement: InformationSharingAgreement | None = None,
        **kwargs: Any,
    ) -> None:
        if agreement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "reference": agreement.reference,
                "title": agreement.title,
                "parties": list(agreement.parties.all()),
                "categories": list(agreement.categories.all()),
                "purposes": list(agreement.purposes.all()),
                "lawful_basis": agreement.lawful_basis,
                "lawful_basis_notes": agreement.lawful_basis_notes,
                "status": agreement.status,
                "start_date": agreement.start_date,
                "review_date": agreement.review_date,
                "end_date": agreement.end_date,
            }
        super().__init__(*args, **kwargs)
        parties = self.fields["parties"]
        assert isinstance(parties, forms.ModelMultipleChoiceField)
        parties.queryset = agreement_party_choices(area=area, agreement=agreement)


class SignatoryForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the agency the signatory signed for"},
    )
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the signatory's name"}
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={"required": "Enter the signatory's job title"},
    )
    signed_on = GovukDateField(label="Date signed", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, agreement: InformationSharingAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agreement.parties.all()


class BreakGlassReviewForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Was the access justified?",
        choices=[
            ("justified", "Justified"),
            ("not_justified", "Not justified"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the access was justified"},
    )
    notes = forms.CharField(
        label="Your notes",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Record the reason for your decision, and what happens next if the access was not "
            "justified."
        ),
        error_messages={"required": "Enter the reason for your decision"},
    )
