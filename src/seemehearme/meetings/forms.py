"""Forms for planning and recording meetings. They check the shape of what was typed; the
rules (who may do what, reasons for leaving a child out) are in ``meetings.services``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Panel, StaffUser
from seemehearme.dates import long_date
from seemehearme.meetings.models import (
    AttendanceStatus,
    MeetingType,
    MinutesSuggestion,
    Participation,
)
from seemehearme.meetings.selectors import AttendanceRow
from seemehearme.people.models import Child
from seemehearme.plans.models import DisruptionTactic
from seemehearme.web.forms import GovukDateField, GovukFormMixin

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = obj.agency.name if obj.agency else "no agency"
        return f"{obj.display_name} ({agency})"


class ChildChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        known_as = f" (known as {obj.known_as})" if obj.known_as else ""
        return f"{obj.full_name}{known_as}, born {long_date(obj.date_of_birth)}"


def _parse_time(value: str) -> dt.time | None:
    match = TIME.match(value.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class MeetingPlanForm(GovukFormMixin, forms.Form):
    meeting_type = forms.ModelChoiceField(
        label="Type of meeting",
        queryset=MeetingType.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the type of meeting"},
    )
    held_on = GovukDateField(label="Date", help_text="For example, 27 3 2027")
    time = forms.CharField(
        label="Start time",
        max_length=8,
        help_text="For example, 9:30 or 14:00",
        error_messages={"required": "Enter the start time"},
    )
    location = forms.CharField(
        label="Where",
        max_length=200,
        help_text="A room and building, or how to join by phone or video",
        error_messages={"required": "Enter where the meeting is, or how to join it"},
    )
    chair = StaffChoiceField(
        label="Chair",
        queryset=StaffUser.objects.none(),
        empty_label=None,  # the form starts with a sensible chair (``selectors.chair_default``)
        help_text="Children on the agenda are chosen from the children the chair works with",
        error_messages={"required": "Choose who chairs the meeting"},
    )
    panel = forms.ModelChoiceField(
        label="Panel (optional)",
        queryset=Panel.objects.none(),
        required=False,
        empty_label="Not a panel meeting",
        help_text="Members of the panel can open the meeting and its minutes",
    )

    def __init__(
        self, *args: Any, chairs: QuerySet[StaffUser], panels: QuerySet[Panel], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["panel"].queryset = panels  # type: ignore[attr-defined]

    def clean_time(self) -> dt.time:
        parsed = _parse_time(self.cleaned_data["time"])
        if parsed is None:
            raise forms.ValidationError("Enter the start time like 9:30 or 14:00")
        return parsed

    def held_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["held_on"], self.cleaned_data["time"])
        )


class AgendaChildrenForm(GovukFormMixin, forms.Form):
    children = ChildChoiceField(
        label="Children to discuss",
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one child"},
    )

    def __init__(self, *args: Any, candidates: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Child.objects.filter(  # type: ignore[attr-defined]
            pk__in=[child.pk for child in candidates]
        ).order_by("family_name", "given_name", "date_of_birth")


class AgendaPlaceForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="Place, space or group",
        max_length=200,
        help_text="For example, the park behind the leisure centre, or a group seen at the station",
        error_messages={"required": "Enter the place, space or group"},
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    notes = forms.CharField(
        label="What is known about it (optional)", widget=forms.Textarea, required=False
    )


ATTENDANCE_CHOICES = [
    (AttendanceStatus.ATTENDED.value, "Present"),
    (AttendanceStatus.APOLOGIES.value, "Sent apologies"),
    (AttendanceStatus.ABSENT.value, "Absent"),
]


class AttendanceForm(GovukFormMixin, forms.Form):
    """The whole attendance on one page: a choice for each person expected or already recorded
    (``status_<row key>``), and one more person to add (the ``add_`` fields)."""

    add_agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose the agency",
    )
    add_user = StaffChoiceField(
        label="Their account (if they use See Me, Hear Me)",
        queryset=StaffUser.objects.none(),
        required=False,
        empty_label="They do not have an account",
        help_text="Choosing their account lets them open this meeting and its minutes",
    )
    add_person_name = forms.CharField(
        label="Name (if they do not have an account)", max_length=200, required=False
    )
    add_job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    add_status = forms.ChoiceField(
        label="Were they there?",
        choices=ATTENDANCE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        rows: list[AttendanceRow],
        agencies: QuerySet[Agency],
        staff: QuerySet[StaffUser],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["add_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["add_user"].queryset = staff  # type: ignore[attr-defined]
        adding = dict(self.fields)
        self.fields = {}  # the people first, then the person to add
        self.rows = rows
        for row in rows:
            self.fields[f"status_{row.key}"] = forms.ChoiceField(
                label=row.label,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose whether {row.name} was present, sent apologies or "
                    "was absent"
                },
            )
            if row.attendance is not None:
                self.initial.setdefault(f"status_{row.key}", row.attendance.status)
        self.fields.update(adding)

    def people(self) -> list[forms.BoundField]:
        return [self[f"status_{row.key}"] for row in self.rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        naming = data.get("add_user") or (data.get("add_person_name") or "").strip()
        if naming:
            if not data.get("add_agency"):
                self.add_error("add_agency", "Choose the agency of the person you are adding")
            if not data.get("add_status"):
                self.add_error(
                    "add_status",
                    "Choose whether the person you are adding was present, sent apologies or "
                    "was absent",
                )
        elif data.get("add_agency") or data.get("add_status") or data.get("add_job_title"):
            self.add_error(
                "add_person_name", "Enter the name of the person you are adding, or their account"
            )
        return data

    def statuses(self) -> dict[str, str]:
        return {row.key: self.cleaned_data[f"status_{row.key}"] for row in self.rows}

    def new_attendee(self) -> dict[str, Any] | None:
        """The person being added, as ``services.attendance_record`` takes them, if any."""
        data = self.cleaned_data
        if not (data.get("add_user") or data.get("add_person_name", "").strip()):
            return None
        return {
            "agency": data["add_agency"],
            "user": data["add_user"],
            "person_name": data["add_person_name"],
            "job_title": data["add_job_title"],
            "status": data["add_status"],
        }


class ParticipationForm(GovukFormMixin, forms.Form):
    child_participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=Participation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the child took part"},
    )
    child_participation_note = forms.CharField(
        label="How they took part, or why they were not invited",
        widget=forms.Textarea,
        required=False,
        help_text="You must say why if the child was not invited",
    )
    family_participation = forms.ChoiceField(
        label="How did the child's family or carers take part?",
        choices=Participation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the family took part"},
    )
    family_participation_note = forms.CharField(
        label="How they took part, or why they were not invited",
        widget=forms.Textarea,
        required=False,
        help_text="You must say why if the family was not invited",
    )
    discussion = forms.CharField(
        label="What was discussed about the child",
        widget=forms.Textarea,
        required=False,
        help_text="Use the child's own words where they shared them. Only people who may see "
        "this child's record will read this.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea,
        error_messages={"required": "Enter what will be done"},
    )
    agency = forms.ModelChoiceField(
        label="Agency responsible",
        queryset=Agency.objects.none(),
        error_messages={"required": "Choose the agency responsible"},
    )
    owner = StaffChoiceField(
        label="Who will do it",
        queryset=StaffUser.objects.none(),
        error_messages={"required": "Choose who will do it"},
    )
    due_on = GovukDateField(label="Due by", help_text="For example, 27 3 2027")
    disruption_tactic = forms.ModelChoiceField(
        label="Disruption tactic (optional)",
        queryset=DisruptionTactic.objects.filter(is_active=True),
        required=False,
        empty_label="Not a disruption action",
    )
    disruption_target = forms.CharField(
        label="Who or where the disruption is aimed at",
        max_length=200,
        required=False,
        help_text="Needed for a disruption action",
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], staff: QuerySet[StaffUser], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]


class MinutesForm(GovukFormMixin, forms.Form):
    minutes = forms.CharField(
        label="Minutes",
        widget=forms.Textarea,
        help_text="The general discussion: places, patterns, themes and anything agreed for "
        "everyone. Write about each child in the child's own section, so that only people who "
        "may see that child read it.",
        error_messages={"required": "Enter the minutes of the meeting"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MinutesSuggestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="The wording you suggest",
        widget=forms.Textarea,
        help_text="Change the minutes as you think they should read. The chair sees your "
        "wording beside theirs and decides whether to use it.",
        error_messages={"required": "Enter the wording you suggest for the minutes"},
    )


class SuggestionDecisionForm(forms.Form):
    """The chair's answer to one suggestion: use it as the minutes, or set it aside."""

    suggestion = forms.ModelChoiceField(queryset=MinutesSuggestion.objects.none())
    use = forms.TypedChoiceField(
        choices=[("yes", "Use"), ("no", "Set aside")], coerce=lambda value: value == "yes"
    )
    version = forms.IntegerField(required=False)

    def __init__(self, *args: Any, suggestions: QuerySet[MinutesSuggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].queryset = suggestions  # type: ignore[attr-defined]


class CancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the meeting is cancelled"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
