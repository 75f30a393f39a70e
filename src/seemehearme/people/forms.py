from __future__ import annotations

from django import forms

from seemehearme.sharing.policy import BREAK_GLASS_MAX_HOURS
from seemehearme.web.forms import GovukDateField


class ChildSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        min_length=2,
        max_length=100,
        error_messages={
            "required": "Enter the child's name",
            "min_length": "Enter at least 2 letters of the child's name",
        },
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False)


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
        error_messages={"required": "Explain why you need access now"},
    )
    hours = forms.TypedChoiceField(
        label="How long do you need access for?",
        coerce=int,
        choices=[(h, f"{h} hour{'s' if h > 1 else ''}") for h in (1, 2, 4, BREAK_GLASS_MAX_HOURS)],
        initial=1,
        error_messages={"required": "Choose how long you need access for"},
    )
