"""Forms for the case page: the child's words, decisions, key worker, case team, risk level,
patterns of abuse, reviews and closure. GOV.UK patterns that work without JavaScript: a field
that only matters for one answer (why the child did not take part in a decision) is revealed
under that answer and checked on the server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django import forms
from django.db.models import Q
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.cases.casework import Reflection
from seemehearme.cases.models import (
    AbusePattern,
    CaptureMethod,
    Case,
    ChildSaysThings,
    ClosureReason,
    Engagement,
    ReflectiveAnswer,
    ReflectiveQuestion,
    RiskLevel,
    VoiceKind,
)
from seemehearme.cases.selectors import (
    case_staff_choices,
    case_team_current,
    key_worker_choices,
    reflective_groups,
)
from seemehearme.web.forms import GovukDateField, GovukFormMixin

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class StaffChoiceField(forms.ModelChoiceField):
    """A member of staff, named with their job and agency so people with the same name differ."""

    def label_from_instance(self, obj: Any) -> str:
        staff: StaffUser = obj
        job = f", {staff.job_title}" if staff.job_title else ""
        agency = staff.agency.name if staff.agency else "no agency"
        return f"{staff.display_name}{job} ({agency})"


class HintedRadioSelect(forms.RadioSelect):
    """GOV.UK radios with a hint under each option (``hints``: the option's value to its hint),
    shown by web/includes/radios.html."""

    hints: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hints = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["hint"] = self.hints.get(str(option["value"]), "")
        return option


def caseload_hint(worker: StaffUser) -> str:
    """A worker's job, agency and current caseload, from ``key_worker_choices``'s counts."""
    cases: int = worker.open_key_worker_cases  # type: ignore[attr-defined]
    job = f"{worker.job_title}, " if worker.job_title else ""
    agency = worker.agency.name if worker.agency else "no agency"
    caseload = f"key worker for {cases} open case{'' if cases == 1 else 's'}"
    return f"{job}{agency}. Now {caseload}."


class VersionedForm(GovukFormMixin, forms.Form):
    """Carries the version of the case the person loaded, so a save based on an out-of-date
    copy is refused rather than overwriting someone else's change."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VoiceEntryForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of words are these?",
        choices=VoiceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of words these are"},
    )
    words = forms.CharField(
        label="What the child said",
        widget=forms.Textarea,
        strip=False,
        help_text=(
            "Write their words exactly as they said them. Do not correct, tidy or summarise them."
        ),
        error_messages={"required": "Enter what the child said, in their words"},
    )
    captured_how = forms.ChoiceField(
        label="How did they say it?",
        choices=CaptureMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the child said it"},
    )
    captured_with = forms.CharField(
        label="Who were they talking to?",
        max_length=200,
        help_text="For example, Amara Hollins (key worker) and their foster carer",
        error_messages={"required": "Enter who the child was talking to"},
    )
    captured_where = forms.CharField(
        label="Where were they?",
        max_length=200,
        help_text="For example, at the youth centre",
        error_messages={"required": "Enter where the child was"},
    )
    said_on = GovukDateField(label="Date they said it", help_text="For example, 27 3 2026")


class DecisionForm(GovukFormMixin, forms.Form):
    """The one decision form, on the case page and at a meeting (where the date is the
    meeting's, so ``dated=False`` leaves it out). It only collects: the rules are in
    ``cases.casework.decision_record``, so one submission shows every problem at once.

    "Did the child take part?" reveals what the child thinks and how it was weighed under
    "Yes" and why not under "No" (GOV.UK conditional reveal; without JavaScript all are shown
    and the server reads only the chosen answer's fields)."""

    summary = forms.CharField(label="What was decided?", max_length=300, required=False)
    detail = forms.CharField(label="More detail (optional)", widget=forms.Textarea, required=False)
    made_on = GovukDateField(label="Date of the decision", help_text="For example, 27 3 2026")
    child_took_part = forms.TypedChoiceField(
        label="Did the child take part in the decision?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        help_text="Children take part in every decision about them unless there is a reason "
        "they cannot.",
    )
    child_view = forms.CharField(
        label="What does the child think?",
        widget=forms.Textarea,
        strip=False,
        required=False,
        help_text="In their own words if you can.",
    )
    how_weighed = forms.CharField(
        label="How was the child's view weighed?",
        widget=forms.Textarea,
        required=False,
        help_text="What changed because of it, or why the decision went against it.",
    )
    why_without_child = forms.CharField(
        label="Why did the child not take part?",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, dated: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dated:
            self.fields["made_on"].initial = timezone.localdate()
        else:
            del self.fields["made_on"]


class KeyWorkerForm(GovukFormMixin, forms.Form):
    worker = forms.ModelChoiceField(
        label="Who is the key worker?",
        queryset=StaffUser.objects.none(),
        empty_label=None,
        widget=HintedRadioSelect,
        help_text="Staff of any agency in the partnership, by agency, with their open cases",
        error_messages={"required": "Choose the key worker"},
    )
    reason = forms.CharField(
        label="Why this person?",
        widget=forms.Textarea,
        help_text=(
            "Say why the key worker is changing, if it is. The framework asks for the same "
            "trusted person over time."
        ),
        error_messages={"required": "Enter why this person is the key worker"},
    )
    child_told = _yes_no(
        "Has the child been told?",
        required_message="Say whether the child has been told",
    )
    child_told_how = forms.CharField(
        label="If they have been told, how and by whom?",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = list(key_worker_choices(case))  # one query, caseloads counted in it
        field: forms.ModelChoiceField = self.fields["worker"]  # type: ignore[assignment]
        field.queryset = StaffUser.objects.filter(pk__in=[w.pk for w in workers])
        # Offer the workers already read, in their order, instead of reading them again.
        field.choices = [(w.pk, w.display_name) for w in workers]
        field.widget.hints = {str(w.pk): caseload_hint(w) for w in workers}  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("child_told") is True and not cleaned.get("child_told_how", "").strip():
            self.add_error("child_told_how", "Enter how the child was told")
        return cleaned


class CaseTeamAddForm(GovukFormMixin, forms.Form):
    member = StaffChoiceField(
        label="Who should join the case team?",
        queryset=StaffUser.objects.none(),
        empty_label="Choose a member of staff",
        help_text="Joining the case team lets them see the child's record.",
        error_messages={"required": "Choose who should join the case team"},
    )
    reason = forms.CharField(
        label="Why are they joining? (optional)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = case_team_current(case).values("pk")
        self.fields["member"].queryset = case_staff_choices(case).exclude(pk__in=current)  # type: ignore[attr-defined]


class CaseTeamRemoveForm(GovukFormMixin, forms.Form):
    member = forms.ModelChoiceField(
        queryset=StaffUser.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose who should leave the case team",
            "invalid_choice": "That person is not on the case team",
        },
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = case_team_current(case)  # type: ignore[attr-defined]


def _risk_levels(case: Case) -> Any:
    return RiskLevel.objects.filter(scheme=case.area.risk_scheme, is_active=True).order_by("rank")


class RiskChangeForm(VersionedForm):
    risk_level = forms.ModelChoiceField(
        label="What is the risk level now?",
        queryset=RiskLevel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the risk level"},
    )
    reason = forms.CharField(
        label="Why is it changing?",
        widget=forms.Textarea,
        help_text="What has happened, and what the child has said about it.",
        error_messages={"required": "Enter why the risk level is changing"},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risk_level"].queryset = _risk_levels(case)  # type: ignore[attr-defined]
        if case.risk_review_due:
            # Keeping the level is a review too; what asked for it is the starting reason.
            self.fields["reason"].label = "Why is this the right level now?"
            self.initial.setdefault("reason", case.risk_review_due)


class PatternsForm(GovukFormMixin, forms.Form):
    """Which patterns of abuse the case shows: the patterns offered in forms, and any retired
    pattern already on the case (so that it stays unless someone unticks it)."""

    patterns = forms.ModelMultipleChoiceField(
        label="Which patterns of abuse does this case show?",
        queryset=AbusePattern.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Untick a pattern to take it off the case.",
    )
    why = forms.CharField(
        label="Why do you think so?",
        widget=forms.Textarea,
        required=False,
        help_text="What has been seen, said or reported that points to these patterns, or why "
        "a pattern no longer applies.",
    )
    # The patterns on the case when the form was opened (ids, comma-separated).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recorded = case.patterns.filter(removed_at__isnull=True).values("pattern_id")
        self.fields["patterns"].queryset = AbusePattern.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk__in=recorded)
        ).order_by("order", "name")
        self.fields["patterns"].label_from_instance = (  # type: ignore[attr-defined]
            lambda pattern: (
                pattern.name if pattern.is_active else f"{pattern.name} (no longer offered)"
            )
        )

    def seen_ids(self) -> set[int] | None:
        """The patterns the person saw on the case, or None if the form did not say."""
        value = self.cleaned_data.get("seen") or ""
        if value == "none":
            return set()
        try:
            return {int(pk) for pk in value.split(",") if pk} or None
        except ValueError:
            return None

    def now_seen(self, pattern_ids: Iterable[int]) -> None:
        """After a conflict: the person has now seen the patterns on the case."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
        data["seen"] = seen_value(pattern_ids)
        self.data = data


def seen_value(pattern_ids: Iterable[int]) -> str:
    """The ``seen`` field's value for these patterns ("none" when there are none)."""
    return ",".join(str(pk) for pk in sorted(pattern_ids)) or "none"


class CloseForm(VersionedForm):
    reason = forms.ModelChoiceField(
        label="Why is the case closing?",
        queryset=ClosureReason.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose why the case is closing"},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        help_text=(
            "What was done, what changed for the child, what they said about it, and where "
            "support continues."
        ),
        error_messages={"required": "Enter a summary of the work and why it is ending"},
    )


class RecordsSuggestion(Protocol):
    """What the records suggest for a reflective question (``workforce.review.Suggestion``)."""

    @property
    def answer(self) -> str: ...

    @property
    def words(self) -> str: ...


class ReviewForm(VersionedForm):
    held_on = GovukDateField(label="Date of the review", help_text="For example, 27 3 2026")
    missing_episodes = forms.IntegerField(
        label="Missing episodes since the last review (optional)",
        required=False,
        min_value=0,
        help_text="Leave empty if not known",
        error_messages={
            "invalid": "Enter missing episodes as a whole number, like 2",
            "min_value": "Missing episodes must be 0 or more",
        },
    )
    school_attendance_percent = forms.IntegerField(
        label="School attendance since the last review, as a percentage (optional)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="For example, 84. Leave empty if not known",
        error_messages={
            "invalid": "Enter school attendance as a whole number, like 84",
            "min_value": "School attendance must be between 0% and 100%",
            "max_value": "School attendance must be between 0% and 100%",
        },
    )
    engagement = forms.ChoiceField(
        label="How is the child engaging with their key worker?",
        choices=Engagement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the child is engaging with their key worker"},
    )
    risk_level_after = forms.ModelChoiceField(
        label="What is the risk level after the review?",
        queryset=RiskLevel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the risk level after the review"},
    )
    child_says_things_are = forms.ChoiceField(
        label="Does the child say things are better?",
        choices=ChildSaysThings.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the child says about how things are"},
    )
    child_words = forms.CharField(
        label="What the child said about it (optional)",
        widget=forms.Textarea,
        required=False,
        strip=False,
        help_text="Exactly as they said it.",
    )
    summary = forms.CharField(
        label="Summary of the review",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of the review"},
    )
    next_review_due = GovukDateField(
        label="Date of the next review", help_text="For example, 27 6 2026"
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        suggestions: Mapping[str, RecordsSuggestion] | None = None,
        **kwargs: Any,
    ) -> None:
        """``suggestions``: by question code, what the training and supervision records say;
        the answer starts as the suggested one, and a different answer needs a note saying why."""
        super().__init__(*args, **kwargs)
        self.fields["risk_level_after"].queryset = _risk_levels(case)  # type: ignore[attr-defined]
        self.fields["risk_level_after"].initial = case.risk_level_id
        today = timezone.localdate()
        self.fields["held_on"].initial = today
        self.fields["next_review_due"].initial = today + dt.timedelta(
            days=case.area.review_interval_days
        )
        # In the framework's order (voice of the child first), which is also the page's.
        self.questions = [
            question
            for _, questions in reflective_groups(ReflectiveQuestion.objects.filter(is_active=True))
            for question in questions
        ]
        for question in self.questions:
            self.fields[f"reflection_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=ReflectiveAnswer.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer yes, partly or no: {question.text}"},
            )
            self.fields[f"reflection_{question.pk}_note"] = forms.CharField(
                label="Note (optional)", widget=forms.Textarea, required=False
            )
        self.suggested = {
            q.pk: suggestion
            for q in self.questions
            if (suggestion := (suggestions or {}).get(q.code)) is not None
        }
        for pk, suggestion in self.suggested.items():
            answer = self.fields[f"reflection_{pk}"]
            answer.initial = suggestion.answer
            label = dict(ReflectiveAnswer.Answer.choices)[suggestion.answer]
            answer.help_text = (
                f"What the training and supervision records say: {suggestion.words} "
                f"Suggested answer: {label.lower()}."
            )
            self.fields[
                f"reflection_{pk}_note"
            ].label = "Note (needed if your answer differs from the suggested one)"
        # The error summary lists errors in field order: make it the order of the page.
        before = ["version", "held_on", "missing_episodes", "school_attendance_percent"]
        before += ["engagement", "risk_level_after", "child_says_things_are", "child_words"]
        self.order_fields([*before, *[n for n in self.fields if n.startswith("reflection_")]])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for pk, suggestion in self.suggested.items():
            answer = cleaned.get(f"reflection_{pk}")
            if answer and answer != suggestion.answer and not cleaned.get(f"reflection_{pk}_note"):
                self.add_error(
                    f"reflection_{pk}_note",
                    "Say why your answer differs from what the training and supervision "
                    "records suggest",
                )
        return cleaned

    def reflection_groups(self) -> list[tuple[str, list[tuple[Any, Any, Any]]]]:
        """The reflective questions as (group, [(question, answer field, note field)])."""
        return [
            (
                label,
                [
                    (q, self[f"reflection_{q.pk}"], self[f"reflection_{q.pk}_note"])
                    for q in questions
                ],
            )
            for label, questions in reflective_groups(self.questions)
        ]

    def reflections(self) -> dict[ReflectiveQuestion, Reflection]:
        """Each question's answer and note from the cleaned data."""
        return {
            q: Reflection(
                answer=self.cleaned_data.get(f"reflection_{q.pk}", ""),
                note=self.cleaned_data.get(f"reflection_{q.pk}_note", ""),
            )
            for q in self.questions
        }
