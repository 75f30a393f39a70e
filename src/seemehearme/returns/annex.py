"""The child-level list inspectors ask a council for: children at risk of, or experiencing,
sexual exploitation (docs/national-return.md, "Lists for inspectors", says which columns and
why). Named, so only for those allowed to see each child: a child the reader has no working
relationship with is left out and counted, never named.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Prefetch

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import Case, CasePattern, KeyWorkerAssignment, Referral, Review
from seemehearme.dates import long_date
from seemehearme.intelligence.profile import cases_in_period
from seemehearme.people.models import Child
from seemehearme.sharing.policy import Decision, relationships_to_children

COLUMNS = [
    "Child's record number",
    "Name",
    "Gender",
    "Date of birth",
    "Age",
    "Ethnicity",
    "Disability",
    "Care status",
    "Latest referral",
    "Case opened",
    "Risk level",
    "Patterns of abuse",
    "Missing episodes at the latest review",
    "Latest review",
    "Next review due",
    "Key worker",
    "Case closed",
    "Reason for closing",
]


@dataclass(frozen=True)
class Listed:
    child: Child
    decision: Decision
    cells: list[str]


@dataclass(frozen=True)
class InspectionList:
    start: dt.date
    end: dt.date
    rows: list[Listed]
    left_out: int  # children of the list the reader may not see


def _day(value: dt.date | dt.datetime | None) -> str:
    return long_date(value) if value else ""


def inspection_list(user: StaffUser, start: dt.date, end: dt.date) -> InspectionList:
    """Cases of ``user``'s partnership open at some time from ``start`` to ``end``, one row per
    case, for the children ``user`` may see."""
    assert user.agency is not None
    cases = list(
        cases_in_period(user.agency.area, start, end)
        .select_related("child", "risk_level", "closure_reason")
        .prefetch_related(
            Prefetch(
                "patterns",
                queryset=CasePattern.objects.filter(removed_at__isnull=True).select_related(
                    "pattern"
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.order_by("-held_on", "-pk")),
            Prefetch(
                "key_workers",
                queryset=KeyWorkerAssignment.objects.filter(ended_at__isnull=True).select_related(
                    "user__agency"
                ),
            ),
            Prefetch("referrals", queryset=Referral.objects.order_by("-received_at")),
        )
        .order_by("child__family_name", "child__given_name", "opened_at")
    )
    decisions = relationships_to_children(user, {case.child for case in cases})
    rows = [
        Listed(case.child, decisions[case.child_id], _cells(case, end))
        for case in cases
        if decisions[case.child_id]
    ]
    return InspectionList(start, end, rows, len(cases) - len(rows))


def _cells(case: Case, end: dt.date) -> list[str]:
    child = case.child
    reviews = list(case.reviews.all())
    latest = reviews[0] if reviews else None
    key_workers = list(case.key_workers.all())
    referrals = list(case.referrals.all())
    return [
        str(child.pk),
        child.full_name,
        child.get_gender_display(),
        _day(child.date_of_birth),
        str(child.age_on(end)),
        child.get_ethnicity_display(),
        child.get_disability_display(),
        child.get_care_status_display(),
        _day(referrals[0].received_at) if referrals else "",
        _day(case.opened_at),
        str(case.risk_level),
        "; ".join(str(p.pattern) for p in case.patterns.all()),
        "" if latest is None or latest.missing_episodes is None else str(latest.missing_episodes),
        _day(latest.held_on) if latest else "",
        _day(case.next_review_due) if case.is_open else "",
        "; ".join(
            f"{k.user.display_name} ({k.user.agency.name if k.user.agency else 'no agency'})"
            for k in key_workers
        ),
        _day(case.closed_at),
        str(case.closure_reason) if case.closure_reason else "",
    ]


def as_csv(found: InspectionList) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.cells for row in found.rows)
    return out.getvalue()
