"""Forms for the protection plan. The rules live in ``plans.services``; these only collect.

Fields the services check are optional here, so one submission shows every problem at once
rather than the form's complaints first and the service's on the next try.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from seemehearme.areas.models import Area, StaffUser
from seemehearme.dates import long_date
from seemehearme.intelligence.models import Entity, ProfileFinding
from seemehearme.plans.models import ActionStatus, DisruptionTactic, PendingAction
from seemehearme.web.forms import GovukDateField, GovukFormMixin

OUT_OF_DATE_PAGE = "This page was out of date. Go back to the plan and try again."


class VersionedForm(GovukFormMixin, forms.Form):
    """A form that carries the version of the record it was loaded with, in a hidden field,
    so a save based on an out-of-date copy can be refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = str(cleaned.get("version") or "")
        if not raw.isdigit():
            # Only a page saved from long ago or an altered form gets here: say so, once, at
            # the top (a hidden field has nothing to link to).
            raise forms.ValidationError(OUT_OF_DATE_PAGE)
        cleaned["version"] = int(raw)
        return cleaned


class PlanForm(GovukFormMixin, forms.Form):
    aims = forms.CharField(
        label="What is the plan for?",
        widget=forms.Textarea,
        required=False,
        help_text="In plain words the child can read: what everyone is working towards.",
    )
    review_due = GovukDateField(
        label="Review the plan by", required=False, help_text="For example, 27 3 2027."
    )


class PlanEditForm(PlanForm, VersionedForm):
    pass


class _OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = obj.agency.name if obj.agency else "no agency"
        return f"{obj.display_name}, {agency}"


class _SubjectChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.get_kind_display().lower()})"


class _FindingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        profile = obj.profile
        period = f"{long_date(profile.period_start)} to {long_date(profile.period_end)}"
        return f"F{obj.number} of profile {profile.pk} ({period}): {obj.text[:90]}"


class ActionAddForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What will be done?",
        widget=forms.Textarea,
        required=False,
        help_text="One specific action, for example 'Arrange safe transport home from school'.",
    )
    owner = _OwnerChoice(
        label="Who will do it?",
        queryset=StaffUser.objects.none(),
        empty_label="Choose a person",
        help_text="The child's key worker or someone on the case team. The action is for their "
        "agency.",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose someone on the child's case team",
        },
    )
    due_on = GovukDateField(label="Due by", required=False, help_text="For example, 27 3 2027.")
    disruption_tactic = forms.ModelChoiceField(
        label="Disruption tactic (optional)",
        queryset=DisruptionTactic.objects.filter(is_active=True),
        required=False,
        empty_label="Not a disruption action",
        help_text="For actions against those harming the child, from the Home Office "
        "disruption toolkit.",
        error_messages={"invalid_choice": "Choose one of the disruption tactics in use"},
    )
    disruption_target = forms.CharField(
        label="Who or where is the disruption aimed at? (optional)",
        max_length=200,
        required=False,
        help_text="For example, a named adult, an address, a vehicle or a business. Only for "
        "disruption actions.",
        error_messages={"max_length": "Who or where must be 200 characters or fewer"},
    )
    cites_finding = _FindingChoice(
        label="Problem profile finding this action answers (optional)",
        queryset=ProfileFinding.objects.none(),
        required=False,
        empty_label="None",
        help_text="A numbered finding of a problem profile saved for the partnership.",
        error_messages={"invalid_choice": "Choose a finding of one of the partnership's profiles"},
    )

    disruption_subjects = _SubjectChoice(
        label="Or choose who or where from the intelligence register (optional)",
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Persons of concern, places and vehicles you can see in the register. Only "
        "for disruption actions.",
        error_messages={"invalid_choice": "Choose from the register's list"},
    )

    def __init__(
        self,
        *args: Any,
        team: QuerySet[StaffUser],
        subjects: QuerySet[Entity] | None = None,
        area: Area | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team  # type: ignore[attr-defined]
        if subjects is None or not subjects.exists():
            del self.fields["disruption_subjects"]  # nothing in the register to offer
        else:
            self.fields["disruption_subjects"].queryset = subjects  # type: ignore[attr-defined]
        if area is not None:
            self.fields["cites_finding"].queryset = (  # type: ignore[attr-defined]
                ProfileFinding.objects.filter(profile__area=area)
                .select_related("profile")
                .order_by("-profile__generated_at", "-profile_id", "number")
            )


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the action's status"},
    )
    status_note = forms.CharField(
        label="Note",
        widget=forms.Textarea,
        required=False,
        help_text="What has happened. Needed when the action is done (what was done) or "
        "cancelled (why).",
    )
    due_on = GovukDateField(
        label="Due by", required=False, help_text="Change it if the action has moved."
    )


class _PendingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        owner = obj.owner.display_name
        return f"{obj.description} ({owner}, {obj.agency.name}, due by {long_date(obj.due_on)})"


class CarryForm(GovukFormMixin, forms.Form):
    """Which actions agreed before the plan to put into it (all, unless someone unticks one:
    an unticked action stays on the case)."""

    carry = _PendingChoice(
        label="Actions agreed before the plan",
        queryset=PendingAction.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ticked actions go into the plan with their owner and due date. An action you "
        "untick stays on the case, and you can add it later.",
    )

    def __init__(self, *args: Any, pending: list[PendingAction], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["carry"] = [item.pk for item in pending]
        super().__init__(*args, **kwargs)
        self.fields["carry"].queryset = PendingAction.objects.filter(  # type: ignore[attr-defined]
            pk__in=[item.pk for item in pending]
        ).select_related("owner", "agency")
