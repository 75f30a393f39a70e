"""Graph building and the analyses an analyst asks for, on python-igraph."""

from __future__ import annotations

import heapq
import random
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import igraph as ig

KINDS = ("child", "person", "place", "vehicle", "phone", "account", "group")

# CPM's resolution is a density: a community is kept only where its members are linked more
# densely than this. 0.05 recovers planted groups of 5 to 40 (bench/network_bench.py).
DEFAULT_RESOLUTION = 0.05
# Exact betweenness is O(nodes x links); above this many nodes it is not offered.
BETWEENNESS_LIMIT = 5_000


@dataclass(frozen=True)
class Network:
    """An undirected graph of entities; vertex i is ``ids[i]`` of kind ``kinds[i]``."""

    graph: ig.Graph
    ids: tuple[Hashable, ...]
    kinds: tuple[str, ...]
    index: Mapping[Hashable, int]

    def kind(self, node: Hashable) -> str:
        return self.kinds[self.index[node]]


@dataclass(frozen=True)
class SharedLink:
    """An entity (adult, place, vehicle...) linked to two or more children."""

    entity: Hashable
    kind: str
    children: tuple[Hashable, ...]


def build_network(
    pairs: Iterable[tuple[Hashable, Hashable]], kinds: Mapping[Hashable, str]
) -> Network:
    """Build a network from association pairs; every id in ``kinds`` is a node, linked or not.

    Repeated associations between the same two nodes count once, and self-links are dropped.
    """
    index: dict[Hashable, int] = {node: i for i, node in enumerate(kinds)}
    try:
        edges = [(index[a], index[b]) for a, b in pairs]
    except KeyError as missing:
        raise KeyError(f"association names a node with no kind: {missing.args[0]!r}") from None
    kind_list = tuple(kinds.values())
    bad = set(kind_list) - set(KINDS)
    if bad:
        raise ValueError(f"unknown node kinds: {sorted(bad)}")
    graph = ig.Graph(n=len(index), edges=edges, directed=False)
    graph.simplify(multiple=True, loops=True)
    return Network(graph=graph, ids=tuple(index), kinds=kind_list, index=index)


def _ids(network: Network, members: Iterable[int]) -> list[Hashable]:
    return [network.ids[v] for v in members]


def connected_groups(network: Network, min_size: int = 2) -> list[list[Hashable]]:
    """Sets of nodes linked to each other by any chain, largest first."""
    groups = [c for c in network.graph.connected_components() if len(c) >= min_size]
    groups.sort(key=len, reverse=True)
    return [_ids(network, c) for c in groups]


def central_figures(
    network: Network, top: int = 10, kinds: Sequence[str] | None = None
) -> list[tuple[Hashable, float]]:
    """The ``top`` nodes by PageRank (optionally only of the given kinds), highest first."""
    scores = network.graph.pagerank(directed=False)
    wanted: Iterable[int] = range(len(scores))
    if kinds is not None:
        wanted = [v for v in wanted if network.kinds[v] in kinds]
    ranked = heapq.nsmallest(top, wanted, key=lambda v: (-scores[v], v))
    return [(network.ids[v], scores[v]) for v in ranked]


def betweenness(
    network: Network, component: Iterable[Hashable], top: int = 10
) -> list[tuple[Hashable, float]]:
    """The ``top`` brokers of one connected group by (exact) betweenness, highest first.

    Refused above ``BETWEENNESS_LIMIT`` nodes: on the whole graph it would take hours.
    """
    members = [network.index[node] for node in component]
    if len(members) > BETWEENNESS_LIMIT:
        raise ValueError(f"betweenness is limited to {BETWEENNESS_LIMIT} nodes")
    sub = network.graph.induced_subgraph(members)
    scores = sub.betweenness(directed=False)
    ranked = sorted(range(len(members)), key=lambda v: (-scores[v], v))[:top]
    return [(network.ids[members[v]], scores[v]) for v in ranked]


def communities(
    network: Network,
    resolution: float = DEFAULT_RESOLUTION,
    seed: int = 0,
    min_size: int = 2,
    iterations: int = 2,
) -> list[list[Hashable]]:
    """Densely linked sets of nodes (Leiden, Constant Potts Model), largest first.

    CPM rather than modularity: modularity's resolution limit merges small groups into
    communities tens of times their size on a large graph. Two Leiden iterations (igraph's
    default) recover as many planted groups as iterating to convergence, in less time.
    Deterministic for a given seed.
    """
    ig.set_random_number_generator(random.Random(seed))  # noqa: S311 - reproducible, not secret
    try:
        partition = network.graph.community_leiden(
            objective_function="CPM", resolution=resolution, n_iterations=iterations
        )
    finally:
        ig.set_random_number_generator(random)
    found = [c for c in partition if len(c) >= min_size]
    found.sort(key=len, reverse=True)
    return [_ids(network, c) for c in found]


def shortest_link(
    network: Network, source: Hashable, target: Hashable
) -> list[tuple[Hashable, str]] | None:
    """The shortest chain of nodes from ``source`` to ``target`` with their kinds, or None."""
    start, end = network.index[source], network.index[target]
    with warnings.catch_warnings():  # igraph warns when there is no path; None says so
        warnings.simplefilter("ignore", RuntimeWarning)
        path = network.graph.get_shortest_path(start, end)
    if not path:
        return None
    return [(network.ids[v], network.kinds[v]) for v in path]


def children_sharing(
    network: Network,
    kinds: Sequence[str] = ("person", "place", "vehicle", "phone", "account", "group"),
) -> list[SharedLink]:
    """Entities of the given kinds linked directly to two or more children, most children first."""
    graph = network.graph
    node_kinds = network.kinds
    shared = []
    for v, kind in enumerate(node_kinds):
        if kind not in kinds:
            continue
        children = [u for u in graph.neighbors(v) if node_kinds[u] == "child"]
        if len(children) >= 2:
            shared.append(SharedLink(network.ids[v], kind, tuple(_ids(network, sorted(children)))))
    shared.sort(key=lambda link: (-len(link.children), str(link.entity)))
    return shared
