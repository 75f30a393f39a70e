"""Forms for reviewing pairs of adults' records, and merging and splitting persons of concern."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from seemehearme.dates import long_date
from seemehearme.intelligence.models import PersonOfConcern
from seemehearme.web.forms import GovukFormMixin

SAME = "same"
DIFFERENT = "different"


class DecisionForm(GovukFormMixin, forms.Form):
    """Whether two agencies' records are of the same adult, and why."""

    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            (SAME, "Yes, the same person: make them one person of concern"),
            (DIFFERENT, "No, different people: keep them apart"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Say what convinced you, for example the same address confirmed with the "
        "police. Your reason is kept with the decision.",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter the reason for your decision"},
    )


def person_choice(person: PersonOfConcern) -> str:
    """How a person is offered in a list: name, date of birth and holding agency."""
    born = f", born {long_date(person.date_of_birth)}" if person.date_of_birth else ""
    return f"{person.label}{born} ({person.source_agency.name})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_choice(obj)


class MergeForm(GovukFormMixin, forms.Form):
    """Which other person is the same as this one, and why."""

    other = PersonChoiceField(
        label="Which person of concern is the same person?",
        help_text="Their agencies' records and links move to this person. The merge can be "
        "split again from this person's merge history.",
        queryset=PersonOfConcern.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person of concern to merge into this one"},
    )
    why = forms.CharField(
        label="Why are they the same person?",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter why they are the same person"},
    )

    def __init__(self, *args: Any, others: QuerySet[PersonOfConcern], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = others.select_related("source_agency").order_by("label", "pk")


class SplitForm(GovukFormMixin, forms.Form):
    """Why a merge was wrong."""

    why = forms.CharField(
        label="Why are they not the same person?",
        help_text="The person merged stands again, with the records and links the merge moved.",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter why they are not the same person"},
    )
