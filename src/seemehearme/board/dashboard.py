"""The board dashboard: every indicator's figure for a period, its target and how the figure
stands against it (RAG), and its last twelve months as a small chart and a table."""

from __future__ import annotations

from dataclasses import dataclass

from seemehearme.areas.models import Area
from seemehearme.board.indicators import INDICATORS, Figure, Indicator
from seemehearme.board.models import IndicatorTarget
from seemehearme.board.periods import Period, trend_months

# A figure this many percentage points or fewer below its target is amber, not red.
AMBER_POINTS = 10

# The trend chart: one bar per month, 0 to 100 per cent.
CHART_WIDTH = 320
CHART_HEIGHT = 120
CHART_TOP = 8
CHART_BAR_ROOM = 100  # pixels for 100%
BAR_WIDTH = 18
BAR_STEP = 25


@dataclass(frozen=True)
class Rag:
    code: str  # "met", "near", "missed", "none"
    words: str
    tag_class: str


MET = Rag("met", "Target met", "govuk-tag--green")
NEAR = Rag("near", "Just below target", "govuk-tag--yellow")
MISSED = Rag("missed", "Target not met", "govuk-tag--red")
NO_TARGET = Rag("none", "No target set", "govuk-tag--grey")
NO_DATA = Rag("none", "No data", "govuk-tag--grey")


def rag(figure: Figure, target: int | None) -> Rag:
    """How ``figure`` stands against a target percentage."""
    if figure.percent is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    if figure.percent >= target:
        return MET
    return NEAR if target - figure.percent <= AMBER_POINTS else MISSED


def shown_value(indicator: Indicator, figure: Figure) -> str:
    if figure.percent is None:
        return "No data"
    if indicator.yes_no:
        return "Yes" if figure.numerator else "No"
    return f"{figure.percent}%"


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    figure: Figure
    text: str
    x: int
    height: int

    @property
    def y(self) -> int:
        return CHART_TOP + CHART_BAR_ROOM - self.height


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    figure: Figure
    value_text: str
    target: int | None
    rag: Rag
    trend: list[TrendPoint]

    @property
    def trend_span(self) -> str:
        return f"{self.trend[0].period.label} to {self.trend[-1].period.label}"

    @property
    def target_y(self) -> int | None:
        if self.target is None:
            return None
        return CHART_TOP + CHART_BAR_ROOM - self.target


def targets_for(area: Area) -> dict[str, int]:
    return dict(
        IndicatorTarget.objects.filter(area=area).values_list("indicator", "target_percent")
    )


def trend_points(indicator: Indicator, area: Area, period: Period) -> list[TrendPoint]:
    """The twelve months up to the end of ``period``, oldest first."""
    months = trend_months(period.end)
    figures = indicator.trend(area, months)
    return [
        TrendPoint(
            period=month,
            figure=figure,
            text=shown_value(indicator, figure),
            x=4 + index * BAR_STEP,
            height=round(CHART_BAR_ROOM * (figure.value or 0)),
        )
        for index, (month, figure) in enumerate(zip(months, figures, strict=True))
    ]


def indicator_row(
    indicator: Indicator, area: Area, period: Period, target: int | None
) -> IndicatorRow:
    figure = indicator.compute(area, period)
    return IndicatorRow(
        indicator=indicator,
        figure=figure,
        value_text=shown_value(indicator, figure),
        target=target,
        rag=rag(figure, target),
        trend=trend_points(indicator, area, period),
    )


def dashboard(area: Area, period: Period) -> list[IndicatorRow]:
    targets = targets_for(area)
    return [
        indicator_row(indicator, area, period, targets.get(indicator.code))
        for indicator in INDICATORS
    ]


CHART = {
    "width": CHART_WIDTH,
    "height": CHART_HEIGHT,
    "bar_width": BAR_WIDTH,
    "baseline": CHART_TOP + CHART_BAR_ROOM,
    "top": CHART_TOP,
}
