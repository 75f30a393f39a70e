"""The access log's filters: a GET form, so a filtered view can be bookmarked and shared; and
finding a child by name, sent by POST so that the name never sits in a URL (ADR 0002)."""

from __future__ import annotations

from typing import Any

from django import forms

from seemehearme.audit.models import AccessAction
from seemehearme.web.forms import GovukDateField, GovukFormMixin


class AccessLogFilterForm(GovukFormMixin, forms.Form):
    username = forms.CharField(
        label="Member of staff",
        required=False,
        max_length=150,
        help_text="All or part of their user name.",
    )
    child = forms.IntegerField(
        label="Child ID",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Child ID must be a number, like 1024",
            "min_value": "Child ID must be a number, like 1024",
        },
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AccessAction.choices]
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Allowed or refused"), ("allowed", "Allowed"), ("denied", "Refused")],
    )
    break_glass = forms.BooleanField(label="Only break-glass access", required=False)
    reviews = forms.ChoiceField(
        label="Reviews by data protection leads",
        required=False,
        choices=[("", "Leave out"), ("include", "Include")],
        help_text="Reading this log or the break-glass reviews is logged too.",
    )
    date_from = GovukDateField(label="Date from", required=False, help_text="For example, 1 9 2026")
    date_to = GovukDateField(label="Date to", required=False, help_text="For example, 30 9 2026")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned

    def search_arguments(self) -> dict[str, Any]:
        """The cleaned filters as arguments for ``selectors.access_log_search``."""
        data = self.cleaned_data
        outcome = data.get("outcome")
        return {
            "username": (data.get("username") or "").strip(),
            "child_id": data.get("child"),
            "action": data.get("action") or "",
            "allowed": {"allowed": True, "denied": False}.get(outcome or ""),
            "break_glass_only": bool(data.get("break_glass")),
            "include_reviews": data.get("reviews") == "include",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class ChildNameForm(GovukFormMixin, forms.Form):
    """Find the children whose entries to show, by name. The answer is a filter by child ID."""

    name = forms.CharField(
        label="Child's name",
        max_length=100,
        help_text="All or part of their given name, family name or both, in any order.",
        error_messages={"required": "Enter all or part of the child's name"},
    )
