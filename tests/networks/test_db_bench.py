"""Smoke test of the database network benchmark at a tiny size, so it cannot rot unnoticed."""

from __future__ import annotations

import pytest

from seemehearme.intelligence.models import Association, Entity
from seemehearme.people.models import Child
from tests.bench_scripts import load_bench

pytestmark = pytest.mark.django_db


def test_the_bench_writes_the_graph_loads_it_and_finds_the_planted_groups():
    bench = load_bench("network_db_bench")
    said: list[str] = []

    figures = bench.run(400, 1_200, seed=1, networkx=True, quiet=True, say=said.append)

    assert Association.objects.count() == 1_200
    assert Entity.objects.count() + Child.objects.count() >= 390  # children only if linked
    assert not Association.objects.filter(other__isnull=True, child__isnull=True).exists()
    assert set(figures["times"]) == {"load", "components", "pagerank", "communities"}
    assert (
        figures["subjects"]
        == Entity.objects.count()
        + Child.objects.filter(intelligence_links__isnull=False).distinct().count()
    )
    assert figures["recovered"] > 0.5
    assert "networkx_total" in figures
    assert any(line.startswith("igraph from the database") for line in said)

    bench.run(200, 500, seed=2, networkx=False, quiet=True, say=said.append)
    assert Association.objects.count() == 500  # the earlier run's rows were removed
