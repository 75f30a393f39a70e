"""Writes for the work on an open case: the child's words, decisions, reviews, the patterns of
abuse, the risk level and closure.

Each service checks the access policy (``can_record`` for what anyone working with the child
adds, ``can_manage_case`` for the risk level and closure), runs in one transaction and leaves
history behind. Changes to the case itself carry the version the person loaded, so a save
based on an out-of-date copy raises ``RecordModifiedError`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import (
    AbusePattern,
    CaptureMethod,
    Case,
    CasePattern,
    CaseStatus,
    ChildSaysThings,
    ClosureReason,
    Decision,
    Engagement,
    KeyWorkerAssignment,
    ReflectiveAnswer,
    ReflectiveQuestion,
    Review,
    RiskLevel,
    VoiceEntry,
    VoiceKind,
)
from seemehearme.dates import long_date
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.sharing.policy import can_manage_case, can_record, require

CASE_CLOSED = "This case is closed: nothing more can be added to it."


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


def _save_case(case: Case, *, by: StaffUser, version: int | None) -> None:
    """Save the case, refusing if it changed since ``version`` was loaded."""
    if version is not None:
        case.version = version
    case._history_user = by  # type: ignore[attr-defined]  # simple-history's "changed by"
    case.full_clean()
    case.save()


def _risk_level_for(case: Case, risk_level: RiskLevel, field: str) -> RiskLevel:
    if not risk_level.is_active or risk_level.scheme != case.area.risk_scheme:
        raise ValidationError({field: "Choose one of this partnership's risk levels"})
    return risk_level


@transaction.atomic
def voice_entry_add(
    *,
    case: Case,
    by: StaffUser,
    kind: str,
    words: str,
    captured_how: str,
    captured_with: str,
    captured_where: str,
    said_on: dt.date,
) -> VoiceEntry:
    """Record what the child said, exactly as they said it, with how, with whom and where.

    The words are kept as typed (only blank lines around them are trimmed): nobody tidies a
    child's words. The entry belongs to the recorder's agency, which decides who else sees it
    through the partnership's agreements for the child's own words.
    """
    require(can_record(by, case.child))
    _require_open(case)
    assert by.agency is not None  # can_record refuses staff without an agency
    errors: dict[str, str] = {}
    if kind not in VoiceKind.values:
        errors["kind"] = "Choose what kind of words these are"
    if not words.strip():
        errors["words"] = "Enter what the child said, in their words"
    if captured_how not in CaptureMethod.values:
        errors["captured_how"] = "Choose how the child said it"
    if said_on > timezone.localdate():
        errors["said_on"] = "The date the child said it must be today or in the past"
    if errors:
        raise ValidationError(errors)
    entry = VoiceEntry(
        child=case.child,
        case=case,
        kind=kind,
        words=words.strip("\r\n"),
        captured_how=captured_how,
        captured_with=captured_with.strip(),
        captured_where=captured_where.strip(),
        said_on=said_on,
        source_agency=by.agency,
        recorded_by=by,
    )
    entry._history_user = by  # type: ignore[attr-defined]
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def decision_record(
    *,
    case: Case,
    by: StaffUser,
    summary: str,
    child_took_part: bool | None,
    child_view: str = "",
    how_weighed: str = "",
    why_without_child: str = "",
    detail: str = "",
    made_on: dt.date | None = None,
) -> Decision:
    """Record a decision about the child. The one service for every decision, whether made on
    the case page or at a meeting (``meetings.services.meeting_decision_record``).

    If the child took part, what they think and how it was weighed are asked; if not, why not
    (the framework's second principle: children take part in all decisions about them). The
    answers of the other branch are ignored: the form shows them only for its own answer.
    """
    require(can_record(by, case.child))
    _require_open(case)
    assert by.agency is not None
    made_on = made_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = "Enter what was decided"
    if child_took_part is None:
        errors["child_took_part"] = "Say whether the child took part in the decision"
    elif child_took_part:
        if not child_view.strip():
            errors["child_view"] = "Enter what the child thinks, in their words if you can"
        if not how_weighed.strip():
            errors["how_weighed"] = "Enter how the child's view was weighed"
    elif not why_without_child.strip():
        errors["why_without_child"] = "Enter why the child did not take part"
    if made_on > timezone.localdate():
        errors["made_on"] = "The date of the decision must be today or in the past"
    if errors or child_took_part is None:
        raise ValidationError(errors)
    decision = Decision(
        case=case,
        made_on=made_on,
        made_by=by,
        source_agency=by.agency,
        summary=summary.strip(),
        detail=detail.strip(),
        child_took_part=child_took_part,
        # The child's own words are kept as typed, only blank lines around them trimmed.
        child_view=child_view.strip("\r\n") if child_took_part else "",
        how_weighed=how_weighed.strip() if child_took_part else "",
        why_without_child="" if child_took_part else why_without_child.strip(),
    )
    decision._history_user = by  # type: ignore[attr-defined]
    decision.full_clean()
    decision.save()
    return decision


@dataclass(frozen=True)
class Reflection:
    """One answer to a reflective question at a review."""

    answer: str
    note: str = ""


@transaction.atomic
def review_record(
    *,
    case: Case,
    by: StaffUser,
    held_on: dt.date,
    engagement: str,
    risk_level_after: RiskLevel,
    child_says_things_are: str,
    summary: str,
    reflections: Mapping[ReflectiveQuestion, Reflection],
    next_review_due: dt.date | None = None,
    missing_episodes: int | None = None,
    school_attendance_percent: int | None = None,
    child_words: str = "",
    version: int | None = None,
) -> Review:
    """Record a periodic review: its outcome measures, the child's own view of whether things
    are better, and an answer to every active reflective question.

    The case takes the review's risk level and next review date (by default the partnership's
    review interval after the review).
    """
    require(can_record(by, case.child))
    _require_open(case)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = "The date of the review must be today or in the past"
    if engagement not in Engagement.values:
        errors["engagement"] = "Choose how the child is engaging with their key worker"
    if child_says_things_are not in ChildSaysThings.values:
        errors["child_says_things_are"] = "Choose what the child says about how things are"
    if not summary.strip():
        errors["summary"] = "Enter a summary of the review"
    if missing_episodes is not None and missing_episodes < 0:
        errors["missing_episodes"] = "Missing episodes must be 0 or more"
    if school_attendance_percent is not None and not 0 <= school_attendance_percent <= 100:
        errors["school_attendance_percent"] = "School attendance must be between 0% and 100%"
    next_review_due = next_review_due or held_on + dt.timedelta(days=case.area.review_interval_days)
    if next_review_due <= held_on or next_review_due <= today:
        errors["next_review_due"] = "The next review must be after today"
    active = list(ReflectiveQuestion.objects.filter(is_active=True))
    for question in active:
        reflection = reflections.get(question)
        if reflection is None or reflection.answer not in ReflectiveAnswer.Answer.values:
            errors[f"reflection_{question.pk}"] = f"Answer: {question.text}"
    unknown = [q for q in reflections if q not in active]
    if unknown:
        errors["__all__"] = "Some questions are no longer asked at reviews: reload the page"
    if errors:
        raise ValidationError(errors)
    _risk_level_for(case, risk_level_after, "risk_level_after")

    review = Review(
        case=case,
        held_on=held_on,
        recorded_by=by,
        missing_episodes=missing_episodes,
        school_attendance_percent=school_attendance_percent,
        engagement=engagement,
        risk_level_before=case.risk_level,
        risk_level_after=risk_level_after,
        child_says_things_are=child_says_things_are,
        child_words=child_words.strip("\r\n"),
        summary=summary.strip(),
        next_review_due=next_review_due,
    )
    review._history_user = by  # type: ignore[attr-defined]
    review.full_clean()
    review.save()
    for question in active:
        reflection = reflections[question]
        answer = ReflectiveAnswer(
            review=review,
            question=question,
            answer=reflection.answer,
            note=reflection.note.strip(),
        )
        answer.full_clean()
        answer.save()

    if risk_level_after.pk != case.risk_level_id:
        case.risk_reason = f"Changed at the review on {long_date(held_on)}: {review.summary}"
    case.risk_level = risk_level_after
    case.risk_review_due = ""  # the review has looked at the risk level
    case.next_review_due = next_review_due
    _save_case(case, by=by, version=version)
    return review


@dataclass(frozen=True)
class PatternChange:
    added: list[AbusePattern]
    removed: list[AbusePattern]


class PatternsChangedError(Exception):
    """Someone changed the case's patterns after the person opened the form."""


@transaction.atomic
def case_patterns_record(
    *,
    case: Case,
    by: StaffUser,
    patterns: Iterable[AbusePattern],
    why: str,
    seen: set[int] | None = None,
) -> PatternChange:
    """Record which patterns of abuse the case shows now, saying why we think so.

    Ticked patterns not yet on the case are added, each with ``why``; patterns on the case that
    are no longer ticked are taken off (kept, with who, when and ``why``). Only patterns offered
    in forms may be added; a retired pattern already on the case stays until it is taken off.

    ``seen`` is the patterns (by id) on the case when the person opened the form: if someone
    has changed them since, nothing is saved (``PatternsChangedError``), so that nobody takes
    off a pattern they never saw."""
    require(can_record(by, case.child))
    _require_open(case)
    Case.objects.select_for_update().filter(pk=case.pk).exists()  # one change at a time
    current = {
        recorded.pattern_id: recorded
        for recorded in case.patterns.filter(removed_at__isnull=True).select_related("pattern")
    }
    if seen is not None and seen != set(current):
        raise PatternsChangedError
    chosen = {pattern.pk: pattern for pattern in patterns}
    added = [pattern for pk, pattern in chosen.items() if pk not in current]
    removed = [recorded for pk, recorded in current.items() if pk not in chosen]
    if any(not pattern.is_active for pattern in added):
        raise ValidationError({"patterns": "Choose from the patterns offered"})
    if not added and not removed:
        raise ValidationError({"patterns": "Tick or untick a pattern to change what is recorded"})
    if not why.strip():
        raise ValidationError({"why": "Enter why you think so"})
    now = timezone.now()
    for pattern in sorted(added, key=lambda pattern: (pattern.order, pattern.name)):
        recorded = CasePattern(
            case=case, pattern=pattern, why=why.strip(), recorded_by=by, recorded_at=now
        )
        recorded._history_user = by  # type: ignore[attr-defined]
        recorded.full_clean()
        recorded.save()
    for recorded in removed:
        recorded.removed_at = now
        recorded.removed_by = by
        recorded.removed_why = why.strip()
        recorded._history_user = by  # type: ignore[attr-defined]
        recorded.save(update_fields=["removed_at", "removed_by", "removed_why"])
    return PatternChange(added=added, removed=[recorded.pattern for recorded in removed])


@transaction.atomic
def case_risk_change(
    *,
    case: Case,
    by: StaffUser,
    risk_level: RiskLevel,
    reason: str,
    version: int | None = None,
) -> Case:
    """Change the case's risk level, saying why. The case's history keeps every level it has
    had, with who changed it, when and why.

    While a risk review is due, keeping the same level (with the reason) is the review too;
    either way the review is then done."""
    require(can_manage_case(by, case.child))
    _require_open(case)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the risk level is changing"})
    _risk_level_for(case, risk_level, "risk_level")
    if risk_level.pk == case.risk_level_id and not case.risk_review_due:
        raise ValidationError({"risk_level": f"The risk level is already {risk_level.name}"})
    case.risk_level = risk_level
    case.risk_reason = reason.strip()
    case.risk_review_due = ""
    _save_case(case, by=by, version=version)
    return case


@transaction.atomic
def case_risk_review_request(*, case: Case, by: StaffUser, reason: str) -> Case:
    """Mark the case's risk level as due for review, saying why (for example, a screening's
    professional judgement above it). The case shows the review as due until a CSE
    coordinator or team manager changes or confirms the level, or a review sets it."""
    require(can_record(by, case.child))
    _require_open(case)
    if not reason.strip():
        raise ValidationError("Say why the risk level should be reviewed")
    case.risk_review_due = reason.strip()
    _save_case(case, by=by, version=None)
    return case


@transaction.atomic
def case_close(
    *,
    case: Case,
    by: StaffUser,
    reason: ClosureReason,
    summary: str,
    version: int | None = None,
) -> Case:
    """Close the case with a reason and a summary.

    The key worker's time and every place on the case team end today, so their access to the
    child ends with the case; the relationships and the key worker history stay in the record.
    The team holding the referral keeps it (a re-referral is read with its history), and panel
    listings are for the panel to end.
    """
    require(can_manage_case(by, case.child))
    _require_open(case)
    errors: dict[str, str] = {}
    if not reason.is_active:
        errors["reason"] = "Choose a reason for closing the case"
    if not summary.strip():
        errors["summary"] = "Enter a summary of the work and why it is ending"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closed_by = by
    case.closure_reason = reason
    case.closure_summary = summary.strip()
    _save_case(case, by=by, version=version)

    for assignment in KeyWorkerAssignment.objects.filter(case=case, ended_at__isnull=True):
        assignment.ended_at = now
        assignment._history_user = by  # type: ignore[attr-defined]
        assignment.save(update_fields=["ended_at"])
    WorkingRelationship.objects.current().filter(
        case=case, kind__in=[RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM]
    ).update(ended_on=timezone.localdate(now))
    return case
