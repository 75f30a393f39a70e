"""Forms for reviewing identity matches."""

from __future__ import annotations

from django import forms

from seemehearme.web.forms import GovukFormMixin

SAME = "same"
DIFFERENT = "different"


class DecisionForm(GovukFormMixin, forms.Form):
    """Whether the two children are the same child, and why."""

    decision = forms.ChoiceField(
        label="Are these the same child?",
        choices=[
            (SAME, "Yes, the same child: make them one record"),
            (DIFFERENT, "No, different children: keep them apart"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same child"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Say what convinced you, for example a matching NHS number confirmed with "
        "the hospital. Your reason is kept with the decision.",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter the reason for your decision"},
    )


class UndoForm(GovukFormMixin, forms.Form):
    """Why a link (or a merge) was wrong."""

    link = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why is this not the same child?",
        help_text="The record goes back to the child it came from, or becomes a child of its "
        "own, and will not be linked to this child again.",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={"required": "Enter why this is not the same child"},
    )
