"""How fast and how well network analysis finds planted groups in a large intelligence graph.

Usage:
    uv run python bench/network_bench.py [--entities 300000] [--associations 1000000] [--seed 5]
    uv run --with rustworkx python bench/network_bench.py   # also times rustworkx

A synthetic graph is generated first (not timed): planted groups of 5 to 40 entities (each a
ring, so it is connected, plus random links inside it at a density that makes about 85% of the
associations), and random noise links between any two entities for the rest. Node kinds are
drawn at random (a third children). The timed run is what ``seemehearme.networks`` does:
build the graph from the list of (id, id) pairs, connected groups, PageRank, and Leiden
communities (CPM). Loading the pairs from the database is not included yet (the association
models come later). The same steps are then timed on NetworkX in the same run: on the whole
graph by default (about a minute), or on a share of the entities with ``--networkx-share``,
extrapolated linearly (which flatters NetworkX: its Louvain grows faster than linearly).
NetworkX's Louvain with modularity is its community step (it has no CPM); without SciPy
installed, its PageRank is its pure-Python one.

Recovery: a planted group counts as recovered if at least 90% of its members are in one
community no more than twice the group's size. ``--sweep`` tries several CPM resolutions and
modularity, to show why the default was chosen. Two adversarial cases are also run: groups that
share one member (bridging) and a hub node linked to a fifth of the entities (a takeaway
everyone visits).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence

from seemehearme.networks import KINDS, build_network, communities, connected_groups
from seemehearme.networks.analysis import DEFAULT_RESOLUTION, central_figures

Pairs = list[tuple[int, int]]


def synthetic_graph(
    entities: int, associations: int, seed: int, inside: float = 0.85
) -> tuple[Pairs, dict[int, str], list[list[int]]]:
    """Pairs, node kinds and the planted groups (every entity is in exactly one group)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secret
    groups: list[list[int]] = []
    start = 0
    while start < entities:
        size = min(rng.randint(5, 40), entities - start)
        groups.append(list(range(start, start + size)))
        start += size
    ring = sum(len(g) for g in groups if len(g) > 2)
    possible = sum(len(g) * (len(g) - 1) // 2 - len(g) for g in groups if len(g) > 2)
    density = max(0.0, min(1.0, (associations * inside - ring) / max(possible, 1)))
    pairs: Pairs = []
    for group in groups:
        n = len(group)
        pairs.extend((group[i], group[(i + 1) % n]) for i in range(n) if n > 1)
        for i in range(n):
            for j in range(i + 2, n):
                if rng.random() < density and not (i == 0 and j == n - 1):
                    pairs.append((group[i], group[j]))
    while len(pairs) < associations:
        pairs.append((rng.randrange(entities), rng.randrange(entities)))
    weights = [4, 2, 1, 1, 1, 1, 1]  # children a third, then adults, then the rest
    kinds = dict(zip(range(entities), rng.choices(KINDS, weights, k=entities), strict=True))
    return pairs, kinds, groups


def recovered(groups: Sequence[Sequence[int]], found: Sequence[Sequence[int]]) -> float:
    """Share of groups with >= 90% of members in one community at most twice the group's size."""
    where: dict[int, int] = {}
    for c, community in enumerate(found):
        for node in community:
            where[node] = c
    sizes = [len(c) for c in found]
    ok = 0
    for group in groups:
        counts = Counter(where.get(node, -1) for node in group)
        c, count = counts.most_common(1)[0]
        if c >= 0 and count >= 0.9 * len(group) and sizes[c] <= 2 * len(group):
            ok += 1
    return ok / len(groups)


def timed(label: str, step: Callable[[], object], times: dict[str, float]) -> object:
    started = time.perf_counter()
    result = step()
    times[label] = time.perf_counter() - started
    return result


def run_igraph(pairs: Pairs, kinds: dict[int, str], resolution: float) -> tuple[dict, list]:
    times: dict[str, float] = {}
    network = timed("build", lambda: build_network(pairs, kinds), times)
    timed("components", lambda: connected_groups(network), times)  # type: ignore[arg-type]
    timed("pagerank", lambda: central_figures(network, top=20), times)  # type: ignore[arg-type]
    found = timed(
        "communities",
        lambda: communities(network, resolution=resolution, min_size=1),  # type: ignore[arg-type]
        times,
    )
    return times, found  # type: ignore[return-value]


def run_networkx(pairs: Pairs, kinds: dict[int, str]) -> tuple[dict[str, float], list]:
    import networkx as nx

    times: dict[str, float] = {}

    def build() -> nx.Graph:
        graph = nx.Graph()
        graph.add_nodes_from((node, {"kind": kind}) for node, kind in kinds.items())
        graph.add_edges_from((a, b) for a, b in pairs if a != b)
        return graph

    graph = timed("build", build, times)
    timed("components", lambda: list(nx.connected_components(graph)), times)  # type: ignore[arg-type]
    try:
        import scipy  # noqa: F401 - NetworkX's fast PageRank needs it

        pagerank = nx.pagerank
    except ImportError:  # NetworkX's own pure-Python PageRank
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank
    timed("pagerank", lambda: pagerank(graph), times)  # type: ignore[arg-type]
    found = timed("communities", lambda: nx.community.louvain_communities(graph, seed=1), times)  # type: ignore[arg-type]
    return times, found  # type: ignore[return-value]


def run_rustworkx(pairs: Pairs, kinds: dict[int, str]) -> dict[str, float] | None:
    try:
        import rustworkx as rx
    except ImportError:
        return None
    times: dict[str, float] = {}

    def build() -> rx.PyGraph:
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(list(kinds.values()))
        graph.extend_from_edge_list([(a, b) for a, b in pairs if a != b])
        return graph

    graph = timed("build", build, times)
    timed("components", lambda: rx.connected_components(graph), times)  # type: ignore[arg-type]
    timed("pagerank", lambda: rx.pagerank(graph.to_directed()), times)  # type: ignore[union-attr]
    return times


def subsample(pairs: Pairs, kinds: dict[int, str], share: float) -> tuple[Pairs, dict[int, str]]:
    """The first ``share`` of entities (whole planted groups) and the pairs among them."""
    limit = int(len(kinds) * share)
    return [(a, b) for a, b in pairs if a < limit and b < limit], {
        n: k for n, k in kinds.items() if n < limit
    }


def line(label: str, times: dict[str, float]) -> str:
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
    return f"{label}: {sum(times.values()):.2f} s ({steps})"


def adversarial(seed: int, resolution: float) -> None:
    """Bridged groups and a hub linked to a fifth of everyone, on a 30,000-entity graph."""
    pairs, kinds, groups = synthetic_graph(30_000, 100_000, seed)
    base = recovered(groups, communities(build_network(pairs, kinds), resolution, min_size=1))
    print(f"adversarial base (30,000 entities, 100,000 associations): {base:.1%} recovered")

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secret
    bridged = list(pairs)
    for left, right in zip(groups[0::2], groups[1::2], strict=False):
        member = rng.choice(left)  # one member of ``left`` also in ``right``
        bridged.extend((member, other) for other in right if rng.random() < 0.5)
    network = build_network(bridged, kinds)
    share = recovered(groups, communities(network, resolution, min_size=1))
    print(f"  groups sharing one member (every pair of groups bridged): {share:.1%} recovered")

    hub = len(kinds)
    with_hub = dict(kinds) | {hub: "place"}
    hub_pairs = list(pairs) + [(hub, n) for n in rng.sample(range(hub), hub // 5)]
    network = build_network(hub_pairs, with_hub)
    found = communities(network, resolution, min_size=1)
    share = recovered(groups, found)
    hub_size = next(len(c) for c in found if hub in c)
    top = central_figures(network, top=1)[0][0]
    print(
        f"  a hub linked to 6,000 entities: {share:.1%} recovered; the hub's community has "
        f"{hub_size} members; PageRank's top node is the hub: {top == hub}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=300_000)
    parser.add_argument("--associations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--resolution", type=float, default=DEFAULT_RESOLUTION)
    parser.add_argument("--networkx-share", type=float, default=1.0)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    pairs, kinds, groups = synthetic_graph(args.entities, args.associations, args.seed)
    print(
        f"generated {len(kinds):,} entities, {len(pairs):,} associations, {len(groups):,} "
        f"planted groups in {time.perf_counter() - started:.1f} s (not timed); "
        f"cores {os.cpu_count()}"
    )

    times, found = run_igraph(pairs, kinds, args.resolution)
    total = sum(times.values())
    print(line(f"igraph (CPM {args.resolution})", times))
    print(f"  communities {len(found):,}; planted groups recovered {recovered(groups, found):.1%}")

    rx_times = run_rustworkx(pairs, kinds)
    if rx_times is not None:
        print(line("rustworkx (no community detection)", rx_times))

    share = args.networkx_share
    sub_pairs, sub_kinds = (pairs, kinds) if share >= 1 else subsample(pairs, kinds, share)
    nx_times, nx_found = run_networkx(sub_pairs, sub_kinds)
    scale = len(pairs) / max(len(sub_pairs), 1)
    nx_total = sum(nx_times.values()) * scale
    where = "full graph" if share >= 1 else f"{len(sub_kinds):,} entities, {len(sub_pairs):,} "
    where += "" if share >= 1 else f"associations, extrapolated x{scale:.1f} linearly"
    print(line(f"networkx ({where})", nx_times))
    sub_groups = [g for g in groups if g[-1] in sub_kinds]
    print(
        f"  networkx on the full graph ~ {nx_total:.1f} s; igraph is {nx_total / total:.0f}x "
        f"faster; Louvain (modularity) recovered {recovered(sub_groups, nx_found):.1%}"
    )

    if args.sweep:
        network = build_network(pairs, kinds)
        for resolution in (0.01, 0.02, 0.05, 0.1, 0.2):
            found = communities(network, resolution=resolution, min_size=1)
            biggest = max(len(c) for c in found)
            print(
                f"  CPM {resolution}: {recovered(groups, found):.1%} recovered, "
                f"{len(found):,} communities, largest {biggest}"
            )
        partition = network.graph.community_leiden(objective_function="modularity", n_iterations=-1)
        found = [list(c) for c in partition]
        print(
            f"  modularity: {recovered(groups, found):.1%} recovered, {len(found):,} "
            f"communities, median size {sorted(map(len, found))[len(found) // 2]}"
        )

    adversarial(args.seed, args.resolution)


if __name__ == "__main__":
    main()
