"""Graph analyses on small graphs with known answers."""

from __future__ import annotations

import itertools

import pytest

from seemehearme.networks import (
    SharedLink,
    betweenness,
    build_network,
    central_figures,
    children_sharing,
    communities,
    connected_groups,
    shortest_link,
)


def test_two_components_are_two_connected_groups():
    kinds = {n: "person" for n in "abcdef"}
    network = build_network([("a", "b"), ("b", "c"), ("d", "e")], kinds)

    groups = connected_groups(network)

    assert [sorted(g) for g in groups] == [["a", "b", "c"], ["d", "e"]]
    assert connected_groups(network, min_size=1)[-1] == ["f"]


def test_a_stars_centre_is_the_most_central():
    kinds = {"hub": "place"} | {f"c{i}": "child" for i in range(6)}
    network = build_network([("hub", f"c{i}") for i in range(6)], kinds)

    assert central_figures(network, top=1)[0][0] == "hub"
    assert betweenness(network, connected_groups(network)[0], top=1)[0] == ("hub", 15.0)
    assert central_figures(network, top=1, kinds=["child"])[0][0] != "hub"


def test_two_cliques_joined_by_one_edge_are_two_communities():
    left, right = [f"l{i}" for i in range(6)], [f"r{i}" for i in range(6)]
    pairs = [*itertools.combinations(left, 2), *itertools.combinations(right, 2), ("l0", "r0")]
    network = build_network(pairs, dict.fromkeys(left + right, "person"))

    found = communities(network)

    assert sorted(sorted(c) for c in found) == [sorted(left), sorted(right)]
    assert communities(network, seed=3) == communities(network, seed=3)


def test_shortest_link_follows_the_known_route_with_kinds():
    kinds = {"c1": "child", "car": "vehicle", "adult": "person", "flat": "place", "c2": "child"}
    pairs = [("c1", "car"), ("car", "adult"), ("adult", "flat"), ("flat", "c2"), ("c1", "flat")]
    network = build_network(pairs, kinds)

    assert shortest_link(network, "c1", "c2") == [
        ("c1", "child"),
        ("flat", "place"),
        ("c2", "child"),
    ]
    assert shortest_link(network, "car", "flat") == [
        ("car", "vehicle"),
        ("c1", "child"),
        ("flat", "place"),
    ] or shortest_link(network, "car", "flat") == [
        ("car", "vehicle"),
        ("adult", "person"),
        ("flat", "place"),
    ]


def test_no_link_between_separate_groups():
    network = build_network([("a", "b")], {"a": "person", "b": "person", "c": "child"})

    assert shortest_link(network, "a", "c") is None


def test_two_children_sharing_one_car():
    kinds = {"c1": "child", "c2": "child", "c3": "child", "car": "vehicle", "home": "place"}
    pairs = [("c1", "car"), ("c2", "car"), ("c3", "home"), ("c1", "c2")]
    network = build_network(pairs, kinds)

    assert children_sharing(network) == [SharedLink("car", "vehicle", ("c1", "c2"))]


def test_repeated_associations_and_self_links_count_once():
    network = build_network([("a", "b"), ("b", "a"), ("a", "a")], {"a": "person", "b": "phone"})

    assert network.graph.ecount() == 1


def test_an_association_with_an_unknown_node_or_kind_is_refused():
    with pytest.raises(KeyError):
        build_network([("a", "z")], {"a": "person"})
    with pytest.raises(ValueError, match="unknown node kinds"):
        build_network([], {"a": "alien"})


def test_betweenness_is_refused_on_a_huge_component(monkeypatch):
    monkeypatch.setattr("seemehearme.networks.analysis.BETWEENNESS_LIMIT", 2)
    network = build_network([("a", "b"), ("b", "c")], dict.fromkeys("abc", "person"))

    with pytest.raises(ValueError, match="limited"):
        betweenness(network, ["a", "b", "c"])
