"""Building a ``Network`` from the intelligence tables: what one user may see, or a whole area.

Only ids and kinds are read (``values_list``, no model instances), so a partnership's whole
picture loads from two queries however large it is. Node ids are integers: an entity is its
primary key, a child the negative of theirs (``entity_node`` / ``child_node``), so the graph
never holds a name and building it stays cheap. Labels are looked up afterwards for the few
nodes a page shows (``seemehearme.intelligence.network`` does that, through the policy).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import igraph as ig
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.models import Association, Entity
from seemehearme.intelligence.selectors import visible_associations, visible_entities
from seemehearme.networks.analysis import KINDS, Network

CHILD = "child"


def entity_node(pk: int) -> int:
    return pk


def child_node(pk: int) -> int:
    return -pk


def is_child(node: int) -> bool:
    return node < 0


def node_pk(node: int) -> int:
    """The entity's or child's primary key."""
    return -node if node < 0 else node


def network_from_rows(
    entities: Iterable[tuple[int, str]], links: Iterable[tuple[int, int | None, int | None]]
) -> Network:
    """A network from (entity id, kind) rows and (entity id, other entity id, child id) rows.

    Every entity is a node, linked or not; a child is a node only through a link. A link whose
    entity (or other entity) is not among ``entities`` is left out: the user cannot see it, or
    it was merged into another record. Repeated links count once. The same graph as
    ``build_network`` makes, built in one pass over the links (a million of them load in about
    a second less than through ``build_network``)."""
    index: dict[Hashable, int] = {}
    kinds: list[str] = []
    for pk, kind in entities:
        index[pk] = len(kinds)
        kinds.append(kind)
    bad = set(kinds) - set(KINDS)
    if bad:
        raise ValueError(f"unknown node kinds: {sorted(bad)}")
    edges: list[tuple[int, int]] = []
    append = edges.append
    find = index.get
    for entity, other, child in links:
        a = find(entity)
        if a is None:
            continue
        if other is not None:
            b = find(other)
            if b is None:
                continue
        elif child is not None:
            b = find(-child)
            if b is None:
                b = index[-child] = len(kinds)
                kinds.append(CHILD)
        else:
            continue
        append((a, b))
    graph = ig.Graph(n=len(kinds), edges=edges, directed=False)
    graph.simplify(multiple=True, loops=True)
    return Network(graph=graph, ids=tuple(index), kinds=tuple(kinds), index=index)


def _fetch(rows: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """All of a ``values_list`` query's rows in one fetch: Django's own iteration fetches 100
    rows at a time, which costs about half a second a million rows. Only for plain columns
    (ids and strings), which need no conversion."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # ``.none()``: the policy allows nothing
        return []
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rows(
    entities: QuerySet[Entity], associations: QuerySet[Association]
) -> tuple[list[tuple[int, str]], list[tuple[int, int | None, int | None]]]:
    return (
        _fetch(entities.order_by().values_list("pk", "kind")),
        _fetch(associations.order_by().values_list("entity_id", "other_id", "child_id")),
    )


def user_network(user: StaffUser) -> Network:
    """The network of everything ``user`` may see: the current associations the policy shares
    with them whose entities they may also see, and those entities. Empty for a user who does
    not work with intelligence."""
    return network_from_rows(*_rows(visible_entities(user), visible_associations(user)))


def area_network(area_id: int) -> Network:
    """A whole partnership's network, without the per-user policy (for the benchmark and for
    checks): its entities that are not merged, and its current associations."""
    entities = Entity.objects.filter(area_id=area_id, merged_into__isnull=True)
    associations = Association.objects.current().filter(area_id=area_id)
    return network_from_rows(*_rows(entities, associations))
