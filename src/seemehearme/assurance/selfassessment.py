"""Self-assessment against the 2009 statutory guidance and the See Me, Hear Me framework.

A partnership starts an assessment on a date against the expectations offered then; for each
it records evidence, a red, amber or green rating, an owner and the actions agreed. Every change
to an entry is kept (``AssessmentEntry.history``), and each entry is compared with the same
expectation (or the one it replaced) in the last completed assessment. Completing locks it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.assurance.access import can_edit_assurance, user_area
from seemehearme.assurance.models import (
    RATING_RANK,
    Assessment,
    AssessmentEntry,
    Expectation,
    ExpectationSource,
    Rating,
)
from seemehearme.sharing.policy import require

LOCKED = "This self-assessment is complete, so it cannot be changed. Start a new one."


def offered_expectations() -> QuerySet[Expectation]:
    """The expectations a new assessment is made of: those not retired."""
    return Expectation.objects.filter(is_active=True)


def assessments_of(area: Area) -> QuerySet[Assessment]:
    return Assessment.objects.filter(area=area).select_related("started_by", "completed_by")


def entries_of(assessment: Assessment) -> QuerySet[AssessmentEntry]:
    return assessment.entries.select_related("expectation", "owner", "owner__agency")


def assessment_start(*, user: StaffUser, title: str, assessed_on: dt.date) -> Assessment:
    """Start an assessment of ``user``'s partnership against the expectations offered now,
    compared with its last completed assessment."""
    require(can_edit_assurance(user))
    area = user_area(user)
    assert area is not None
    if not title.strip():
        raise ValidationError({"title": "Enter a name for the self-assessment"})
    in_progress = Assessment.objects.filter(area=area, completed_at__isnull=True).first()
    if in_progress is not None:
        raise ValidationError(
            f"{in_progress.title} is still in progress: complete it before starting another."
        )
    expectations = list(offered_expectations())
    if not expectations:
        raise ValidationError("No expectations are offered: ask the system administrator.")
    previous = (
        Assessment.objects.filter(area=area, completed_at__isnull=False)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            area=area,
            title=title.strip(),
            assessed_on=assessed_on,
            previous=previous,
            started_by=user,
        )
        for expectation in expectations:
            entry = AssessmentEntry(assessment=assessment, expectation=expectation)
            entry._history_user = user  # type: ignore[attr-defined]
            entry.save()
    return assessment


def entry_update(
    *,
    user: StaffUser,
    entry: AssessmentEntry,
    rating: str,
    evidence: str,
    owner: StaffUser | None,
    actions: str,
) -> AssessmentEntry:
    """Record what was found for one expectation. Refused once the assessment is complete."""
    require(can_edit_assurance(user))
    if entry.assessment.is_complete:
        raise ValidationError(LOCKED)
    if rating and rating not in Rating.values:
        raise ValidationError({"rating": "Choose red, amber or green"})
    if owner is not None and (
        owner.agency is None or owner.agency.area_id != entry.assessment.area_id
    ):
        raise ValidationError({"owner": "Choose an owner from the partnership's staff"})
    entry.rating = rating
    entry.evidence = evidence.strip()
    entry.owner = owner
    entry.actions = actions.strip()
    entry._history_user = user  # type: ignore[attr-defined]
    entry.save()
    return entry


def assessment_complete(*, user: StaffUser, assessment: Assessment) -> Assessment:
    """Lock ``assessment``: every expectation must be rated first."""
    require(can_edit_assurance(user))
    if assessment.is_complete:
        raise ValidationError(LOCKED)
    unrated = assessment.entries.filter(rating="").count()
    if unrated:
        raise ValidationError(f"Rate every expectation before completing: {unrated} not rated yet.")
    assessment.completed_at = timezone.now()
    assessment.completed_by = user
    assessment.save(update_fields=["completed_at", "completed_by"])
    return assessment


# --- Comparing with the last assessment ------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How an entry differs from the same expectation's entry in the previous assessment."""

    kind: str  # "first" (no previous), "new" (not assessed last time), "up", "down", "same"
    previous_rating: str = ""
    new_evidence: bool = False

    @property
    def words(self) -> str:
        said = {
            "first": "No previous self-assessment",
            "new": "Not assessed last time",
            "up": f"Up from {Rating(self.previous_rating).label.lower()}"
            if self.previous_rating
            else "Up",
            "down": f"Down from {Rating(self.previous_rating).label.lower()}"
            if self.previous_rating
            else "Down",
            "same": "No change in rating",
        }[self.kind]
        return f"{said}; new evidence" if self.new_evidence else said


def _lineage(expectation: Expectation) -> list[int]:
    """The expectation and every earlier version it replaced, newest first."""
    ids: list[int] = []
    current: Expectation | None = expectation
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.replaces
    return ids


def earlier_entries(assessment: Assessment) -> dict[int, AssessmentEntry | None]:
    """For each entry (by id), the same expectation's entry (or the one it replaced) in the
    assessment it is compared with, if there is one."""
    entries = list(assessment.entries.select_related("expectation__replaces"))
    if assessment.previous_id is None:
        return {entry.pk: None for entry in entries}
    before = {
        entry.expectation_id: entry
        for entry in AssessmentEntry.objects.filter(assessment_id=assessment.previous_id)
    }
    return {
        entry.pk: next((before[pk] for pk in _lineage(entry.expectation) if pk in before), None)
        for entry in entries
    }


def changes_since_last(assessment: Assessment) -> dict[int, Change]:
    """For each entry (by id), its change since the assessment it is compared with."""
    entries = list(assessment.entries.all())
    if assessment.previous_id is None:
        return {entry.pk: Change("first") for entry in entries}
    earlier_of = earlier_entries(assessment)
    changes: dict[int, Change] = {}
    for entry in entries:
        earlier = earlier_of[entry.pk]
        if earlier is None:
            changes[entry.pk] = Change("new")
            continue
        new_evidence = bool(entry.evidence) and entry.evidence != earlier.evidence
        now, then = RATING_RANK.get(entry.rating, 0), RATING_RANK.get(earlier.rating, 0)
        kind = "same" if not now or now == then else ("up" if now > then else "down")
        changes[entry.pk] = Change(kind, earlier.rating, new_evidence)
    return changes


@dataclass(frozen=True)
class RatingChange:
    when: dt.datetime
    by: str
    rating: str


def rating_history(entry: AssessmentEntry) -> list[RatingChange]:
    """Each time the entry's rating was set or changed, oldest first."""
    changes: list[RatingChange] = []
    last = ""
    for record in entry.history.order_by("history_date", "history_id").select_related(  # type: ignore[attr-defined]
        "history_user"
    ):
        if record.rating != last:
            by = record.history_user.display_name if record.history_user else "someone"
            label = Rating(record.rating).label if record.rating else "Not rated"
            changes.append(RatingChange(record.history_date, by, label))
            last = record.rating
    return changes


# --- The board report ----------------------------------------------------------------------


@dataclass
class ReportSection:
    source: str
    label: str
    rows: list[tuple[AssessmentEntry, Change]] = field(default_factory=list)


@dataclass
class AssessmentReport:
    assessment: Assessment
    counts: dict[str, int]
    sections: list[ReportSection]
    changed: dict[str, int] = field(default_factory=dict)


def rating_counts(entries: list[AssessmentEntry]) -> dict[str, int]:
    """How many entries are red, amber, green and not yet rated."""
    counted = Counter(entry.rating for entry in entries)
    return {
        "red": counted[Rating.RED],
        "amber": counted[Rating.AMBER],
        "green": counted[Rating.GREEN],
        "unrated": counted[""],
    }


def assessment_report(assessment: Assessment) -> AssessmentReport:
    """The assessment grouped by where each expectation comes from, with the counts by rating
    and each entry's change since last time. Each entry's plan actions are prefetched."""
    entries = list(entries_of(assessment).prefetch_related("plan_actions"))
    changes = changes_since_last(assessment)
    sections = {
        source: ReportSection(source, str(label)) for source, label in ExpectationSource.choices
    }
    for entry in entries:
        sections[entry.expectation.source].rows.append((entry, changes[entry.pk]))
    kinds = Counter(change.kind for change in changes.values())
    return AssessmentReport(
        assessment=assessment,
        counts=rating_counts(entries),
        sections=[section for section in sections.values() if section.rows],
        changed={
            "up": kinds["up"],
            "down": kinds["down"],
            "new": kinds["new"],
            "new_evidence": sum(1 for change in changes.values() if change.new_evidence),
        },
    )
