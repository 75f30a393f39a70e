"""Forms for participation activities, what changed, and family support."""

from __future__ import annotations

from typing import Any

from django import forms

from seemehearme.areas.models import Agency, Area
from seemehearme.participation.models import (
    ActivityKind,
    FamilySupportKind,
    ParticipationActivity,
    SupportOutcome,
)
from seemehearme.web.forms import GovukDateField, GovukFormMixin


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"{label} (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class ActivityForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="What was it called", max_length=200)
    kind = forms.ChoiceField(label="What kind of activity", choices=ActivityKind.choices)
    held_on = GovukDateField(label="When it was held")
    run_by = forms.ModelChoiceField(
        label="Which agency ran it (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not said",
    )
    young_people = forms.IntegerField(
        label="How many young people took part",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="A number. Do not name any child.",
    )
    aged_under_13 = _count("Under 13")
    aged_13_to_15 = _count("13 to 15")
    aged_16_to_17 = _count("16 to 17")
    aged_18_to_25 = _count("18 to 25")
    girls = _count("Girls")
    boys = _count("Boys")
    other_or_not_said = _count("Other or not said")
    they_said = forms.CharField(
        label="What they said",
        widget=forms.Textarea,
        help_text="In their own words, as they said them. Leave out anything that could "
        "identify a child.",
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run_by"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            area=area, is_active=True
        )

    @staticmethod
    def initial_from(activity: ParticipationActivity) -> dict[str, Any]:
        return {
            name: getattr(activity, name) for name in ActivityForm.base_fields if name != "run_by"
        } | {"run_by": activity.run_by_id}


class ChangeForm(GovukFormMixin, forms.Form):
    what_changed = forms.CharField(
        label="What changed because of what they said", widget=forms.Textarea
    )
    changed_on = GovukDateField(label="When it changed")
    link = forms.URLField(
        label="A link to read more (optional)",
        required=False,
        assume_scheme="https",
        help_text="For example the new leaflet or the changed procedure.",
    )


class FamilySupportForm(GovukFormMixin, forms.Form):
    kind = forms.ModelChoiceField(
        label="What support was offered",
        queryset=FamilySupportKind.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    offered_to = forms.CharField(
        label="Who was it offered to",
        max_length=200,
        help_text="For example: mother, father, grandmother, foster carers.",
    )
    offered_on = GovukDateField(label="When it was offered")
    agency = forms.ModelChoiceField(
        label="Which agency offered it", queryset=Agency.objects.none(), empty_label=None
    )
    outcome = forms.ChoiceField(
        label="What became of it",
        choices=SupportOutcome.choices,
        widget=forms.RadioSelect,
        initial=SupportOutcome.WAITING,
    )
    reason = forms.CharField(
        label="Why it was declined or not possible",
        required=False,
        widget=forms.Textarea,
        help_text="Only if it was declined or was not possible.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            area=area, is_active=True
        )


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="What became of it", choices=SupportOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why it was declined or not possible",
        required=False,
        widget=forms.Textarea,
        help_text="Only if it was declined or was not possible.",
    )
