"""Forms for referring a child and triaging a referral (GOV.UK patterns, see web/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Area
from seemehearme.cases.models import ReferralSource, RiskLevel, TriageDecision
from seemehearme.cases.referrals import POSTCODE, normalise_postcode, risk_levels_for
from seemehearme.people.models import Gender
from seemehearme.web.forms import GovukDateField, GovukFormMixin


class ReferralFindForm(GovukFormMixin, forms.Form):
    """Step 1: who is the child? Both name and date of birth, so that a referral cannot be
    used to look children up."""

    given_name = forms.CharField(
        label="First name",
        max_length=100,
        help_text="Or the name they are known by",
        error_messages={"required": "Enter the child's first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2012")

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data["date_of_birth"]
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be today or in the past")
        return born


class ReferralChildForm(GovukFormMixin, forms.Form):
    """Step 2, only for a child the partnership does not know: the minimum to add them."""

    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's gender, or 'Not known'"},
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        help_text="Where the child lives now. Leave it blank if they have no fixed address or "
        "you do not know it.",
    )
    school = forms.ModelChoiceField(
        label="School (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not known or not at school",
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school: forms.ModelChoiceField = self.fields["school"]  # type: ignore[assignment]
        school.queryset = Agency.objects.filter(
            area=area, kind=AgencyKind.SCHOOL, is_active=True
        ).order_by("name")

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like ZZ1 1AA")
        return postcode


CHILD_KNOWS = {"yes": True, "no": False, "not_sure": None}


class ReferralConcernsForm(GovukFormMixin, forms.Form):
    """Step 3: the concerns, in the referrer's words."""

    source = forms.ChoiceField(
        label="Who raised the concern?",
        choices=[
            (ReferralSource.AGENCY, "My agency"),
            (ReferralSource.COMMUNITY, "Someone in the community, and I am recording it for them"),
        ],
        widget=forms.RadioSelect,
        initial=ReferralSource.AGENCY,
        error_messages={"required": "Choose who raised the concern"},
    )
    referrer_description = forms.CharField(
        label="Who raised it? (community concerns only)",
        max_length=200,
        required=False,
        help_text="For example, 'a shopkeeper on Mill Street' or 'a friend's parent'. "
        "Do not give their name unless they agreed.",
    )
    concerns = forms.CharField(
        label="What are you worried about?",
        widget=forms.Textarea,
        help_text="Say what you have seen or been told, when, and by whom. Use the child's own "
        "words where you can.",
        error_messages={"required": "Describe your concerns about the child"},
    )
    child_knows = forms.ChoiceField(
        label="Does the child know about this referral?",
        choices=[("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child knows about this referral"},
    )

    def __init__(self, *args: Any, community: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not community:
            del self.fields["source"]
            del self.fields["referrer_description"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source") == ReferralSource.COMMUNITY:
            if not cleaned.get("referrer_description", "").strip():
                self.add_error(
                    "referrer_description",
                    "Say who raised the concern, for example 'a neighbour'",
                )
        else:
            cleaned["referrer_description"] = ""
        cleaned.setdefault("source", ReferralSource.AGENCY)
        return cleaned

    @property
    def child_knows_value(self) -> bool | None:
        return CHILD_KNOWS[self.cleaned_data["child_knows"]]


class TriageForm(GovukFormMixin, forms.Form):
    """The coordinator's decision, the reason for it, and for a new case its risk level."""

    triage_decision = forms.ChoiceField(
        label="What is your decision?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a triage decision"},
    )
    triage_reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea,
        help_text=(
            "Your reason is kept with the referral and shown if the child is referred again. "
            "If you signpost or take no further action, the referrer is told this reason, so "
            "write it for them."
        ),
        error_messages={"required": "Say why you made this decision"},
    )
    risk_level = forms.ModelChoiceField(
        label="Risk level (only if you are opening a case)",
        queryset=RiskLevel.objects.none(),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, area: Area, has_open_case: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the decisions that can apply: a child has at most one open case.
        excluded = TriageDecision.OPEN_CASE if has_open_case else TriageDecision.ADD_TO_OPEN_CASE
        decision: forms.ChoiceField = self.fields["triage_decision"]  # type: ignore[assignment]
        decision.choices = [c for c in TriageDecision.choices if c[0] != excluded]
        risk: forms.ModelChoiceField = self.fields["risk_level"]  # type: ignore[assignment]
        risk.queryset = risk_levels_for(area)
        if has_open_case:
            del self.fields["risk_level"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("triage_decision") == TriageDecision.OPEN_CASE:
            if cleaned.get("risk_level") is None and "risk_level" not in self.errors:
                self.add_error("risk_level", "Choose the risk level for the new case")
        else:
            cleaned["risk_level"] = None
        return cleaned
