"""From scored pairs to children: which records go together, and to which child.

Pure Python on ids (no database), so the benchmark runs exactly what a link run runs.

Nodes are records (positive ids) and existing children (negative ids: ``-child_id``). Links
are the pairs scoring at least the match threshold, plus *forced* links that no score can
undo: the same valid NHS number or pupil number (with alike details), a pair a reviewer
accepted, a record and the child it already belongs to, and a record and the child holding its
identifier. Pairs a reviewer rejected (and pairs the engine holds apart for review) are forced
*non*-links: where links still join them, the cheapest set of scored links that separates them
(a minimum cut, weighted by probability) is removed. So are pairs that cannot be one child
(``_conflicts``: conflicting dates of birth, different numbers), so that a chain of links
through a record with few details never joins two children. Each group of linked records
then goes to its child: the one existing child in it; a new child if none; and if it holds two or
more, each new record goes to the child it is most strongly linked to (the children themselves
are never merged here: that is a reviewer's decision).
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from seemehearme.identity.numbers import Details, dates_conflict


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
    # Existing children whose records now belong with another's: merged child id -> the child
    # it is merged into (positive ids). Only children in ``mergeable`` are ever merged.
    merges: dict[int, int] = field(default_factory=dict)


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
    details: dict[int, Details] | None = None,
    mergeable: Collection[int] = (),
) -> Resolution:
    """Place every record of ``records`` that has no child yet (``current`` maps records that
    have one to it, by positive child id).

    ``details`` gives records' dates of birth, names and valid national numbers. A group must
    hold together (see ``_conflicts``): two records in it with conflicting dates of birth (that
    are not linked to each other directly), or with different numbers of a kind (unless all else
    agrees), are kept apart like a rejected pair, cutting the group along its weakest scored
    links.

    Existing children (by positive id) in ``mergeable`` (those no one has recorded case work
    about) that end up in one group are merged into one (``Resolution.merges``), so that linking
    the records one import at a time ends with the same children as one run over them all. A
    group that holds two or more children with case work merges none of them."""
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
    # A record in no link cannot change anyone's group: only the others need their child. When
    # children may merge, every record of a child in a link comes too, so that the checks that a
    # group holds together see all of each child's dates of birth and numbers.
    linked = {node for link in kept for node in (link.a, link.b)}
    if mergeable:
        reached = {-node for node in linked if node < 0}
        reached.update(current[node] for node in linked if node in current)
        linked.update(record for record, child in current.items() if child in reached)
    for record, child in current.items():
        if record in linked:
            kept.append(Link(record, -child, Via.CURRENT))
    for link in kept:
        adjacency[link.a].append(link)
        adjacency[link.b].append(link)
        components.union(link.a, link.b)

    resolution = Resolution()
    unplaced = set(records) - set(current)
    nodes = set(adjacency) | set(records)
    rejected_of: dict[int, list[frozenset[int]]] = defaultdict(list)
    for pair in rejected_pairs:
        rejected_of[min(pair)].append(pair)
    split: list[list[int]] = []
    for group in components.groups(nodes).values():
        if len(group) == 1 or not (unplaced.intersection(group) or _merging(group, mergeable)):
            split.append(group)  # nothing in it to place or merge
            continue
        members = set(group)
        inside = {pair for node in group for pair in rejected_of.get(node, ()) if pair <= members}
        split.extend(_cohesive(group, inside, details or {}, adjacency, resolution))

    # Children with a rejected pair between their records are never merged by a run.
    apart = {
        frozenset((-current[a], -current[b]))
        for a, b in (tuple(pair) for pair in rejected_pairs)
        if a in current and b in current
    }
    counter = itertools.count(1)
    for group in split:
        members = set(group)
        waiting = members & unplaced
        seeds = sorted(node for node in members if node < 0)
        if _merging(group, mergeable):
            seeds = _merge(seeds, mergeable, apart, resolution)
        if not waiting:
            continue
        new_group = None
        if not seeds:
            new_group = next(counter)
            first = min(waiting)
            seeds = [first]
            resolution.placements[first] = Placement(None, new_group, None, None, None)
            resolution.new_groups[new_group] = [first]
        _grow(seeds, members, adjacency, new_group, resolution, waiting)
    return resolution


def _merging(group: list[int], mergeable: Collection[int]) -> bool:
    """Whether the group holds two or more children, at least one of which may be merged."""
    children = [-node for node in group if node < 0]
    return len(children) > 1 and any(child in mergeable for child in children)


def _merge(
    seeds: list[int],
    mergeable: Collection[int],
    apart: set[frozenset[int]],
    resolution: Resolution,
) -> list[int]:
    """Merge the group's children into one: into the one with case work if there is one (none
    are merged if two have), otherwise into the oldest; but not a child with a record a
    reviewer said is a different child from one of the other's. Returns the seeds left."""
    kept = [seed for seed in seeds if -seed not in mergeable]
    if len(kept) > 1:
        return seeds
    survivor = kept[0] if kept else max(seeds)  # seeds are -child_id: max is the oldest
    left = [survivor]
    for seed in seeds:
        if seed == survivor:
            continue
        if frozenset((seed, survivor)) in apart:
            left.append(seed)
        else:
            resolution.merges[-seed] = -survivor
    return left


def _cohesive(
    group: list[int],
    rejected: set[frozenset[int]],
    details: dict[int, Details],
    adjacency: dict[int, list[Link]],
    resolution: Resolution,
) -> list[list[int]]:
    """Split a group until no part holds a rejected pair or a conflict (``_conflicts``) that
    scored links could be cut to separate. Each round cuts the pairs found (a minimum cut) and
    looks again at the parts, since a cut between two records may leave a third like one of
    them beside the other."""
    done: list[list[int]] = []
    tried: set[frozenset[int]] = set()
    pending = [group]
    while pending:
        part = pending.pop()
        members = set(part)
        inside = [pair for pair in rejected if pair <= members and pair not in tried]
        inside.extend(_conflicts(members, details, adjacency, tried | set(inside)))
        if not inside:
            done.append(part)
            continue
        tried.update(inside)
        cut_before = len(resolution.cut)
        parts = _separate(members, inside, adjacency, resolution)
        parts = _undecided_apart(parts, resolution.cut[cut_before:], details, adjacency, resolution)
        if len(parts) == 1:
            done.append(parts[0])  # only forced links hold it together: nothing to cut
        else:
            pending.extend(parts)
    return done


def _undecided_apart(
    parts: list[list[int]],
    cut: list[Link],
    details: dict[int, Details],
    adjacency: dict[int, list[Link]],
    resolution: Resolution,
) -> list[list[int]]:
    """A record with no date of birth whose scored links were cut between two parts that cannot
    be one child (say two brothers with the same name) could belong to either: rather than
    leave it where the cut fell, take it out of both, unless a forced link (a number, a
    reviewer) holds it. It goes to a reviewer by its cut links and is listed while alone."""
    undecided = {
        node
        for link in cut
        for node in (link.a, link.b)
        if node > 0 and node in details and details[node].dob is None
    }
    if not undecided:
        return parts
    result: list[list[int]] = []
    for part in parts:
        loose = [
            node
            for node in part
            if node in undecided and all(link.via is Via.SCORE for link in adjacency[node])
        ]
        if not loose or len(part) == 1:
            result.append(part)
            continue
        for node in loose:
            for link in adjacency[node]:
                resolution.cut.append(link)
                other = link.b if link.a == node else link.a
                adjacency[other] = [kept for kept in adjacency[other] if kept is not link]
            adjacency[node] = []
            result.append([node])
        rest = set(part) - set(loose)
        result.extend(_connected(rest, adjacency))
    return result


def _connected(members: set[int], adjacency: dict[int, list[Link]]) -> list[list[int]]:
    """The connected parts of ``members`` by their links."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(
        (link.a, link.b)
        for node in members
        for link in adjacency[node]
        if link.a in members and link.b in members
    )
    return [list(part) for part in nx.connected_components(graph)]


def _conflicts(
    members: set[int],
    details: dict[int, Details],
    adjacency: dict[int, list[Link]],
    skip: set[frozenset[int]],
) -> list[frozenset[int]]:
    """Pairs of records in ``members`` that cannot be one child: dates of birth that conflict
    (``numbers.dates_conflict``: a chain of links through a record with no date of birth, or an
    old postcode, must not join two children born on different days; two records linked to
    each other directly are the model's own judgement and stand), or different valid numbers
    of a kind without everything else agreeing. At most one pair for each two conflicting
    values, so a big group costs little."""
    found: list[frozenset[int]] = []
    records = sorted(node for node in members if node > 0 and node in details)
    by_dob: dict[str, list[int]] = defaultdict(list)
    for record in records:
        dob = details[record].dob
        if dob:
            by_dob[dob].append(record)
    for x, y in itertools.combinations(sorted(by_dob), 2):
        if dates_conflict(x, y):
            pair = _first_pair(
                by_dob[x], by_dob[y], skip, lambda a, b: not _direct(a, b, adjacency)
            )
            if pair is not None:
                found.append(pair)
    kinds = max((len(details[record].numbers) for record in records), default=0)
    for kind in range(kinds):
        by_number: dict[str, list[int]] = defaultdict(list)
        for record in records:
            number = details[record].numbers[kind]
            if number:
                by_number[number].append(record)
        for x, y in itertools.combinations(sorted(by_number), 2):
            pair = _first_pair(
                by_number[x],
                by_number[y],
                skip,
                lambda a, b: not details[a].agree_on_everything_else(details[b]),
            )
            if pair is not None:
                found.append(pair)
    return found


def _first_pair(
    left: list[int],
    right: list[int],
    skip: set[frozenset[int]],
    conflicting: Callable[[int, int], bool],
) -> frozenset[int] | None:
    for a in left:
        for b in right:
            pair = frozenset((a, b))
            if pair not in skip and conflicting(a, b):
                return pair
    return None


def _direct(a: int, b: int, adjacency: dict[int, list[Link]]) -> bool:
    return any(link.b == b or link.a == b for link in adjacency[a])


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
