"""Smoke test of the national picture benchmark at a tiny size: its returns import and the
picture adds them up."""

from __future__ import annotations

import pytest

from seemehearme.returns.models import NationalReturn
from tests.bench_scripts import load_bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_imports_returns_the_picture_reads():
    bench = load_bench("national_picture_bench")
    files = bench.returns_generate(areas=3, period_count=2)
    assert len(files) == 6
    bench.import_all(files)
    assert NationalReturn.objects.count() == 6
    took = bench.picture_time()
    assert set(took) == {"national picture", "areas over time"}
