"""Forms for early warning: confirm or dismiss a flag, and record the board's approval."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from seemehearme.earlywarning.models import RuleSet
from seemehearme.earlywarning.services import MIN_REASON_LENGTH
from seemehearme.web.forms import GovukFormMixin

CONFIRM = "confirm"
DISMISS = "dismiss"


class ConfirmForm(GovukFormMixin, forms.Form):
    """Confirm: the child is referred to the triage team."""

    confirm_reason = forms.CharField(
        label="Why are you referring this child?",
        widget=forms.Textarea,
        min_length=MIN_REASON_LENGTH,
        help_text="This goes into the referral with what the flag shows you.",
        error_messages={
            "required": "Say why you are referring the child",
            "min_length": f"Say why you are referring the child, in at least "
            f"{MIN_REASON_LENGTH} characters",
        },
    )


class DismissForm(GovukFormMixin, forms.Form):
    """Dismiss: the reason is kept on the flag."""

    dismiss_reason = forms.CharField(
        label="Why are you dismissing this flag?",
        widget=forms.Textarea,
        min_length=MIN_REASON_LENGTH,
        help_text="For example, what you already know about the child that explains the events. "
        "The flag will not be raised again unless something new happens.",
        error_messages={
            "required": "Say why you are dismissing the flag",
            "min_length": f"Say why you are dismissing the flag, in at least "
            f"{MIN_REASON_LENGTH} characters",
        },
    )


class ApproveForm(GovukFormMixin, forms.Form):
    """Record the board's approval of a draft rule set."""

    rule_set = forms.ModelChoiceField(queryset=RuleSet.objects.none(), widget=forms.HiddenInput)
    approval_reference = forms.CharField(
        label="The board's reference for this approval",
        max_length=200,
        help_text="For example, the meeting date and minute number.",
        error_messages={"required": "Enter the board's reference, for example the minute number"},
    )

    def __init__(self, *args: Any, drafts: QuerySet[RuleSet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["rule_set"]  # type: ignore[assignment]
        field.queryset = drafts
        field.error_messages["invalid_choice"] = "That draft can no longer be approved"
        field.error_messages["required"] = "Choose the draft to approve"
