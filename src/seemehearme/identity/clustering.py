"""From scored pairs to children: which records go together, and to which child.

Pure Python on ids (no database), so the benchmark runs exactly what a link run runs.

Nodes are records (positive ids) and existing children (negative ids: ``-child_id``). Links
are the pairs scoring at least the match threshold, plus *forced* links that no score can
undo: the same NHS number or pupil number, a pair a reviewer accepted, a record and the child it
already belongs to, and a record and the child holding its identifier. Pairs a reviewer rejected
are forced *non*-links: where links still join them, the cheapest set of scored links that
separates them (a minimum cut, weighted by probability) is removed. Each group of linked records
then goes to its child: the one existing child in it; a new child if none; and if it holds two or
more, each new record goes to the child it is most strongly linked to (the children themselves
are never merged here: that is a reviewer's decision).
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx


class Via(StrEnum):
    """Why two nodes are linked."""

    SCORE = "score"
    IDENTIFIER = "identifier"
    ACCEPTED = "accepted"
    CURRENT = "current"  # a record already belongs to this child


FORCED = frozenset({Via.IDENTIFIER, Via.ACCEPTED, Via.CURRENT})


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    via: Via
    probability: float = 1.0

    @property
    def strength(self) -> float:
        """Forced links come before any score when growing a group from its child."""
        return 2.0 if self.via in FORCED else self.probability


@dataclass(frozen=True)
class Placement:
    """Where one new record goes: an existing child, or new child number ``new_group``; and
    the link it came in by (``via`` is None for the first record of a new child)."""

    child: int | None
    new_group: int | None
    via: Via | None
    probability: float | None
    linked_to: int | None


@dataclass
class Resolution:
    placements: dict[int, Placement] = field(default_factory=dict)
    new_groups: dict[int, list[int]] = field(default_factory=dict)
    cut: list[Link] = field(default_factory=list)  # scored links removed to honour rejections


class _Components:
    """Union-find over node ids (quicker and smaller than a graph library for the millions of
    links of a full run; networkx is used for the few groups that need cutting)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while node != root:
            node, parent[node] = parent.get(node, node), root
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, nodes: Iterable[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for node in nodes:
            found[self.find(node)].append(node)
        return found


def resolve(
    *,
    records: Sequence[int],
    current: dict[int, int],
    links: Iterable[Link],
    rejected: Iterable[tuple[int, int]],
    match_threshold: float,
    numbers: dict[int, tuple[str | None, ...]] | None = None,
) -> Resolution:
    """Place every record of ``records`` that has no child yet (``current`` maps records that
    have one to it, by positive child id).

    ``numbers`` gives records' national numbers (NHS number, pupil number): a child has one of
    each, so records with different numbers of a kind are kept apart like a rejected pair."""
    rejected_pairs = {frozenset(pair) for pair in rejected}
    adjacency: dict[int, list[Link]] = defaultdict(list)
    components = _Components()
    kept = [
        link
        for link in links
        if link.a != link.b
        and frozenset((link.a, link.b)) not in rejected_pairs
        and (link.via is not Via.SCORE or link.probability >= match_threshold)
    ]
    # A record in no link cannot change anyone's group: only the others need their child.
    linked = {node for link in kept for node in (link.a, link.b)}
    for record, child in current.items():
        if record in linked:
            kept.append(Link(record, -child, Via.CURRENT))
    for link in kept:
        adjacency[link.a].append(link)
        adjacency[link.b].append(link)
        components.union(link.a, link.b)

    resolution = Resolution()
    nodes = set(adjacency) | set(records)
    groups = list(components.groups(nodes).values())
    split: list[list[int]] = []
    for group in groups:
        members = set(group)
        inside = [pair for pair in rejected_pairs if pair <= members]
        if numbers and len(group) > 1:
            inside.extend(_different_numbers(group, numbers))
        if inside:
            split.extend(_separate(members, inside, adjacency, resolution))
        else:
            split.append(group)

    unplaced = set(records) - set(current)
    counter = itertools.count(1)
    for group in split:
        members = set(group)
        waiting = members & unplaced
        if not waiting:
            continue
        seeds = sorted(node for node in members if node < 0)
        new_group = None
        if not seeds:
            new_group = next(counter)
            first = min(waiting)
            seeds = [first]
            resolution.placements[first] = Placement(None, new_group, None, None, None)
            resolution.new_groups[new_group] = [first]
        _grow(seeds, members, adjacency, new_group, resolution, waiting)
    return resolution


def _different_numbers(
    group: list[int], numbers: dict[int, tuple[str | None, ...]]
) -> list[frozenset[int]]:
    """One pair of records for each two different numbers of a kind held in the group."""
    pairs: list[frozenset[int]] = []
    holders: dict[tuple[int, str], int] = {}
    for record in sorted(group):
        for kind, number in enumerate(numbers.get(record, ())):
            if number:
                holders.setdefault((kind, number), record)
    by_kind: dict[int, list[int]] = defaultdict(list)
    for (kind, _number), record in holders.items():
        by_kind[kind].append(record)
    for records in by_kind.values():
        pairs.extend(frozenset(pair) for pair in itertools.combinations(records, 2))
    return pairs


def _separate(
    members: set[int],
    inside: list[frozenset[int]],
    adjacency: dict[int, list[Link]],
    resolution: Resolution,
) -> list[list[int]]:
    """Cut the cheapest scored links so that no rejected pair is left in one group."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for node in members:
        for link in adjacency[node]:
            data = graph.get_edge_data(link.a, link.b)
            if data is not None and "capacity" not in data:
                continue  # already forced
            if link.via is Via.SCORE:
                capacity = max(link.probability, data["capacity"] if data else 0.0)
                graph.add_edge(link.a, link.b, capacity=capacity, link=link)
            else:
                graph.remove_edges_from([(link.a, link.b)])
                graph.add_edge(link.a, link.b, link=link)  # no capacity: never cut
    for pair in inside:
        a, b = tuple(pair)
        if not nx.has_path(graph, a, b):
            continue
        try:
            _, (side_a, side_b) = nx.minimum_cut(graph, a, b)
        except nx.NetworkXUnbounded:
            continue  # only forced links join them: the rejection cannot be honoured here
        for u in side_a:
            for v in list(graph.adj[u]):
                if v in side_b:
                    resolution.cut.append(graph.edges[u, v]["link"])
                    graph.remove_edge(u, v)
    for node in members:
        adjacency[node] = [link for link in adjacency[node] if graph.has_edge(link.a, link.b)]
    return [list(part) for part in nx.connected_components(graph)]


def _grow(
    seeds: list[int],
    members: set[int],
    adjacency: dict[int, list[Link]],
    new_group: int | None,
    resolution: Resolution,
    waiting: set[int],
) -> None:
    """Give each waiting record the seed it is most strongly linked to, growing outwards from
    the seeds along the strongest links first (a maximum spanning forest)."""
    owner: dict[int, int] = {seed: seed for seed in seeds}
    heap: list[tuple[float, int, int, int, Link]] = []
    order = itertools.count()

    def push(node: int) -> None:
        for link in adjacency[node]:
            other = link.b if link.a == node else link.a
            if other in members and other not in owner:
                heapq.heappush(heap, (-link.strength, next(order), other, node, link))

    for seed in seeds:
        push(seed)
    while heap:
        _, _, node, source, link = heapq.heappop(heap)
        if node in owner:
            continue
        owner[node] = owner[source]
        if node in waiting:
            seed = owner[node]
            child = -seed if seed < 0 else None
            group = None if child is not None else new_group
            resolution.placements[node] = Placement(
                child, group, link.via, link.probability, source if source > 0 else None
            )
            if group is not None:
                resolution.new_groups[group].append(node)
        push(node)
