"""The board's "staff trained and supervised" indicator reads the training and supervision
records: the hand-counted partnership of ``tests/workforce/conftest.py``."""

from __future__ import annotations

import datetime as dt

from seemehearme.board.indicators import BY_CODE
from seemehearme.board.periods import period_ending, trend_months
from tests.workforce.conftest import ON


def test_the_board_counts_staff_trained_and_supervised_on_the_periods_last_day(partnership):
    indicator = BY_CODE["staff-trained-supervised"]
    june = period_ending(ON, "month")
    figure = indicator.compute(partnership.area, june)
    assert (figure.numerator, figure.denominator) == (3, 7)
    assert figure.note == "Trained: 5 of 7; supervised in time: 5 of 7."
    assert not indicator.drills_down


def test_its_trend_is_each_months_figure_on_that_months_last_day(partnership):
    indicator = BY_CODE["staff-trained-supervised"]
    months = trend_months(ON, count=2)
    assert [month.end for month in months] == [dt.date(2026, 5, 31), ON]
    may, june = indicator.trend(partnership.area, months)
    assert (june.numerator, june.denominator) == (3, 7)
    assert may == indicator.compute(partnership.area, months[0])
    assert may.denominator == 7
