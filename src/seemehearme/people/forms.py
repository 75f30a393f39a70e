from __future__ import annotations

from django import forms
from django.template.defaultfilters import pluralize

from seemehearme.sharing.policy import BREAK_GLASS_MAX_HOURS
from seemehearme.web.forms import GovukDateField, GovukFormMixin


class ChildSearchForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        min_length=2,
        max_length=100,
        help_text="Any part of their first name, family name or the name they are known by",
        error_messages={
            "required": "Enter the child's name",
            "min_length": "Enter at least 2 letters of the child's name",
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        help_text=(
            "For example, 27 3 2012. Add it to check whether a child you do not work with is "
            "known to the partnership."
        ),
    )


class BreakGlassForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        widget=forms.Textarea,
        help_text=(
            "Say what has happened and why it cannot wait for you to be added to the case team."
        ),
        error_messages={"required": "Explain why you need access now"},
    )
    hours = forms.TypedChoiceField(
        label="How long do you need access for?",
        coerce=int,
        choices=[(h, f"{h} hour{pluralize(h)}") for h in (1, 2, 4, BREAK_GLASS_MAX_HOURS)],
        widget=forms.RadioSelect,
        initial=1,
        error_messages={"required": "Choose how long you need access for"},
    )
