"""Network analysis of intelligence associations (issue 9, part 5), on python-igraph.

A network is built from (id, id) association pairs and the kind of each node (child, person,
place, vehicle, phone, account, group). Every result refers to node ids only: the caller maps
ids to what the user may see (a name or a pseudonym), so nothing here needs the access policy.
See docs/adr/0014-network-analysis-with-igraph.md for why igraph and why CPM.
"""

from seemehearme.networks.analysis import (
    KINDS,
    Network,
    SharedLink,
    betweenness,
    build_network,
    central_figures,
    children_sharing,
    communities,
    connected_groups,
    shortest_link,
)

__all__ = [
    "KINDS",
    "Network",
    "SharedLink",
    "betweenness",
    "build_network",
    "central_figures",
    "children_sharing",
    "communities",
    "connected_groups",
    "shortest_link",
]
