"""The leadership view: how many children are at risk and being exploited now, who they are
(in counts), and whether the partnership has the people to work with them.

"At risk" is every child with an open case; "being exploited" is a child whose open case is at
the highest risk level of the partnership's scheme (category 3, or "being sexually
exploited"). Counts only: no child is named or listed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from seemehearme.areas.models import Agency, Area
from seemehearme.cases.models import Case, CaseStatus, KeyWorkerAssignment, Referral, RiskLevel
from seemehearme.earlywarning.equality import AGE_BANDS
from seemehearme.intelligence.figures import FigureTable
from seemehearme.intelligence.profile import age_band_expression
from seemehearme.people.models import Ethnicity, Gender, RelationshipKind, WorkingRelationship

# How far back the waiting times look.
WAITING_DAYS = 91
# Caseload bands (children per key worker), the last open-ended.
CASELOAD_BANDS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, None))
COLUMNS = ["At risk", "Being exploited"]


@dataclass(frozen=True)
class Capacity:
    key_workers: int
    highest_caseload: int | None
    median_caseload: float | None
    waiting_now: int
    overdue_now: int
    oldest_wait_days: int | None
    triage_median_hours: float | None
    triaged_count: int
    key_worker_median_days: float | None
    key_worker_count: int


@dataclass(frozen=True)
class Leadership:
    highest_level: RiskLevel | None
    tables: list[FigureTable]
    capacity: Capacity
    since: dt.date


def _two_columns(
    counts: dict[Any, list[int]], choices: list[tuple[str, str]]
) -> list[tuple[str, list[int]]]:
    return [(label, counts.get(code, [0, 0])) for code, label in choices]


def leadership_view(area: Area) -> Leadership:
    today = timezone.localdate()
    levels = list(RiskLevel.objects.filter(scheme=area.risk_scheme).order_by("rank"))
    highest = levels[-1] if levels else None
    open_cases = Case.objects.filter(area=area, status=CaseStatus.OPEN, child__merged_into=None)
    exploited = Q(risk_level=highest) if highest else Q(pk__in=[])
    rows = (
        open_cases.annotate(band=age_band_expression("child__date_of_birth", today, AGE_BANDS))
        .order_by()
        .values("risk_level", "band", "child__gender", "child__ethnicity")
        .annotate(n=Count("child", distinct=True), e=Count("child", filter=exploited))
    )
    by: dict[str, dict[Any, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        for name in ("risk_level", "band", "child__gender", "child__ethnicity"):
            cell = by[name][row[name]]
            cell[0] += row["n"]
            cell[1] += row["e"]
    by_level = [(level.name, [by["risk_level"].get(level.pk, [0, 0])[0]]) for level in levels]
    bands = [(code, label) for code, label, _, _ in AGE_BANDS]
    tables = [
        FigureTable(
            "risk-level", "Children by risk level", "Risk level", ["Children"], by_level,
            kind="breakdown",
        ),
        FigureTable(
            "age", "Children by age", "Age band", COLUMNS,
            _two_columns(by["band"], bands), kind="breakdown",
        ),
        FigureTable(
            "gender", "Children by gender", "Gender", COLUMNS,
            _two_columns(by["child__gender"], list(Gender.choices)), kind="breakdown",
        ),
        FigureTable(
            "ethnicity", "Children by ethnicity", "Ethnic group", COLUMNS,
            _two_columns(by["child__ethnicity"], list(Ethnicity.choices)), kind="breakdown",
        ),
        _agencies(area, open_cases, exploited),
    ]  # fmt: skip
    caseloads = _caseloads(open_cases)
    tables.append(caseloads[0])
    return Leadership(
        highest_level=highest,
        tables=tables,
        capacity=_capacity(area, caseloads[1], today),
        since=today - dt.timedelta(days=WAITING_DAYS),
    )


def _agencies(area: Area, open_cases, exploited: Q) -> FigureTable:  # type: ignore[no-untyped-def]
    """Children with an open case by each agency whose staff work with them now (key worker
    or case team). A child can count under several agencies."""
    relationships = WorkingRelationship.objects.current().filter(
        kind__in=[RelationshipKind.KEY_WORKER, RelationshipKind.CASE_TEAM],
        child__in=open_cases.values("child"),
    )
    exploited_children = open_cases.filter(exploited).values("child")
    counts = {
        row["user__agency"]: [row["n"], row["e"]]
        for row in relationships.order_by()
        .values("user__agency")
        .annotate(
            n=Count("child", distinct=True),
            e=Count("child", distinct=True, filter=Q(child__in=exploited_children)),
        )
    }
    agencies = Agency.objects.filter(area=area).order_by("name")
    return FigureTable(
        "agency",
        "Children by agency working with them",
        "Agency",
        COLUMNS,
        [(agency.name, counts[agency.pk]) for agency in agencies if agency.pk in counts],
        note="A child is counted under every agency whose staff are their key worker or on "
        "their case team, so the rows add up to more than the children.",
    )


def _caseloads(open_cases) -> tuple[FigureTable, list[int]]:  # type: ignore[no-untyped-def]
    loads = list(
        KeyWorkerAssignment.objects.filter(ended_at__isnull=True, case__in=open_cases)
        .order_by()
        .values("user")
        .annotate(n=Count("case"))
        .values_list("n", flat=True)
    )
    bands: Counter[str] = Counter()
    labels = []
    for low, high in CASELOAD_BANDS:
        label = f"{low} to {high} children" if high else f"{low} or more children"
        labels.append(label)
        bands[label] = sum(1 for n in loads if n >= low and (high is None or n <= high))
    table = FigureTable(
        "caseloads",
        "Key workers by caseload",
        "Caseload (children with an open case)",
        ["Key workers"],
        [(label, [bands[label]]) for label in labels],
        kind="breakdown",
    )
    return table, loads


def _capacity(area: Area, loads: list[int], today: dt.date) -> Capacity:
    now = timezone.now()
    since = now - dt.timedelta(days=WAITING_DAYS)
    waiting = Referral.objects.filter(area=area, triaged_at__isnull=True)
    counts = waiting.aggregate(
        n=Count("pk"),
        overdue=Count("pk", filter=Q(triage_due_at__lt=now)),
        oldest=Min("received_at"),
    )
    triaged = Referral.objects.filter(area=area, triaged_at__gte=since)
    waits = [
        (done - received).total_seconds() / 3600
        for received, done in triaged.values_list("received_at", "triaged_at")
        if done is not None
    ]
    first_key_worker = (
        KeyWorkerAssignment.objects.filter(case=OuterRef("case"))
        .order_by("started_at")
        .values("started_at")[:1]
    )
    to_key_worker = [
        max((started - done).total_seconds(), 0) / 86400
        for done, started in triaged.filter(case__isnull=False)
        .annotate(key_worker_at=Subquery(first_key_worker))
        .filter(key_worker_at__isnull=False)
        .values_list("triaged_at", "key_worker_at")
    ]
    oldest = counts["oldest"]
    return Capacity(
        key_workers=len(loads),
        highest_caseload=max(loads) if loads else None,
        median_caseload=statistics.median(loads) if loads else None,
        waiting_now=counts["n"],
        overdue_now=counts["overdue"],
        oldest_wait_days=(today - timezone.localtime(oldest).date()).days if oldest else None,
        triage_median_hours=statistics.median(waits) if waits else None,
        triaged_count=len(waits),
        key_worker_median_days=statistics.median(to_key_worker) if to_key_worker else None,
        key_worker_count=len(to_key_worker),
    )
