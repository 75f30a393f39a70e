"""Triage timescales count working days in England (weekends and bank holidays excluded)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from seemehearme.cases.deadlines import add_working_days, is_working_day

LONDON = ZoneInfo("Europe/London")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (at(2026, 11, 23, 14, 30), 1, at(2026, 11, 24, 14, 30)),  # Monday -> Tuesday
        (at(2026, 11, 27, 16, 0), 1, at(2026, 11, 30, 16, 0)),  # Friday -> Monday
        (at(2026, 11, 28, 11, 0), 1, at(2026, 12, 1, 9, 0)),  # Saturday -> Tuesday 9am
        (at(2026, 12, 24, 10, 0), 1, at(2026, 12, 29, 10, 0)),  # Christmas and Boxing Day
        (at(2026, 12, 24, 10, 0), 3, at(2026, 12, 31, 10, 0)),
        (at(2027, 3, 25, 9, 15), 1, at(2027, 3, 30, 9, 15)),  # Good Friday, Easter Monday
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(received, days, due):
    assert add_working_days(received, days) == due


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day substitute
    assert is_working_day(dt.date(2026, 12, 29))
