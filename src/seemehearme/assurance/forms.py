"""Forms for self-assessments, action plans and recommendations. They only collect: the rules
live in ``selfassessment``, ``actionplans`` and ``recommendations``."""

from __future__ import annotations

from typing import Any

from django import forms

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.assurance.actionplans import findings_of
from seemehearme.assurance.models import (
    ActionStatus,
    Answer,
    AssessmentEntry,
    PlanKind,
    Rating,
    Recommendation,
    RecommendationSource,
)
from seemehearme.assurance.recommendations import recommendations_for
from seemehearme.intelligence.models import ProfileFinding
from seemehearme.web.forms import GovukDateField, GovukFormMixin


def staff_of(area: Area) -> Any:
    return StaffUser.objects.filter(agency__area=area, is_active=True).select_related("agency")


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}, {obj.agency.name}"


class AssessmentStartForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Name of the self-assessment",
        required=False,
        help_text="For example, 'Self-assessment 2026'.",
    )
    assessed_on = GovukDateField(
        label="Date of the self-assessment", help_text="For example, 1 12 2026."
    )


class EntryForm(GovukFormMixin, forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Red: not in place. Amber: partly in place. Green: in place and working.",
    )
    evidence = forms.CharField(
        label="Evidence", widget=forms.Textarea, required=False,
        help_text="What shows how far this is in place: documents, figures, audits.",
    )  # fmt: skip
    owner = _StaffChoice(
        label="Owner", queryset=StaffUser.objects.none(), required=False, empty_label="No owner yet"
    )
    actions = forms.CharField(label="Actions agreed", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of(area)  # type: ignore[attr-defined]


class PlanForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Whose plan is it?", choices=PlanKind.choices, widget=forms.RadioSelect
    )
    agency = forms.ModelChoiceField(
        label="Agency (for an agency plan)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose the agency",
    )
    title = forms.CharField(label="Name of the plan", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class _EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.assessment.title}: {obj.expectation.text[:70]}"


class _FindingChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, show_text: bool = False, **kwargs: Any) -> None:
        self.show_text = show_text
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        label = f"Problem profile {obj.profile_id}, finding F{obj.number}"
        return f"{label}: {obj.text[:70]}" if self.show_text else label


class _RecommendationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.reference


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(label="What will be done?", widget=forms.Textarea, required=False)
    owner = _StaffChoice(label="Owner", queryset=StaffUser.objects.none(), empty_label="Choose")
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), empty_label="Choose"
    )
    due_on = GovukDateField(label="Due by", help_text="For example, 31 3 2027.")
    entry = _EntryChoice(
        label="Self-assessment finding it answers (optional)",
        queryset=AssessmentEntry.objects.none(),
        required=False,
        empty_label="None",
    )
    finding = _FindingChoice(
        label="Problem profile finding it answers (optional)",
        queryset=ProfileFinding.objects.none(),
        required=False,
        empty_label="None",
    )
    recommendation = _RecommendationChoice(
        label="Recommendation it answers (optional)",
        queryset=Recommendation.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(
        self, *args: Any, area: Area, agencies: Any, show_finding_text: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["owner"].queryset = staff_of(area)
        fields["agency"].queryset = agencies
        fields["entry"].queryset = AssessmentEntry.objects.filter(
            assessment__area=area
        ).select_related("assessment", "expectation")
        fields["finding"].queryset = findings_of(area)
        fields["finding"].show_text = show_finding_text
        fields["recommendation"].queryset = recommendations_for(area)


class ActionUpdateForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Progress note (optional)", widget=forms.Textarea, required=False,
        help_text="What has been done since the last note. It is kept with today's date.",
    )  # fmt: skip


class RecommendationForm(GovukFormMixin, forms.Form):
    source = forms.ChoiceField(
        label="Where did it come from?",
        choices=RecommendationSource.choices,
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        help_text="For example, 'CSPR 2026/03, recommendation 2'.",
    )
    text = forms.CharField(
        label="The recommendation, as it was made", widget=forms.Textarea, required=False
    )
    made_on = GovukDateField(label="Date it was made", help_text="For example, 14 9 2026.")


class ResponseForm(GovukFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Does the agency agree?", choices=Answer.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="Why", widget=forms.Textarea, required=False,
        help_text="Needed if the agency partly agrees or does not agree.",
    )  # fmt: skip
    progress = forms.CharField(label="Progress so far", widget=forms.Textarea, required=False)
