"""Numbers as very strong evidence rather than proof, through the engine (no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from seemehearme.identity.clustering import Link, Via
from seemehearme.identity.engine import (
    EngineResult,
    _three_apart,
    link_records,
    linkable,
    may_link_by_score,
    worth_review,
)
from seemehearme.identity.matching import INPUT_SCHEMA, stored_parameters

BORN = dt.date(2011, 5, 17)


def record(uid: int, **details: Any) -> dict[str, Any]:
    """Jordan Testchild, born 17 May 2011, unless told."""
    return {
        "uid": uid,
        "given_name": "Jordan",
        "family_name": "Testchild",
        "date_of_birth": BORN,
        "gender": "female",
        "postcode": "ZZ1 1AA",
        "school": "",
        "nhs_number": "",
        "upn": "",
        **details,
    }


# Strangers around the records being tested, so the area is not only them (as in life).
STRANGERS = [
    record(
        1000 + n,
        given_name=name,
        family_name=f"Other{n}",
        date_of_birth=dt.date(2010, 1 + n % 12, 1 + n % 28),
        postcode=f"ZZ{n % 9 + 1} {n % 9 + 1}BB",
    )
    for n, name in enumerate(["Ava", "Noah", "Mia", "Leo", "Ivy", "Kai", "Zara", "Finn"] * 5)
]


def run(*rows: dict[str, Any]) -> EngineResult:
    table = pa.Table.from_pylist([*rows, *STRANGERS], schema=INPUT_SCHEMA)
    return link_records(
        table, parameters=stored_parameters(), match_threshold=0.95, review_threshold=0.5
    )


def child_of(result: EngineResult, uid: int) -> int | None:
    for group, members in result.resolution.new_groups.items():
        if uid in members:
            return group
    return None


def pair_scored(result: EngineResult, a: int, b: int) -> bool:
    pairs = zip(
        result.pairs["unique_id_l"].to_pylist(),
        result.pairs["unique_id_r"].to_pylist(),
        strict=True,
    )
    return (min(a, b), max(a, b)) in set(pairs)


def test_a_siblings_nhs_number_does_not_merge_two_children_and_the_pair_goes_to_review():
    jordan = record(1, nhs_number="9990000018")
    jordan_at_school = record(2, school="Testshire Academy")
    # Casey's health record carries Jordan's NHS number by mistake.
    casey = record(
        3, given_name="Casey", date_of_birth=dt.date(2014, 9, 2), nhs_number="9990000018"
    )

    result = run(jordan, jordan_at_school, casey)

    assert child_of(result, 1) == child_of(result, 2)
    assert child_of(result, 3) not in (None, child_of(result, 1))
    assert result.numbers.held == [(1, 3)]
    assert pair_scored(result, 1, 3)  # so a reviewer sees it


def test_a_pair_held_back_by_its_number_and_accepted_by_a_reviewer_is_linked():
    jordan = record(1, nhs_number="9990000018")
    renamed = record(
        2, given_name="Casey", date_of_birth=dt.date(2014, 9, 2), nhs_number="9990000018"
    )
    table = pa.Table.from_pylist([jordan, renamed, *STRANGERS], schema=INPUT_SCHEMA)

    result = link_records(
        table,
        parameters=stored_parameters(),
        match_threshold=0.95,
        review_threshold=0.5,
        forced=[Link(1, 2, Via.ACCEPTED)],
    )

    assert result.numbers.held == []
    assert child_of(result, 1) == child_of(result, 2) is not None


def test_the_same_nhs_number_with_a_nickname_and_swapped_date_is_still_forced():
    william = record(
        1,
        given_name="William",
        family_name="Smith",
        date_of_birth=dt.date(2011, 5, 7),
        nhs_number="9990000018",
    )
    bill = record(
        2,
        given_name="Bill",
        family_name="Jones",  # a new family name
        date_of_birth=dt.date(2011, 7, 5),
        postcode="ZZ9 9ZZ",
        nhs_number="9990000018",
    )

    result = run(william, bill)

    assert child_of(result, 1) == child_of(result, 2) is not None
    assert result.resolution.placements[2].via is Via.IDENTIFIER
    assert result.numbers.held == []


def test_an_nhs_number_failing_its_check_digit_is_ignored_and_flagged():
    # Two different children whose records carry the same mistyped number.
    first = record(1, nhs_number="9990000019")
    second = record(
        2,
        given_name="Casey",
        family_name="Elsewhere",
        date_of_birth=dt.date(2014, 9, 2),
        nhs_number="9990000019",
    )
    # One child whose records have its number and the number mistyped: not kept apart.
    third = record(
        3, given_name="Riley", date_of_birth=dt.date(2012, 1, 30), nhs_number="9990000026"
    )
    fourth = record(
        4, given_name="Riley", date_of_birth=dt.date(2012, 1, 30), nhs_number="9990000062"
    )

    result = run(first, second, third, fourth)

    assert child_of(result, 1) != child_of(result, 2)
    assert child_of(result, 3) == child_of(result, 4) is not None
    assert result.numbers.invalid_nhs == {1, 2, 4}
    prepared = dict(
        zip(
            result.prepared["unique_id"].to_pylist(),
            result.prepared["nhs_number"].to_pylist(),
            strict=True,
        )
    )
    assert prepared[1] is None
    assert prepared[3] == "9990000026"


def test_different_nhs_numbers_do_not_keep_apart_records_alike_in_everything_else():
    result = run(record(1, nhs_number="9990000018"), record(2, nhs_number="9990000026"))

    assert child_of(result, 1) == child_of(result, 2) is not None


def test_different_nhs_numbers_keep_apart_records_that_differ_otherwise():
    result = run(
        record(1, nhs_number="9990000018"),
        record(2, nhs_number="9990000026", given_name="Jordon"),
    )

    assert child_of(result, 1) != child_of(result, 2)


def test_a_record_with_no_date_of_birth_does_not_chain_two_children():
    # A and B: two children with the same name at one address, born years apart. X has no
    # date of birth and is like both.
    a = record(1, school="Testshire Academy", gender="female")
    x = record(2, date_of_birth=None, school="Testshire Academy")
    b = record(3, date_of_birth=dt.date(2015, 11, 3))

    result = run(a, x, b)

    assert child_of(result, 1) is not None
    assert child_of(result, 3) is not None
    assert child_of(result, 1) != child_of(result, 3)
    cut = {frozenset((link.a, link.b)) for link in result.resolution.cut}
    assert cut
    assert all(3 in pair or 1 in pair for pair in cut)


def test_a_placeholder_number_on_many_childrens_records_is_set_aside():
    # The police type one made-up number for children whose number they do not know.
    placeholder = "9990000026"
    children = [
        record(1, given_name="Ashley", family_name="Oneplace", nhs_number=placeholder),
        record(
            2,
            given_name="Morgan",
            family_name="Twoplace",
            date_of_birth=dt.date(2009, 2, 1),
            postcode="ZZ2 2BB",
            nhs_number=placeholder,
        ),
        record(
            3,
            given_name="Riley",
            family_name="Threeplace",
            date_of_birth=None,
            postcode="ZZ3 3CC",
            nhs_number=placeholder,
        ),
    ]
    # Two records of one child with a real number are not touched.
    real = [
        record(4, given_name="Casey", nhs_number="9990000018"),
        record(5, given_name="Casey", nhs_number="9990000018", postcode="ZZ9 9ZZ"),
    ]

    result = run(*children, *real)

    assert len({child_of(result, uid) for uid in (1, 2, 3)}) == 3
    assert result.numbers.shared == {1, 2, 3}
    assert result.numbers.held == []  # set aside, so no pairs for a reviewer either
    assert child_of(result, 4) == child_of(result, 5) is not None


def test_a_twins_number_on_the_other_twins_record_does_not_merge_them():
    ashley = record(1, given_name="Ashley", gender="female", nhs_number="9990000018")
    morgan = record(2, given_name="Morgan", gender="male", nhs_number="9990000018")

    result = run(ashley, morgan)

    assert child_of(result, 1) != child_of(result, 2)
    assert result.numbers.held == [(1, 2)]


def test_the_same_number_and_day_of_birth_join_an_unrecognised_short_form():
    # "Jojo" is no recognised variant of Jordan; the number, day and gender agree.
    result = run(
        record(1, nhs_number="9990000018"), record(2, given_name="Jojo", nhs_number="9990000018")
    )

    assert child_of(result, 1) == child_of(result, 2) is not None


@pytest.mark.parametrize(
    ("levels", "linked"),
    [
        ({}, True),
        ({"gamma_given_name": 0}, False),  # given names different
        ({"gamma_dob": 0}, False),  # dates of birth different (brothers and sisters)
        ({"gamma_given_name": 5, "gamma_gender": 0}, False),  # Oliver and Olivia
        ({"gamma_gender": 0}, True),  # the same given name: a gender typed wrongly
        ({"gamma_dob": -1, "gamma_gender": -1}, True),  # missing details do not differ
    ],
)
def test_a_high_score_links_without_a_reviewer_only_when_nothing_plainly_differs(levels, linked):
    same = {"gamma_given_name": 8, "gamma_dob": 4, "gamma_gender": 1}
    assert may_link_by_score({**same, **levels}) is linked


@pytest.mark.parametrize(
    ("given", "dob", "reviewed"),
    [
        (8, 4, True),
        (0, 4, True),  # an unrecognised short form, or a twin: a reviewer decides
        (0, -1, False),  # different given names and no date of birth to say otherwise
        (0, 0, False),  # brothers and sisters
        (8, 0, True),  # a date of birth typed wrongly
        (5, 0, False),  # Oliver and Olivia born years apart
        (5, -1, True),
    ],
)
def test_only_pairs_that_could_be_one_child_go_to_review(given, dob, reviewed):
    pairs = pa.table(
        {"gamma_given_name": pa.array([given], pa.int8()), "gamma_dob": pa.array([dob], pa.int8())}
    )
    assert (worth_review(pairs).num_rows == 1) is reviewed


def test_brothers_and_sisters_are_not_sent_to_review_but_a_held_pair_is():
    ashley = record(1, given_name="Ashley", nhs_number="9990000018")
    morgan = record(
        2, given_name="Morgan", date_of_birth=dt.date(2014, 9, 2), nhs_number="9990000018"
    )
    riley = record(3, given_name="Riley", date_of_birth=dt.date(2016, 1, 20))

    result = run(ashley, morgan, riley)

    assert pair_scored(result, 1, 2)  # the same number: a reviewer must see it
    assert not pair_scored(result, 1, 3)
    assert not pair_scored(result, 2, 3)


def test_only_pairs_at_the_match_threshold_that_may_link_by_score_are_linkable():
    pairs = pa.table(
        {
            "unique_id_l": [1, 2, 3, 4],
            "match_probability": [0.95, 0.9499, 0.99, 0.99],
            "gamma_given_name": pa.array([8, 8, 0, 5], pa.int8()),
            "gamma_dob": pa.array([4, 4, 4, 4], pa.int8()),
            "gamma_gender": pa.array([1, 1, 1, 0], pa.int8()),
        }
    )
    assert linkable(pairs, 0.95)["unique_id_l"].to_pylist() == [1]


def test_a_number_on_one_childs_records_and_a_siblings_is_not_set_aside():
    # Two records of Jordan with the number, and a brother's record carrying it by mistake:
    # only one pair of the three is unalike, so the number still joins Jordan's records.
    jordan = record(1, nhs_number="9990000018")
    jordan_again = record(2, postcode="ZZ9 9ZZ", nhs_number="9990000018")
    brother = record(
        3, given_name="Casey", date_of_birth=dt.date(2014, 9, 2), nhs_number="9990000018"
    )

    result = run(jordan, jordan_again, brother)

    assert result.numbers.shared == set()
    assert child_of(result, 1) == child_of(result, 2) != child_of(result, 3)
    assert result.numbers.held == [(1, 3), (2, 3)]


def test_three_apart_needs_three_records_each_unlike_the_other_two():
    assert not _three_apart({1: {3}, 2: {3}, 3: {1, 2}})  # 1 and 2 are alike
    assert _three_apart({1: {2, 3}, 2: {1, 3}, 3: {1, 2}})
