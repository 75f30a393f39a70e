"""The periods the board looks at: a calendar month, quarter (three months) or year (twelve
months) ending with a chosen month, and the months of a trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

LENGTHS = {"month": 1, "quarter": 3, "year": 12}
LENGTH_WORDS = {"month": "Month", "quarter": "Quarter (3 months)", "year": "Year (12 months)"}


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole calendar months from ``start`` to ``end`` (both days included)."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        """The first moment of the period, in local time."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=timezone.get_current_timezone())

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period."""
        after = self.end + dt.timedelta(days=1)
        return dt.datetime.combine(after, dt.time.min, tzinfo=timezone.get_current_timezone())

    @property
    def as_of(self) -> dt.date:
        """The last day of the period that has happened: its end, or today."""
        return min(self.end, timezone.localdate())

    @property
    def label(self) -> str:
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return f"{self.start:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"


def period_ending(month: dt.date, length: str = "quarter") -> Period:
    """The month, quarter or year whose last month is ``month``'s."""
    months = LENGTHS[length]
    end = add_months(month, 1) - dt.timedelta(days=1)
    return Period(add_months(month, 1 - months), end)


def trend_months(last: dt.date, count: int = 12) -> list[Period]:
    """The ``count`` months up to and including ``last``'s, oldest first."""
    return [period_ending(add_months(last, -back), "month") for back in range(count - 1, -1, -1)]


def recent_months(count: int = 24) -> list[dt.date]:
    """The first days of this month and the ``count - 1`` before it, newest first (for the
    period selector)."""
    this_month = _month_start(timezone.localdate())
    return [add_months(this_month, -back) for back in range(count)]
