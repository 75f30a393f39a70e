"""Working-day arithmetic for case-work timescales (England and Wales bank holidays)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

START_OF_DAY = dt.time(9, 0)


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    """The same local time ``days`` working days after ``moment``.

    Something received on a weekend or bank holiday counts as received at 9am on the next
    working day, so a Saturday referral with a one-working-day timescale is due Tuesday 9am.
    """
    local = timezone.localtime(moment)
    day, time = local.date(), local.time()
    if not is_working_day(day):
        day, time = next_working_day(day), START_OF_DAY
    for _ in range(days):
        day = next_working_day(day)
    naive = dt.datetime.combine(day, time)
    return timezone.make_aware(naive, timezone.get_current_timezone())
