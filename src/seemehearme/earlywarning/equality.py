"""Equality monitoring: who the early-warning rules flag, by gender, ethnicity, age and care
status. Aggregates only, never names.

For a period (the last 12 months by default) and one partnership:

- the cohort: children with at least one agency event in the period;
- flagged: children in the cohort with a flag raised in the period;
- the flag rate: flagged / cohort;
- of the flags raised in the period for children in the cohort, those decided (confirmed or
  dismissed; lapsed flags were never decided) and those confirmed, and the confirmation rate:
  confirmed / decided.

Counts from 1 to 4 are shown as "fewer than 5". Each breakdown adds up to the "All children"
figure, so where that would let a hidden count be worked out, another count is hidden too ("not
shown"; see ``earlywarning.suppression``). A rate is not shown where either of its counts is
hidden. The inquiry found boys and Black and minority ethnic children
under-identified: a low flag rate for a group is a question for the board, not reassurance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from seemehearme.areas.models import Area
from seemehearme.earlywarning.models import Flag, FlagStatus
from seemehearme.earlywarning.suppression import Margin, Suppression, is_small, suppress
from seemehearme.feeds.models import AgencyEvent
from seemehearme.people.models import CareStatus, Child, Ethnicity, Gender

PERIOD_DAYS = 365
# (code, label, youngest age, first age not in the band)
AGE_BANDS = [
    ("under-10", "Under 10", 0, 10),
    ("10-12", "10 to 12", 10, 13),
    ("13-15", "13 to 15", 13, 16),
    ("16-17", "16 to 17", 16, 18),
    ("18-plus", "18 or over", 18, None),
]
CHART_WIDTH = 640
CHART_LABEL_WIDTH = 250
CHART_BAR_HEIGHT = 22
CHART_GAP = 10


@dataclass(frozen=True)
class Figure:
    """A count as it may be shown: hidden if small, or if it would give a small one away."""

    value: int
    complementary: bool = False

    @property
    def suppressed(self) -> bool:
        return is_small(self.value) or self.complementary

    def __str__(self) -> str:
        if is_small(self.value):
            return "fewer than 5"
        if self.complementary:
            return "not shown"
        return f"{self.value:,}"


def _rate(numerator: Figure, denominator: Figure) -> float | None:
    if denominator.value == 0 or numerator.suppressed or denominator.suppressed:
        return None
    return numerator.value / denominator.value


def _percent(rate: float | None) -> str:
    return "not shown" if rate is None else f"{rate:.1%}"


@dataclass(frozen=True)
class GroupRow:
    label: str
    cohort: Figure
    flagged: Figure
    decided: Figure
    confirmed: Figure

    @property
    def flag_rate(self) -> float | None:
        return _rate(self.flagged, self.cohort)

    @property
    def confirmation_rate(self) -> float | None:
        return _rate(self.confirmed, self.decided)

    @property
    def flag_rate_text(self) -> str:
        return _percent(self.flag_rate)

    @property
    def confirmation_rate_text(self) -> str:
        return _percent(self.confirmation_rate)


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: int
    text: str


@dataclass
class Dimension:
    code: str
    label: str
    rows: list[GroupRow]

    @property
    def chart_height(self) -> int:
        return len(self.rows) * (CHART_BAR_HEIGHT + CHART_GAP) + CHART_GAP

    @property
    def bars(self) -> list[Bar]:
        """The flag rate of each group as a horizontal bar, scaled to the highest rate."""
        highest = max((row.flag_rate or 0.0 for row in self.rows), default=0.0) or 1.0
        room = CHART_WIDTH - CHART_LABEL_WIDTH - 120
        bars = []
        for index, row in enumerate(self.rows):
            rate = row.flag_rate
            bars.append(
                Bar(
                    label=row.label,
                    y=CHART_GAP + index * (CHART_BAR_HEIGHT + CHART_GAP),
                    width=0 if rate is None else round(room * rate / highest),
                    text=_percent(rate),
                )
            )
        return bars


@dataclass
class EqualityReport:
    area: Area
    start: dt.date
    end: dt.date
    total: GroupRow
    dimensions: list[Dimension] = field(default_factory=list)

    chart_width = CHART_WIDTH
    chart_label_width = CHART_LABEL_WIDTH
    chart_bar_height = CHART_BAR_HEIGHT


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band(field_name: str, on: dt.date) -> Case:
    """The age band on ``on`` of the date of birth in ``field_name``, worked out in SQL."""
    whens = [
        When(**{f"{field_name}__gt": _years_before(on, upper)}, then=Value(code))
        for code, _, _, upper in AGE_BANDS
        if upper is not None
    ]
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


Key = tuple[str, str, str, str]  # gender, ethnicity, care status, age band
DIMENSIONS = [
    ("gender", "Gender", list(Gender.choices)),
    ("ethnicity", "Ethnicity", list(Ethnicity.choices)),
    ("age", "Age", [(code, label) for code, label, _, _ in AGE_BANDS]),
    ("care", "Care status", list(CareStatus.choices)),
]


def equality_report(
    *, area: Area, end: dt.date | None = None, days: int = PERIOD_DAYS
) -> EqualityReport:
    """The area's figures for the ``days`` days up to ``end`` (two grouped queries)."""
    end = end or timezone.localdate()
    start = end - dt.timedelta(days=days - 1)
    start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    end_at = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    raised = Q(raised_at__gte=start_at, raised_at__lt=end_at)

    def has_events(child_ref: str) -> Exists:
        return Exists(
            AgencyEvent.objects.filter(
                child=OuterRef(child_ref), occurred_on__gte=start, occurred_on__lte=end
            )
        )

    children: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    cohort = (
        Child.objects.filter(area=area, merged_into__isnull=True)
        .filter(has_events("pk"))
        .annotate(
            band=_age_band("date_of_birth", end),
            is_flagged=Exists(Flag.objects.filter(raised, child=OuterRef("pk"))),
        )
        .order_by()
        .values("gender", "ethnicity", "care_status", "band")
        .annotate(cohort=Count("pk"), flagged=Count("pk", filter=Q(is_flagged=True)))
    )
    for row in cohort:
        key = (row["gender"], row["ethnicity"], row["care_status"], row["band"])
        children[key][0] += row["cohort"]
        children[key][1] += row["flagged"]
    flags = (
        Flag.objects.filter(raised, child__area=area, child__merged_into__isnull=True)
        .filter(has_events("child_id"))
        .annotate(
            gender=F("child__gender"),
            ethnicity=F("child__ethnicity"),
            care_status=F("child__care_status"),
            band=_age_band("child__date_of_birth", end),
        )
        .order_by()
        .values("gender", "ethnicity", "care_status", "band")
        .annotate(
            decided=Count("pk", filter=Q(status__in=[FlagStatus.CONFIRMED, FlagStatus.DISMISSED])),
            confirmed=Count("pk", filter=Q(status=FlagStatus.CONFIRMED)),
        )
    )
    for row in flags:
        key = (row["gender"], row["ethnicity"], row["care_status"], row["band"])
        children[key][2] += row["decided"]
        children[key][3] += row["confirmed"]

    return equality_figures(area=area, start=start, end=end, counts=children)


MEASURES = ("cohort", "flagged", "decided", "confirmed")
TOTAL = "total"


def equality_figures(
    *, area: Area, start: dt.date, end: dt.date, counts: dict[Key, list[int]]
) -> EqualityReport:
    """The report from counts per (gender, ethnicity, care status, age band): [children with
    events, flagged, flags decided, flags confirmed]. Every breakdown adds up to the total, so
    small counts are hidden with their complements (see ``earlywarning.suppression``)."""
    position = {"gender": 0, "ethnicity": 1, "care": 2, "age": 3}
    values: dict[tuple[str, ...], int] = {}
    for measure, name in enumerate(MEASURES):
        values[(TOTAL, name)] = sum(row[measure] for row in counts.values())
        for code, _, choices in DIMENSIONS:
            for value, _ in choices:
                values[(code, str(value), name)] = sum(
                    row[measure] for key, row in counts.items() if key[position[code]] == value
                )
    margins = [
        Margin(
            total=(TOTAL, name),
            parts=tuple((code, str(value), name) for value, _ in choices),
        )
        for code, _, choices in DIMENSIONS
        for name in MEASURES
    ]
    hidden = suppress(values, margins)

    def group(label: str, *prefix: str) -> GroupRow:
        return GroupRow(label, *(_figure(values, hidden, (*prefix, name)) for name in MEASURES))

    return EqualityReport(
        area=area,
        start=start,
        end=end,
        total=group("All children", TOTAL),
        dimensions=[
            Dimension(code, label, [group(str(name), code, str(value)) for value, name in choices])
            for code, label, choices in DIMENSIONS
        ],
    )


def _figure(
    values: dict[tuple[str, ...], int], hidden: Suppression[tuple[str, ...]], cell: tuple[str, ...]
) -> Figure:
    return Figure(values[cell], complementary=cell in hidden.complementary)
