"""Grouping scored records into children, without the database."""

from __future__ import annotations

from seemehearme.identity.clustering import Link, Via, resolve
from seemehearme.identity.numbers import Details


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
        details={1: numbered("9990000018"), 3: numbered("9990000026")},
    )
    assert groups(resolution) == [{1, 2}, {3}]


def numbered(nhs: str) -> Details:
    return Details(dob=None, given_key=None, family_name=None, numbers=(nhs, None))


def born(dob: str | None, nhs: str | None = None) -> Details:
    return Details(dob=dob, given_key="jordan", family_name="testchild", numbers=(nhs, None))


def test_a_record_with_no_date_of_birth_does_not_chain_two_children_born_on_different_days():
    # A and B are two children; X (no date of birth, an old postcode) is like both.
    a, x, b = 1, 2, 3
    resolution = resolve(
        records=[a, x, b],
        current={},
        links=[Link(a, x, Via.SCORE, 0.99), Link(x, b, Via.SCORE, 0.97)],
        rejected=[],
        match_threshold=0.95,
        details={a: born("2011-05-17"), x: born(None), b: born("2013-02-04")},
    )
    # X could be either child: it is left alone, and both its links go to a reviewer.
    assert groups(resolution) == [{a}, {x}, {b}]
    assert {(link.a, link.b) for link in resolution.cut} == {(a, x), (x, b)}


def test_a_record_with_no_date_of_birth_held_by_a_number_stays_where_the_number_puts_it():
    a, x, b = 1, 2, 3
    resolution = resolve(
        records=[a, x, b],
        current={},
        links=[Link(a, x, Via.IDENTIFIER), Link(x, b, Via.SCORE, 0.99)],
        rejected=[],
        match_threshold=0.95,
        details={a: born("2011-05-17"), x: born(None), b: born("2013-02-04")},
    )
    assert groups(resolution) == [{a, x}, {b}]
    assert [(link.a, link.b) for link in resolution.cut] == [(x, b)]


def test_swapped_day_and_month_or_one_digit_do_not_conflict():
    resolution = resolve(
        records=[1, 2, 3, 4, 5, 6],
        current={},
        links=[
            Link(1, 2, Via.SCORE, 0.99),
            Link(2, 3, Via.SCORE, 0.97),
            Link(4, 5, Via.SCORE, 0.99),
            Link(5, 6, Via.SCORE, 0.97),
        ],
        rejected=[],
        match_threshold=0.95,
        details={
            1: born("2011-05-07"),
            2: born(None),
            3: born("2011-07-05"),  # 1 with the day and month swapped
            4: born("2012-03-14"),
            5: born(None),
            6: born("2012-03-15"),  # 4 with one digit different
        },
    )
    assert groups(resolution) == [{1, 2, 3}, {4, 5, 6}]
    assert resolution.cut == []


def test_two_records_linked_directly_stand_whatever_their_dates_of_birth():
    resolution = resolve(
        records=[1, 2],
        current={},
        links=[Link(1, 2, Via.SCORE, 0.99)],
        rejected=[],
        match_threshold=0.95,
        details={1: born("2011-05-17"), 2: born("2011-08-02")},
    )
    assert groups(resolution) == [{1, 2}]


def test_a_group_is_split_again_until_no_part_holds_conflicting_dates():
    # A and C share a date of birth; B, between them through X and Y, was born on another day.
    a, x, b, y, c = 1, 2, 3, 4, 5
    resolution = resolve(
        records=[a, x, b, y, c],
        current={},
        links=[
            Link(a, x, Via.SCORE, 0.96),
            Link(x, b, Via.SCORE, 0.99),
            Link(b, y, Via.SCORE, 0.99),
            Link(y, c, Via.SCORE, 0.97),
        ],
        rejected=[],
        match_threshold=0.95,
        details={a: born("2011-05-17"), b: born("2014-01-30"), c: born("2011-05-17")},
    )
    assert groups(resolution) == [{a}, {x, b, y}, {c}]
    assert {(link.a, link.b) for link in resolution.cut} == {(a, x), (y, c)}


def test_different_numbers_do_not_separate_records_that_agree_on_everything_else():
    resolution = resolve(
        records=[1, 2],
        current={},
        links=[Link(1, 2, Via.SCORE, 0.97)],
        rejected=[],
        match_threshold=0.95,
        details={1: born("2011-05-17", "9990000018"), 2: born("2011-05-17", "9990000026")},
    )
    assert groups(resolution) == [{1, 2}]


def test_different_numbers_still_separate_records_that_differ_in_anything_else():
    other_family = Details("2011-05-17", "jordan", "otherfamily", ("9990000026", None))
    resolution = resolve(
        records=[1, 2],
        current={},
        links=[Link(1, 2, Via.SCORE, 0.97)],
        rejected=[],
        match_threshold=0.95,
        details={1: born("2011-05-17", "9990000018"), 2: other_family},
    )
    assert groups(resolution) == [{1}, {2}]


def test_a_new_record_chaining_two_existing_children_joins_one_and_the_cut_is_kept():
    # 1 belongs to child 10 (born one day), 2 to child 20 (born another); 3 has no date.
    resolution = resolve(
        records=[1, 2, 3],
        current={1: 10, 2: 20},
        links=[Link(3, 1, Via.SCORE, 0.99), Link(3, 2, Via.SCORE, 0.97)],
        rejected=[],
        match_threshold=0.95,
        details={1: born("2011-05-17"), 2: born("2012-09-30"), 3: born(None)},
    )
    # Record 3 could belong to either: it is left alone and both links kept for a reviewer.
    assert resolution.placements[3].child is None
    assert {(link.a, link.b) for link in resolution.cut} == {(3, 1), (3, 2)}


def _bridging(**kwargs):
    """Records 1 (child 10) and 2 (child 20), and new record 3 linked to both."""
    return resolve(
        records=[1, 2, 3],
        current={1: 10, 2: 20},
        links=[Link(3, 1, Via.SCORE, 0.99), Link(3, 2, Via.SCORE, 0.97)],
        match_threshold=0.95,
        **{"rejected": [], **kwargs},
    )


def test_children_without_case_work_that_a_record_joins_are_merged_into_the_oldest():
    resolution = _bridging(mergeable={10, 20})
    assert resolution.merges == {20: 10}
    assert resolution.placements[3].child == 10


def test_a_child_with_case_work_takes_the_other_and_two_with_it_merge_nothing():
    assert _bridging(mergeable={10}).merges == {10: 20}
    assert _bridging(mergeable=set()).merges == {}


def test_children_a_reviewer_kept_apart_are_not_merged():
    resolution = _bridging(mergeable={10, 20}, rejected=[(1, 2)])
    assert resolution.merges == {}


def test_children_whose_records_conflict_are_not_merged_through_a_record():
    details = {
        1: Details("2011-05-17", "jordan", "testchild", (None, None)),
        2: Details("2008-01-30", "jordan", "testchild", (None, None)),
        3: Details(None, "jordan", "testchild", (None, None)),
    }
    resolution = _bridging(mergeable={10, 20}, details=details)
    assert resolution.merges == {}
    assert resolution.placements[3].child is None  # it could be either child's
