"""Forms for agreements, signatories and break-glass reviews.

Forms only parse and check what was typed. The rules about agreements (enough parties, every
party signed before it is active, dates in order) live in ``sharing/services.py`` and come back
to the form as errors through :meth:`GovukFormMixin.add_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms

from seemehearme.areas.models import Agency, Area
from seemehearme.sharing.models import (
    AgreementStatus,
    InformationCategory,
    InformationSharingAgreement,
    LawfulBasis,
    SharingPurpose,
)
from seemehearme.sharing.selectors import agreement_party_choices
from seemehearme.web.forms import GovukDateField, GovukFormMixin


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
    withheld_unnamed = forms.BooleanField(
        label="Count it without naming who holds it or what kind it is",
        required=False,
        help_text=(
            "Where this information is withheld from an agency outside the agreement, its staff "
            'see only how many items are withheld ("2 items are withheld"). Choose this when '
            "naming the holder or the kind of information would itself say too much."
        ),
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
                "withheld_unnamed": agreement.withheld_unnamed,
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


class WorkspaceFilterForm(forms.Form):
    """The analyst's workspace filters (GET)."""

    age_band = forms.ChoiceField(label="Age band", required=False)
    gender = forms.ChoiceField(label="Gender", required=False)
    risk = forms.ChoiceField(label="Risk level", required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        from seemehearme.people.models import Gender
        from seemehearme.sharing.workspace import AGE_BANDS, NO_OPEN_CASE, risk_levels_in_use

        super().__init__(*args, **kwargs)
        fields: dict[str, forms.ChoiceField] = self.fields  # type: ignore[assignment]
        fields["age_band"].choices = [("", "Any age")] + [
            (band.code, band.label) for band in AGE_BANDS
        ]
        fields["gender"].choices = [("", "Any gender"), *Gender.choices]
        fields["risk"].choices = [
            ("", "Any"),
            (NO_OPEN_CASE, "No open case"),
            *((str(level.pk), level.name) for level in risk_levels_in_use(area)),
        ]
