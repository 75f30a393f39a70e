"""Grouping scored records into children, without the database."""

from __future__ import annotations

from seemehearme.identity.clustering import Link, Via, resolve


def groups(resolution) -> list[set[int]]:
    return sorted(
        (set(members) for members in resolution.new_groups.values()), key=lambda g: min(g)
    )


def test_linked_records_make_one_new_child_and_weak_ones_do_not():
    resolution = resolve(
        records=[1, 2, 3, 4],
        current={},
        links=[
            Link(1, 2, Via.SCORE, 0.99),
            Link(2, 3, Via.SCORE, 0.97),
            Link(3, 4, Via.SCORE, 0.6),
        ],
        rejected=[],
        match_threshold=0.95,
    )
    assert groups(resolution) == [{1, 2, 3}, {4}]
    assert resolution.placements[1].via is None  # the first record starts the child
    assert resolution.placements[2].via is Via.SCORE


def test_a_rejected_pair_is_separated_by_cutting_the_weakest_links():
    resolution = resolve(
        records=[1, 2, 3],
        current={},
        links=[Link(1, 2, Via.SCORE, 0.99), Link(2, 3, Via.SCORE, 0.96)],
        rejected=[(1, 3)],
        match_threshold=0.95,
    )
    assert groups(resolution) == [{1, 2}, {3}]
    assert [(link.a, link.b) for link in resolution.cut] == [(2, 3)]


def test_forced_links_are_never_cut():
    resolution = resolve(
        records=[1, 2, 3],
        current={},
        links=[Link(1, 2, Via.IDENTIFIER), Link(2, 3, Via.ACCEPTED)],
        rejected=[(1, 3)],
        match_threshold=0.95,
    )
    assert groups(resolution) == [{1, 2, 3}]


def test_a_record_between_two_children_joins_the_closer_and_merges_nothing():
    resolution = resolve(
        records=[1, 2, 3],
        current={1: 10, 2: 20},
        links=[Link(3, 1, Via.SCORE, 0.99), Link(3, 2, Via.SCORE, 0.97)],
        rejected=[],
        match_threshold=0.95,
    )
    assert set(resolution.placements) == {3}
    assert resolution.placements[3].child == 10
    assert resolution.placements[3].linked_to == 1
    assert resolution.new_groups == {}


def test_different_national_numbers_keep_records_apart():
    resolution = resolve(
        records=[1, 2, 3],
        current={},
        links=[Link(1, 2, Via.SCORE, 0.99), Link(2, 3, Via.SCORE, 0.98)],
        rejected=[],
        match_threshold=0.95,
        numbers={1: ("9990000018", None), 3: ("9990000026", None)},
    )
    assert groups(resolution) == [{1, 2}, {3}]
