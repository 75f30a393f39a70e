"""Forms for the data protection pages. They parse what was typed; the rules are in the
services (``decisions``, ``subject_access``, ``retention``) and come back as form errors."""

from __future__ import annotations

from typing import Any

from django import forms

from seemehearme.areas.models import Agency, Area
from seemehearme.dataprotection.models import (
    Consent,
    ConsentNotSought,
    ItemDecision,
    RequesterKind,
    RetentionAction,
)
from seemehearme.sharing.models import InformationCategory, LawfulBasis, SharingPurpose
from seemehearme.web.forms import GovukDateField, GovukFormMixin


class SharingDecisionForm(GovukFormMixin, forms.Form):
    shared = forms.TypedChoiceField(
        label="Did you share the information?",
        choices=[("yes", "Yes, I shared it"), ("no", "No, I decided not to share it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you shared the information"},
    )
    categories = forms.ModelMultipleChoiceField(
        label="What kind of information (optional)",
        queryset=InformationCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    what = forms.CharField(
        label="What information, in your words (optional if you chose its kind)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    with_agency = forms.ModelChoiceField(
        label="With which agency (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
    )
    with_person = forms.CharField(
        label="With whom, if not an agency or to name the person (optional)",
        max_length=200,
        required=False,
        help_text="For example, the child's mother, or a named officer.",
    )
    purpose = forms.ModelChoiceField(
        label="Purpose",
        queryset=SharingPurpose.objects.all(),
        empty_label="Choose a purpose",
        error_messages={"required": "Choose the purpose"},
    )
    reason = forms.CharField(
        label="Your reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Why sharing was, or was not, necessary and proportionate.",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis (needed if you shared)",
        choices=[("", "Choose a lawful basis"), *LawfulBasis.choices],
        required=False,
    )
    consent = forms.ChoiceField(
        label="Consent",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether consent was sought"},
    )
    consent_not_sought_because = forms.ChoiceField(
        label="If consent was not sought, why not",
        choices=ConsentNotSought.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_notes = forms.CharField(
        label="Why consent was overridden, or more about why it was not sought",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decided_on = GovukDateField(label="Date of the decision", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["with_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            area=area, is_active=True
        ).order_by("name")


class DecisionFilterForm(forms.Form):
    shared = forms.ChoiceField(
        label="Shared or not",
        choices=[("", "All decisions"), ("yes", "Shared"), ("no", "Not shared")],
        required=False,
    )
    overridden = forms.BooleanField(label="Only where consent was overridden", required=False)
    agency = forms.ModelChoiceField(
        label="Agency (made the decision or was shared with)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(area=area).order_by("name")  # type: ignore[attr-defined]


class SubjectAccessRequestForm(GovukFormMixin, forms.Form):
    given_name = forms.CharField(
        label="Child's given name",
        max_length=100,
        error_messages={"required": "Enter the child's given name"},
    )
    family_name = forms.CharField(
        label="Child's family name",
        max_length=100,
        error_messages={"required": "Enter the child's family name"},
    )
    date_of_birth = GovukDateField(label="Child's date of birth", help_text="For example, 3 9 2010")
    requester_name = forms.CharField(
        label="Who asked",
        max_length=200,
        error_messages={"required": "Enter the name of the person who asked"},
    )
    requester_kind = forms.ChoiceField(
        label="They are",
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say who the person who asked is"},
    )
    received_on = GovukDateField(label="Date received", help_text="For example, 1 12 2026")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, how the requester's identity was checked.",
    )


class ItemReviewForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Release this item?",
        choices=[c for c in ItemDecision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to include, redact or exclude the item"},
    )
    redacted_text = forms.CharField(
        label="The text as it will be released (if redacting)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Delete what must not be released; write [redacted] where you took it out.",
    )
    reason = forms.CharField(
        label="Reason (if redacting or excluding)",
        max_length=300,
        required=False,
        help_text="For example, third-party information without consent.",
    )


class RetentionRuleForm(GovukFormMixin, forms.Form):
    years = forms.IntegerField(label="Years", min_value=0, max_value=150)
    days = forms.IntegerField(label="Days", min_value=0, max_value=3650)
    action = forms.ChoiceField(
        label="Then", choices=RetentionAction.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(
        label="Where the period comes from",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
