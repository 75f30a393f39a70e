"""Smoke test of the problem profile benchmark at a tiny size: it fills the database and the
profile built over it has the cases, events and places it made."""

from __future__ import annotations

import pytest

from seemehearme.intelligence.profile import build_profile, default_period
from tests.bench_scripts import load_bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_generates_a_partnership_the_profile_can_read():
    bench = load_bench("profile_bench")
    analyst = bench.world_generate(
        children=400,
        events=4_000,
        associations=1_000,
        places=20,
        persons=30,
        groups=4,
        bulk=False,
    )
    took = bench.profile_time(analyst)
    assert set(took) == {"build", "publish both versions", "places and trends"}
    start, end = default_period()
    figures = build_profile(user=analyst, start=start, end=end)
    assert figures.table("cases").value("Open at some time in the period") > 0
    assert figures.table("trends").value("Agency events") > 0
    assert figures.table("places-top").rows
    districts = {label for label, _ in figures.table("links").rows}
    assert "Place" in districts
