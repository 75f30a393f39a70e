"""Forms for recording training and supervision, and for choosing the date of the figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.web.forms import GovukDateField, GovukFormMixin
from seemehearme.workforce.models import SupervisionKind, TrainingCourse


class StaffField(forms.ModelChoiceField):
    """A member of staff, named with their job and team so people with the same name differ."""

    def label_from_instance(self, obj: Any) -> str:
        staff: StaffUser = obj
        job = f", {staff.job_title}" if staff.job_title else ""
        team = staff.team.name if staff.team else (staff.agency.name if staff.agency else "")
        return f"{staff.display_name}{job} ({team})"


class TrainingRecordForm(GovukFormMixin, forms.Form):
    staff = StaffField(
        label="Who completed the training?",
        queryset=StaffUser.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={"required": "Choose who completed the training"},
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=TrainingCourse.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the course"},
    )
    completed_on = GovukDateField(label="Date completed", help_text="For example, 27 3 2026")
    provider = forms.CharField(
        label="Who provided the training?",
        max_length=200,
        help_text="For example, the partnership's training team, or an e-learning provider.",
        error_messages={"required": "Enter who provided the training"},
    )

    def __init__(self, *args: Any, staff: QuerySet[StaffUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["course"].queryset = TrainingCourse.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["completed_on"].initial = timezone.localdate()


class SupervisionForm(GovukFormMixin, forms.Form):
    supervisee = StaffField(
        label="Who was supervised?",
        queryset=StaffUser.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={"required": "Choose who was supervised"},
    )
    supervisor = StaffField(
        label="Supervisor",
        queryset=StaffUser.objects.none(),
        empty_label="Choose the supervisor",
        error_messages={"required": "Choose the supervisor"},
    )
    held_on = GovukDateField(label="Date of the supervision", help_text="For example, 27 3 2026")
    kind = forms.ChoiceField(
        label="Kind of supervision",
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of supervision"},
    )
    cases_discussed = forms.IntegerField(
        label="Number of cases discussed (optional)",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Enter the number of cases as a whole number, like 3",
            "min_value": "The number of cases discussed must be 0 or more",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Do not name any child: supervision records are about staff.",
    )

    def __init__(
        self,
        *args: Any,
        supervisees: QuerySet[StaffUser],
        supervisors: QuerySet[StaffUser],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["held_on"].initial = timezone.localdate()


class FiguresDateForm(GovukFormMixin, forms.Form):
    """The date the compliance figures are worked out for (today if not given)."""

    on = GovukDateField(
        label="Figures on (optional)",
        required=False,
        help_text="For example, 31 3 2026. Leave empty for today.",
    )


class TrainingImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="The first line names the columns: username, course, completed_on, provider.",
        error_messages={"required": "Choose a CSV file to upload"},
    )
