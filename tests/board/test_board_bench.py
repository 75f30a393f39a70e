"""Smoke test of the board benchmark at a tiny size: it adds case work to the profile
benchmark's partnership and every indicator has something to count."""

from __future__ import annotations

import pytest
from django.utils import timezone
from tests.bench_scripts import load_bench

from seemehearme.board.indicators import BY_CODE
from seemehearme.board.periods import trend_months

pytestmark = pytest.mark.django_db


def test_the_benchmark_generates_case_work_every_indicator_counts():
    bench = load_bench("board_bench")
    area = bench.world_generate(
        children=400, events=2_000, associations=200, places=10, persons=10, groups=2, bulk=False
    )
    took = bench.board_time(area)
    assert set(took) == set(BY_CODE)
    months = trend_months(timezone.localdate())
    for code in ("one-key-worker", "child-view", "referral-triage", "flag-review", "risk-down"):
        trend = BY_CODE[code].trend(area, months)
        assert sum(figure.denominator for figure in trend) > 0, code


def test_the_benchmark_adds_staff_the_staff_indicator_counts():
    bench = load_bench("board_bench")
    area = bench.world_generate(
        children=100, events=200, associations=20, places=2, persons=2, groups=1, bulk=False
    )
    coordinator = bench.StaffUser.objects.get(username="bench.coordinator")
    bench.workforce_insert(area=area, coordinator=coordinator, staff=40)
    figure = BY_CODE["staff-trained-supervised"].compute(
        area, trend_months(timezone.localdate())[-1]
    )
    assert figure.denominator >= 40
    assert 0 < figure.numerator < figure.denominator  # some expired, some overdue
