"""Building a ``Network`` from the intelligence tables: what one user may see, or a whole area.

Only ids and kinds are read (``values_list``, no model instances), so a partnership's whole
picture loads from two queries however large it is. Node ids are integers: an entity is its
primary key, a child the negative of theirs (``entity_node`` / ``child_node``), so the graph
never holds a name and building it stays cheap. Labels are looked up afterwards for the few
nodes a page shows (``seemehearme.intelligence.network`` does that, through the policy).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import cast

from django.db.models import QuerySet

from seemehearme.areas.models import StaffUser
from seemehearme.intelligence.models import Association, Entity
from seemehearme.intelligence.selectors import visible_associations, visible_entities
from seemehearme.networks.analysis import Network, build_network

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
    it was merged into another record."""
    kinds: dict[int, str] = dict(entities)
    pairs: list[tuple[int, int]] = []
    children: set[int] = set()
    append = pairs.append
    for entity, other, child in links:
        if entity not in kinds:
            continue
        if other is not None:
            if other in kinds:
                append((entity, other))
        elif child is not None:
            node = -child
            children.add(node)
            append((entity, node))
    kinds.update(dict.fromkeys(children, CHILD))
    return build_network(pairs, cast("dict[Hashable, str]", kinds))


def _rows(
    entities: QuerySet[Entity], associations: QuerySet[Association]
) -> tuple[Iterable[tuple[int, str]], Iterable[tuple[int, int | None, int | None]]]:
    # Plain querysets: on PostgreSQL a server-side cursor (``iterator``) was slower.
    return (
        entities.order_by().values_list("pk", "kind"),
        associations.order_by().values_list("entity_id", "other_id", "child_id"),
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
