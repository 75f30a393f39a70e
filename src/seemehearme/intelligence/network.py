"""The network pages' answers, worded for one user: the analyses of ``seemehearme.networks``
on what the policy lets them see, with each node labelled as they may see it.

A node's label is read only for the nodes a page shows. A child is labelled through
``children_shown``: by name only through a working relationship (or break-glass), otherwise by
pseudonym, so a name, date of birth or postcode of a child the user does not work with never
reaches a page, the graph's JSON or the SVG: none of them is read.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.models import Entity, EntityKind, Relationship
from seemehearme.intelligence.selectors import ChildShown, children_shown, visible_associations
from seemehearme.networks.analysis import (
    BETWEENNESS_LIMIT,
    Network,
    betweenness,
    central_figures,
    children_sharing,
    communities,
    connected_groups,
    shortest_link,
)
from seemehearme.networks.loading import child_node, is_child, node_pk, user_network
from seemehearme.people.models import Child

# How many nodes a network page draws: a connected group up to this size, else the subject's
# neighbourhood (two steps, then one), cut to this many.
PICTURE_LIMIT = 150
LISTED = 20  # groups, communities and shared links listed on the overview
MEMBERS_LISTED = 12  # members named in one community's row

KIND_WORDS: dict[str, tuple[str, str]] = {
    "child": ("child", "children"),
    EntityKind.PERSON: ("person of concern", "persons of concern"),
    EntityKind.GROUP: ("group or gang", "groups or gangs"),
    EntityKind.PLACE: ("place", "places"),
    EntityKind.VEHICLE: ("vehicle", "vehicles"),
    EntityKind.PHONE: ("phone", "phones"),
    EntityKind.ACCOUNT: ("online account", "online accounts"),
}
ADULT_KINDS = tuple(kind for kind in KIND_WORDS if kind != "child")


def kind_word(kind: str, count: int = 1) -> str:
    singular, plural = KIND_WORDS[kind]
    return singular if count == 1 else plural


def kinds_summary(kinds: Iterable[str]) -> str:
    """ "3 persons of concern, 2 places and 4 children", in the order of ``KIND_WORDS``."""
    counts = Counter(kinds)
    parts = [f"{counts[k]} {kind_word(k, counts[k])}" for k in KIND_WORDS if counts[k]]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def node_key(node: int) -> str:
    """How a node is named in a URL or form: "e12" for entity 12, "c5" for child 5."""
    return f"c{node_pk(node)}" if is_child(node) else f"e{node}"


def parse_node_key(key: str) -> int | None:
    if len(key) < 2 or key[0] not in "ce" or not key[1:].isdigit():
        return None
    pk = int(key[1:])
    return child_node(pk) if key[0] == "c" else pk


@dataclass(frozen=True)
class Node:
    """One node as a page shows it."""

    node: int
    key: str
    kind: str
    label: str
    named_child: bool = False

    @property
    def kind_label(self) -> str:
        return kind_word(self.kind).capitalize()

    @property
    def is_child(self) -> bool:
        return self.kind == "child"


@dataclass
class Picture:
    """One user's network and the labels looked up so far (and so the children shown)."""

    user: StaffUser
    network: Network
    nodes: dict[int, Node] = field(default_factory=dict)
    children: dict[int, ChildShown] = field(default_factory=dict)

    def label(self, nodes: Iterable[Hashable]) -> list[Node]:
        """The nodes as the user may see them, looking up labels not yet known."""
        wanted = [int(n) for n in nodes]  # type: ignore[call-overload]
        missing = [n for n in wanted if n not in self.nodes]
        entity_ids = [n for n in missing if not is_child(n)]
        child_ids = [node_pk(n) for n in missing if is_child(n)]
        for pk, label in Entity.objects.filter(pk__in=entity_ids).values_list("pk", "label"):
            self.nodes[pk] = Node(pk, node_key(pk), self.network.kind(pk), label)
        if child_ids:
            shown = children_shown(
                self.user, Child.objects.filter(pk__in=child_ids).select_related("area")
            )
            self.children.update(shown)
            for pk, child in shown.items():
                node = child_node(pk)
                self.nodes[node] = Node(node, node_key(node), "child", child.label, child.named)
        return [self.nodes[n] for n in wanted]

    @property
    def named_children(self) -> list[ChildShown]:
        return [shown for shown in self.children.values() if shown.named]

    @property
    def pseudonymised_children(self) -> int:
        return sum(1 for shown in self.children.values() if not shown.named)


def picture_for(user: StaffUser) -> Picture:
    return Picture(user, user_network(user))


# --- The overview -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    number: int
    size: int
    kinds: str
    lead: Node  # its most central member by PageRank


@dataclass(frozen=True)
class CommunityRow:
    number: int
    size: int
    kinds: str
    members: list[Node]
    more: int


@dataclass(frozen=True)
class CentralRow:
    node: Node
    score: float


@dataclass(frozen=True)
class SharedRow:
    node: Node
    children: list[Node]


@dataclass(frozen=True)
class Overview:
    subjects: int
    links: int
    groups_count: int
    groups: list[GroupRow]
    central: list[CentralRow]
    communities_count: int
    communities: list[CommunityRow]
    shared: list[SharedRow]


def overview(picture: Picture) -> Overview:
    """Connected groups, central figures, communities and children sharing a subject."""
    network = picture.network
    graph = network.graph
    scores = graph.pagerank(directed=False) if graph.vcount() else []
    groups = connected_groups(network)
    leads = [max(group, key=lambda n: scores[network.index[n]]) for group in groups[:LISTED]]
    central = central_figures(network, top=10, kinds=ADULT_KINDS)
    found = communities(network)
    shared = children_sharing(network)[:LISTED]
    wanted: list[Hashable] = [*leads, *(n for n, _ in central)]
    for community in found[:LISTED]:
        wanted.extend(community[:MEMBERS_LISTED])
    for link in shared:
        wanted.extend((link.entity, *link.children))
    picture.label(wanted)
    nodes = picture.nodes
    return Overview(
        subjects=graph.vcount(),
        links=graph.ecount(),
        groups_count=len(groups),
        groups=[
            GroupRow(i, len(group), kinds_summary(map(network.kind, group)), nodes[int(lead)])  # type: ignore[call-overload]
            for i, (group, lead) in enumerate(zip(groups, leads, strict=False), start=1)
        ],
        central=[CentralRow(nodes[int(n)], score) for n, score in central],  # type: ignore[call-overload]
        communities_count=len(found),
        communities=[
            CommunityRow(
                i,
                len(community),
                kinds_summary(map(network.kind, community)),
                [nodes[int(n)] for n in community[:MEMBERS_LISTED]],  # type: ignore[call-overload]
                max(0, len(community) - MEMBERS_LISTED),
            )
            for i, community in enumerate(found[:LISTED], start=1)
        ],
        shared=[
            SharedRow(nodes[int(link.entity)], [nodes[int(c)] for c in link.children])  # type: ignore[call-overload]
            for link in shared
        ],
    )


# --- One subject's network --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    source: Node
    target: Node
    relationships: str


@dataclass(frozen=True)
class SubjectNetwork:
    """The nodes drawn around one subject: its whole connected group if small enough."""

    subject: Node
    whole_group: bool
    group_size: int
    steps: int  # when not the whole group: the neighbourhood's reach
    cut: bool  # the neighbourhood was cut to PICTURE_LIMIT nodes
    nodes: list[Node]
    links: list[LinkRow]
    brokers: list[tuple[Node, float]]
    kinds: str
    positions: list[tuple[float, float]]  # in the unit square, one per node


def _members(network: Network, start: int) -> tuple[list[int], bool, int, int, bool]:
    graph = network.graph
    group = graph.subcomponent(start)
    if len(group) <= PICTURE_LIMIT:
        return sorted(group), True, len(group), 0, False
    for steps in (2, 1):
        near = graph.neighborhood(start, order=steps)
        if len(near) <= PICTURE_LIMIT:
            return sorted(near), False, len(group), steps, False
    scores = graph.pagerank(directed=False)
    near = graph.neighborhood(start, order=1)
    rest = sorted((v for v in near if v != start), key=lambda v: (-scores[v], v))
    return sorted([start, *rest[: PICTURE_LIMIT - 1]]), False, len(group), 1, True


def _layout(graph: ig.Graph) -> list[tuple[float, float]]:
    """Fruchterman-Reingold positions scaled into the unit square, the same every time."""
    if graph.vcount() == 0:
        return []
    if graph.vcount() == 1:
        return [(0.5, 0.5)]
    ig.set_random_number_generator(random.Random(7))  # noqa: S311 - a drawing, not a secret
    try:
        coords = graph.layout_fruchterman_reingold(niter=500).coords
    finally:
        ig.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return [((x - min(xs)) / width, (y - min(ys)) / height) for x, y in coords]


def _relationships(
    user: StaffUser, members: set[int], pairs: Sequence[tuple[int, int]]
) -> dict[frozenset[int], str]:
    """The relationships behind each drawn link, from the visible current associations."""
    words = dict(Relationship.choices)
    entity_ids = [n for n in members if not is_child(n)]
    found: dict[frozenset[int], set[str]] = {}
    rows = (
        visible_associations(user)
        .filter(entity_id__in=entity_ids)
        .values_list("entity_id", "other_id", "child_id", "relationship")
    )
    for entity, other, child, relationship in rows:
        end = other if other is not None else child_node(child)
        if end in members:
            found.setdefault(frozenset((entity, end)), set()).add(words.get(relationship, ""))
    wanted = {frozenset(pair) for pair in pairs}
    return {pair: "; ".join(sorted(found.get(pair, ()))) for pair in wanted}


def subject_network(picture: Picture, node: int) -> SubjectNetwork:
    """The network drawn around ``node`` (which must be in the picture)."""
    network = picture.network
    start = network.index[node]
    members, whole, group_size, steps, cut = _members(network, start)
    sub = network.graph.induced_subgraph(members)
    ids = [int(network.ids[v]) for v in members]  # type: ignore[call-overload]
    nodes = picture.label(ids)
    pairs = [(ids[a], ids[b]) for a, b in sub.get_edgelist()]
    words = _relationships(picture.user, set(ids), pairs)
    by_id = dict(zip(ids, nodes, strict=True))
    links = [LinkRow(by_id[a], by_id[b], words[frozenset((a, b))]) for a, b in pairs]
    links.sort(key=lambda row: (row.source.label, row.target.label))
    brokers: list[tuple[Node, float]] = []
    if whole and len(members) <= BETWEENNESS_LIMIT:
        brokers = [(by_id[int(n)], s) for n, s in betweenness(network, ids, top=5) if s > 0]  # type: ignore[call-overload]
    return SubjectNetwork(
        subject=by_id[node],
        whole_group=whole,
        group_size=group_size,
        steps=steps,
        cut=cut,
        nodes=nodes,
        links=links,
        brokers=brokers,
        kinds=kinds_summary(n.kind for n in nodes),
        positions=_layout(sub),
    )


def graph_data(drawn: SubjectNetwork) -> dict[str, list[dict[str, object]]]:
    """The drawn network for Cytoscape.js: ids are positions in the list, never a record's id,
    and labels are what the page shows (a child's pseudonym unless named to this user)."""
    number = {node.node: f"n{i}" for i, node in enumerate(drawn.nodes)}
    return {
        "nodes": [
            {
                "data": {
                    "id": number[node.node],
                    "label": node.label,
                    "kind": node.kind,
                    "subject": node.node == drawn.subject.node,
                },
                "position": {"x": x * 600, "y": y * 450},
            }
            for node, (x, y) in zip(drawn.nodes, drawn.positions, strict=True)
        ],
        "edges": [
            {
                "data": {
                    "id": f"l{i}",
                    "source": number[link.source.node],
                    "target": number[link.target.node],
                    "label": link.relationships,
                }
            }
            for i, link in enumerate(drawn.links)
        ],
    }


# --- The shortest link ------------------------------------------------------------------------


def choices(picture: Picture) -> list[tuple[str, str]]:
    """Every linked subject for the shortest-link form, as (key, "label (kind)"), by label."""
    graph = picture.network.graph
    linked = [picture.network.ids[v] for v in range(graph.vcount()) if graph.degree(v)]
    nodes = picture.label(linked)
    nodes.sort(key=lambda n: (n.label.lower(), n.key))
    return [(n.key, f"{n.label} ({kind_word(n.kind)})") for n in nodes]


def chain(picture: Picture, source: int, target: int) -> list[Node] | None:
    """The shortest chain of subjects from ``source`` to ``target``, or None if unlinked."""
    path = shortest_link(picture.network, source, target)
    if path is None:
        return None
    return picture.label(n for n, _ in path)
