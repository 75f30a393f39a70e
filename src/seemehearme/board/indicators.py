"""The board's indicators: is the strategy working?

Each indicator is one of the inquiry's features of effective practice, counted from the case
records as they are now (docs/adr/0017-board-indicators-computed-from-live-records.md). It says
in plain words what it counts (``numerator``), out of what (``denominator``), over which period
and from which records, and the page shows those words beside the figure.

An indicator is a set of rows of one partnership (``rows``: decisions, referrals, reviews...),
those in the period's denominator (``counted_in``) and, of those, the ones counted in the
numerator (``counted``). One query gives a period's figure and one the twelve months of its
trend, however many children there are; ``drill`` lists the rows behind a figure with the
child each is about. Adding an indicator is one more ``Indicator(...)`` in ``INDICATORS``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from seemehearme.areas.models import Area
from seemehearme.board.periods import Period
from seemehearme.cases.models import (
    Case,
    ChildSaysThings,
    Decision,
    KeyWorkerAssignment,
    Referral,
    Review,
)
from seemehearme.earlywarning.models import Flag
from seemehearme.intelligence.models import ProblemProfile
from seemehearme.plans.models import ActionStatus, PlanAction
from seemehearme.sharing.models import AgreementStatus, InformationSharingAgreement
from seemehearme.workforce.selectors import Figure as StaffFigure
from seemehearme.workforce.selectors import (
    trained_and_supervised,
    trained_and_supervised_on_each,
)

# An early-warning flag counts as reviewed in time within this many days of being raised (the
# flags carry no due time of their own; three days covers one working day over a weekend).
FLAG_REVIEW_DAYS = 3
# Closure reasons that mean the work succeeded (closure reason codes, reference data).
GOOD_CLOSURES = ("risk-reduced", "stepped-down")


@dataclass(frozen=True)
class Figure:
    """A period's count: ``numerator`` of ``denominator``. No denominator is "no data", not
    nought per cent."""

    numerator: int
    denominator: int
    note: str = field(default="", compare=False)

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> int | None:
        value = self.value
        return None if value is None else round(value * 100)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    feature: str  # the inquiry's feature of effective practice, or the framework's principle
    numerator: str
    denominator: str
    period: str
    source: str
    rows: Callable[[Area], QuerySet[Any]]
    counted_in: Callable[[Period], Q]
    counted: Callable[[Period], Q]
    # From a row to its child's id and to the date shown in the drill-down; no child path
    # means the rows are not about children (agreements, profiles) and there is no drill-down.
    child_path: str = ""
    date_path: str = ""
    # A yes-or-no indicator: "yes" when the period has any row at all.
    yes_no: bool = False
    note: Callable[[QuerySet[Any], Period], str] | None = field(default=None, compare=False)

    def _figure(self, denominator: int, numerator: int) -> Figure:
        if self.yes_no:
            return Figure(1 if denominator else 0, 1)
        return Figure(numerator, denominator)

    def _counts(self, period: Period) -> tuple[Q, Q]:
        within = self.counted_in(period)
        return within, within & self.counted(period)

    def compute(self, area: Area, period: Period) -> Figure:
        """The figure for one period, in one query (and one more for a note, if any)."""
        within, counted = self._counts(period)
        rows = self.rows(area)
        totals = rows.aggregate(d=Count("pk", filter=within), n=Count("pk", filter=counted))
        figure = self._figure(totals["d"], totals["n"])
        if self.note is None or not figure.denominator:
            return figure
        return Figure(figure.numerator, figure.denominator, self.note(rows.filter(within), period))

    def trend(self, area: Area, months: Sequence[Period]) -> list[Figure]:
        """The figure for each of ``months``, in one query."""
        aggregates: dict[str, Count] = {}
        for index, month in enumerate(months):
            within, counted = self._counts(month)
            aggregates[f"d{index}"] = Count("pk", filter=within)
            aggregates[f"n{index}"] = Count("pk", filter=counted)
        totals = self.rows(area).aggregate(**aggregates)
        return [self._figure(totals[f"d{i}"], totals[f"n{i}"]) for i in range(len(months))]

    @property
    def drills_down(self) -> bool:
        return bool(self.child_path)

    def drill(self, area: Area, period: Period) -> QuerySet[Any]:
        """The rows behind a period's figure: the child's id (``about``), the date (``day``)
        and whether it was counted (``is_counted``), newest first."""
        within, counted = self._counts(period)
        return (
            self.rows(area)
            .filter(within)
            .annotate(
                is_counted=ExpressionWrapper(counted, output_field=BooleanField()),
            )
            .values("pk", "is_counted", about=F(self.child_path), day=F(self.date_path))
            .order_by(f"-{self.date_path}", "-pk")
        )


@dataclass(frozen=True)
class StaffIndicator:
    """The one indicator about staff, not children: the share trained and supervised on the
    period's last day, from the training and supervision records (``seemehearme.workforce``,
    docs/workforce.md). It has no drill-down here: the named staff behind it are on the
    workforce compliance page, for those allowed to see it."""

    code: str
    title: str
    feature: str
    numerator: str
    denominator: str
    period: str
    source: str
    yes_no: bool = False
    drills_down: bool = False

    def compute(self, area: Area, period: Period) -> Figure:
        return self._figure(trained_and_supervised(area, period.as_of))

    @staticmethod
    def _figure(staff: StaffFigure) -> Figure:
        return Figure(
            staff.numerator,
            staff.denominator,
            f"Trained: {staff.trained} of {staff.denominator}; supervised in time: "
            f"{staff.supervised} of {staff.denominator}."
            if staff.denominator
            else "",
        )

    def trend(self, area: Area, months: Sequence[Period]) -> list[Figure]:
        """Each month's figure on its last day, in five queries for all the months."""
        days = [month.as_of for month in months]
        return [self._figure(staff) for staff in trained_and_supervised_on_each(area, days)]


AnyIndicator = Indicator | StaffIndicator


# --- The rows of each indicator ---------------------------------------------------------------


def _cases_with_key_workers(area: Area) -> QuerySet[Case]:
    """The partnership's cases with when their first key worker started and when the first
    change of key worker came (empty if none). Aggregates over the join, not subqueries per
    figure: grouped, the database works them out once per case however many months are
    counted."""
    first_started = (
        KeyWorkerAssignment.objects.filter(case=OuterRef("pk"))
        .order_by("started_at")
        .values("started_at")[:1]
    )
    return Case.objects.filter(area=area).annotate(
        first_key_worker_at=Min("key_workers__started_at"),
        key_worker_changed_at=Min(
            "key_workers__started_at",
            filter=Q(key_workers__started_at__gt=Subquery(first_started)),
        ),
    )


def _open_during(period: Period) -> Q:
    return Q(opened_at__lt=period.end_at) & (
        Q(closed_at__isnull=True) | Q(closed_at__gte=period.start_at)
    )


def _at(path: str, period: Period) -> Q:
    """A date-and-time field within the period."""
    return Q(**{f"{path}__gte": period.start_at, f"{path}__lt": period.end_at})


def _on(path: str, period: Period) -> Q:
    """A date field within the period."""
    return Q(**{f"{path}__range": (period.start, period.end)})


def _reviews(area: Area) -> QuerySet[Review]:
    """The partnership's reviews, each with how many later reviews of the case came by the date
    this one set (counted over a join, once per review), and the day the case closed (if it
    has)."""
    return Review.objects.filter(case__area=area).annotate(
        next_in_time=Count(
            "case__reviews",
            filter=Q(
                case__reviews__held_on__gt=F("held_on"),
                case__reviews__held_on__lte=F("next_review_due"),
            ),
        ),
        case_closed_on=TruncDate("case__closed_at"),
    )


def _review_due_in(period: Period) -> Q:
    """Reviews whose next review fell due in the period, on a day already gone, while the case
    was still open."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return Q(next_review_due__range=(period.start, min(period.end, yesterday))) & (
        Q(case_closed_on__isnull=True) | Q(case_closed_on__gt=F("next_review_due"))
    )


def _median_hours(rows: QuerySet[Referral], period: Period) -> str:
    waits = [
        (triaged - received).total_seconds() / 3600
        for received, triaged in rows.values_list("received_at", "triaged_at")
        if triaged is not None
    ]
    return f"Median time from referral to triage: {statistics.median(waits):.0f} hours."


def _risk_changes(rows: QuerySet[Review], period: Period) -> str:
    totals = rows.aggregate(
        down=Count("pk", filter=Q(risk_level_after__rank__lt=F("risk_level_before__rank"))),
        same=Count("pk", filter=Q(risk_level_after__rank=F("risk_level_before__rank"))),
        up=Count("pk", filter=Q(risk_level_after__rank__gt=F("risk_level_before__rank"))),
    )
    return f"Risk down at {totals['down']}, the same at {totals['same']}, up at {totals['up']}."


def _closure_reasons(rows: QuerySet[Case], period: Period) -> str:
    reasons = rows.values("closure_reason__name").annotate(n=Count("pk")).order_by("-n")
    return "Closed because: " + "; ".join(
        f"{row['closure_reason__name']} ({row['n']})" for row in reasons
    )


INDICATORS: tuple[AnyIndicator, ...] = (
    Indicator(
        code="one-key-worker",
        title="Children who kept the same key worker",
        feature="Enduring relationships: the same trusted person over time",
        numerator="Cases whose key worker had not changed by the end of the period.",
        denominator="Cases open at any time in the period that had a key worker by its end.",
        period="Cases open on any day of the period; a change after the period does not count.",
        source="Cases and their key workers (the key worker history on each case).",
        rows=_cases_with_key_workers,
        counted_in=lambda p: _open_during(p) & Q(first_key_worker_at__lt=p.end_at),
        counted=lambda p: (
            Q(key_worker_changed_at__isnull=True) | Q(key_worker_changed_at__gte=p.end_at)
        ),
        child_path="child_id",
        date_path="opened_at",
    ),
    Indicator(
        code="child-view",
        title="Decisions the child took part in",
        feature="Children take part in all decisions about them",
        numerator="Decisions recorded as made with the child taking part, their view written.",
        denominator="Decisions about children made in the period.",
        period="The day each decision was made.",
        source="Decisions recorded on cases.",
        rows=lambda area: Decision.objects.filter(case__area=area),
        counted_in=lambda p: _on("made_on", p),
        counted=lambda p: Q(child_took_part=True),
        child_path="case__child_id",
        date_path="made_on",
    ),
    Indicator(
        code="referral-triage",
        title="Referrals triaged on time",
        feature="Early identification and quick action",
        numerator="Referrals triaged by their due time (the partnership's working days).",
        denominator="Referrals triaged in the period.",
        period="The day each referral was triaged.",
        source="Referrals: when each was received, due and triaged.",
        rows=lambda area: Referral.objects.filter(area=area),
        counted_in=lambda p: _at("triaged_at", p),
        counted=lambda p: Q(triaged_at__lte=F("triage_due_at")),
        child_path="child_id",
        date_path="triaged_at",
        note=_median_hours,
    ),
    Indicator(
        code="flag-review",
        title="Early-warning flags reviewed quickly",
        feature="Early identification and quick action",
        numerator=f"Flags confirmed or dismissed within {FLAG_REVIEW_DAYS} days of being raised.",
        denominator="Early-warning flags confirmed or dismissed in the period.",
        period="The day each flag was decided.",
        source="Early-warning flags: when each was raised and decided.",
        rows=lambda area: Flag.objects.filter(child__area=area),
        counted_in=lambda p: _at("decided_at", p),
        counted=lambda p: Q(decided_at__lte=F("raised_at") + dt.timedelta(days=FLAG_REVIEW_DAYS)),
        child_path="child_id",
        date_path="decided_at",
    ),
    Indicator(
        code="reviews-on-time",
        title="Reviews held on time",
        feature="Checking that actions work: specific plans, reviewed",
        numerator="Of those, the ones followed by another review on or before the due date.",
        denominator=(
            "Reviews whose next review fell due in the period (each review sets the date of "
            "the next), leaving out cases closed by then."
        ),
        period="The day the next review was due, up to yesterday.",
        source="Reviews recorded on cases.",
        rows=_reviews,
        counted_in=_review_due_in,
        counted=lambda p: Q(next_in_time__gt=0),
        child_path="case__child_id",
        date_path="next_review_due",
    ),
    Indicator(
        code="risk-down",
        title="Reviews where the risk came down",
        feature="Checking that actions work",
        numerator="Reviews that lowered the child's risk level.",
        denominator="Reviews held in the period.",
        period="The day each review was held.",
        source="Reviews: the risk level before and after.",
        rows=lambda area: Review.objects.filter(case__area=area),
        counted_in=lambda p: _on("held_on", p),
        counted=lambda p: Q(risk_level_after__rank__lt=F("risk_level_before__rank")),
        child_path="case__child_id",
        date_path="held_on",
        note=_risk_changes,
    ),
    Indicator(
        code="child-better",
        title="Children who say things are better",
        feature="Focus on the child: am I seen, heard and believed?",
        numerator="Reviews where the child said things are better.",
        denominator="Reviews held in the period where the child said how things are.",
        period="The day each review was held.",
        source="Reviews: what the child says about how things are.",
        rows=lambda area: Review.objects.filter(case__area=area),
        counted_in=lambda p: (
            _on("held_on", p) & ~Q(child_says_things_are=ChildSaysThings.NOT_ASKED)
        ),
        counted=lambda p: Q(child_says_things_are=ChildSaysThings.BETTER),
        child_path="case__child_id",
        date_path="held_on",
    ),
    Indicator(
        code="closed-well",
        title="Cases closed because the risk reduced",
        feature="Checking that actions work",
        numerator=(
            "Cases closed because the risk reduced or the child was stepped down to early help "
            "or universal services."
        ),
        denominator="Cases closed in the period, for any reason.",
        period="The day each case was closed.",
        source="Cases: the closure reason.",
        rows=lambda area: Case.objects.filter(area=area),
        counted_in=lambda p: _at("closed_at", p),
        counted=lambda p: Q(closure_reason__code__in=GOOD_CLOSURES),
        child_path="child_id",
        date_path="closed_at",
        note=_closure_reasons,
    ),
    Indicator(
        code="disruption-done",
        title="Disruption actions completed",
        feature="Disrupt and stop perpetrators",
        numerator="Of those, the actions marked done.",
        denominator=(
            "Protection plan actions with a disruption tactic due in the period (up to today), "
            "leaving out cancelled actions."
        ),
        period="The day each action was due.",
        source="Protection plans: actions and their disruption tactics.",
        rows=lambda area: PlanAction.objects.filter(
            plan__case__area=area, disruption_tactic__isnull=False
        ),
        counted_in=lambda p: (
            Q(due_on__range=(p.start, p.as_of)) & ~Q(status=ActionStatus.CANCELLED)
        ),
        counted=lambda p: Q(status=ActionStatus.DONE),
        child_path="plan__case__child_id",
        date_path="due_on",
    ),
    Indicator(
        code="profile-refreshed",
        title="Problem profile refreshed",
        feature="Comprehensive problem profiling, checked regularly",
        numerator="Yes if the partnership published a problem profile in the period.",
        denominator="One partnership.",
        period="The day each profile was published.",
        source="Problem profiles saved by the partnership's analysts.",
        rows=lambda area: ProblemProfile.objects.filter(area=area),
        counted_in=lambda p: _at("generated_at", p),
        counted=lambda p: Q(),
        yes_no=True,
    ),
    Indicator(
        code="agreements-in-date",
        title="Sharing agreements in date",
        feature="Agencies sharing information under an agreed protocol",
        numerator="Of those, the agreements whose review date had not passed.",
        denominator="Information-sharing agreements in force at the end of the period.",
        period="The last day of the period (or today, if the period has not ended).",
        source="Information-sharing agreements: status, dates and review date.",
        rows=lambda area: InformationSharingAgreement.objects.filter(area=area),
        counted_in=lambda p: (
            Q(status=AgreementStatus.ACTIVE, start_date__lte=p.as_of)
            & (Q(end_date__isnull=True) | Q(end_date__gte=p.as_of))
        ),
        counted=lambda p: Q(review_date__gte=p.as_of),
    ),
    StaffIndicator(
        code="staff-trained-supervised",
        title="Staff trained and supervised",
        feature="Supervision, support and regular training for staff",
        numerator=(
            "Staff whose required training is in date and who had supervision within the "
            "interval set for their role."
        ),
        denominator=(
            "Active staff of the agencies in the partnership whose role must have training or "
            "supervision."
        ),
        period="The last day of the period (or today, if the period has not ended).",
        source="Training and supervision records (Training and supervision).",
    ),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
