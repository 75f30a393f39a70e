"""Smoke test of the network benchmark's generator and recovery measure, at a tiny size."""

from __future__ import annotations

from seemehearme.networks import build_network, communities
from tests.bench_scripts import load_bench


def test_generator_plants_groups_of_5_to_40_and_cpm_recovers_them():
    bench = load_bench("network_bench")
    pairs, kinds, groups = bench.synthetic_graph(2_000, 7_000, seed=1)

    assert len(kinds) == 2_000
    assert len(pairs) >= 7_000
    assert all(5 <= len(g) <= 40 for g in groups[:-1])
    assert sum(len(g) for g in groups) == 2_000
    found = communities(build_network(pairs, kinds), min_size=1)
    assert bench.recovered(groups, found) >= 0.9


def test_recovery_refuses_a_community_more_than_twice_the_groups_size():
    bench = load_bench("network_bench")
    groups = [list(range(5)), list(range(5, 10))]

    assert bench.recovered(groups, [list(range(10))]) == 1.0
    assert bench.recovered(groups, [list(range(11))]) == 0.0
    # 4 of 5 (80%) is not enough; the second group is whole in a community of 6
    assert bench.recovered(groups, [list(range(4)), list(range(4, 10))]) == 0.5
