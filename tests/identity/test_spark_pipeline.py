"""The whole pipeline on Spark (``identity.spark_pipeline``: prepare, identifier links, scoring,
connected components and clustering) decides exactly as the DuckDB engine does.

Spark in local mode, in this process; without Java or pyspark the tests are skipped with the
reason, except in CI, where they fail (``test_spark._unavailable``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from seemehearme.identity.clustering import Link, Via
from seemehearme.identity.engine import EngineResult, link_records
from seemehearme.identity.matching import INPUT_SCHEMA, stored_parameters
from seemehearme.identity.spark import java_available
from seemehearme.identity.synthetic import synthetic_records
from seemehearme.people.identifiers import nhs_check_digit
from tests.identity.test_spark import _unavailable


@pytest.fixture
def spark(monkeypatch):
    if not java_available():
        _unavailable("no Java on the PATH (install Java 17)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _unavailable("pyspark is not installed (uv sync --group spark)")
    monkeypatch.setenv("SMH_SPARK_SHUFFLE_PARTITIONS", "1")  # tiny data: one partition is quickest
    from seemehearme.identity.spark import spark_session

    return spark_session()


def test_connected_components_of_a_chain(spark):
    from seemehearme.identity.spark_pipeline import connected_components

    # A chain whose ids fall and rise (so that no one round joins it), a cycle, a pair with a
    # child (negative id), and a self-link.
    chain = [(7, 3), (3, 9), (9, 1), (1, 12), (12, 5), (5, 20), (20, 2)]
    edges = [*chain, (30, 31), (31, 32), (32, 30), (40, -6), (50, 50)]
    frame = spark.createDataFrame(edges, "a long, b long")

    found = {row.node: row.component for row in connected_components(frame).collect()}

    assert found == {
        **{node: 1 for pair in chain for node in pair},
        30: 30,
        31: 30,
        32: 30,
        40: -6,
        -6: -6,
    }


def test_the_whole_pipeline_on_spark_decides_as_duckdb_does(spark):
    synthetic = synthetic_records(records=300, seed=9)
    records = pa.concat_tables(
        [synthetic.drop_columns(["child", "agency", "source_person_id"]), _made_records()]
    )
    # Some records already belong to children (two records of one child to two children, which
    # may merge), a reviewer accepted one pair and rejected another.
    groups: dict[int, list[int]] = {}
    for uid, child in zip(
        synthetic["uid"].to_pylist(), synthetic["child"].to_pylist(), strict=True
    ):
        groups.setdefault(child, []).append(uid)
    shared = [uids for uids in groups.values() if len(uids) >= 3]
    current = {shared[0][0]: 901, shared[0][1]: 902, shared[1][0]: 903}
    kwargs: dict[str, Any] = {
        "parameters": stored_parameters(),
        "match_threshold": 0.95,
        "review_threshold": 0.5,
        "current": current,
        "forced": [Link(shared[2][0], shared[2][1], Via.ACCEPTED)],
        "rejected": [(shared[3][0], shared[3][1])],
        "mergeable": {901, 902},
    }

    on_duckdb = link_records(records, backend="duckdb", **kwargs)
    on_spark = link_records(records, backend="spark", **kwargs)

    # The cases that matter are there: a group cut to hold together (conflicting dates of
    # birth through a record with none), a pair held for review (one number, unalike details),
    # an NHS number failing its check, a number shared by three children, and children merged.
    chain = {MADE + 1, MADE + 2, MADE + 3}
    assert any({link.a, link.b} <= chain for link in on_duckdb.resolution.cut)
    assert on_duckdb.numbers.held == [(MADE + 10, MADE + 11)]
    assert on_duckdb.numbers.invalid_nhs == {MADE + 20}
    assert on_duckdb.numbers.shared == {MADE + 30, MADE + 31, MADE + 32}
    assert on_duckdb.resolution.merges == {902: 901}

    assert _clusters(on_spark) == _clusters(on_duckdb)
    assert _pairs(on_spark) == _pairs(on_duckdb)
    assert on_spark.numbers.held == on_duckdb.numbers.held
    assert on_spark.numbers.invalid_nhs == on_duckdb.numbers.invalid_nhs
    assert on_spark.numbers.shared == on_duckdb.numbers.shared
    assert on_spark.numbers.shared_values == on_duckdb.numbers.shared_values
    assert {(link.a, link.b) for link in on_spark.numbers.links} == {
        (link.a, link.b) for link in on_duckdb.numbers.links
    }
    assert on_spark.resolution.merges == on_duckdb.resolution.merges
    assert _cut(on_spark) == _cut(on_duckdb)
    assert on_spark.prepared.num_rows == on_duckdb.prepared.num_rows == records.num_rows


def _clusters(result: EngineResult) -> set[tuple[int | None, frozenset[int]]]:
    """Each child's or new child's records (new children's numbers are arbitrary)."""
    members: dict[tuple[int | None, int | None], set[int]] = {}
    for uid, placement in result.resolution.placements.items():
        members.setdefault((placement.child, placement.new_group), set()).add(uid)
    return {(child, frozenset(uids)) for (child, _), uids in members.items()}


def _pairs(result: EngineResult) -> list[tuple[Any, ...]]:
    table = result.pairs
    columns = [name for name in table.column_names if name.startswith("gamma_")]
    return sorted(
        zip(
            table["unique_id_l"].to_pylist(),
            table["unique_id_r"].to_pylist(),
            [round(p, 6) for p in table["match_probability"].to_pylist()],
            *[table[name].to_pylist() for name in columns],
            strict=True,
        )
    )


def _cut(result: EngineResult) -> set[frozenset[int]]:
    return {frozenset((link.a, link.b)) for link in result.resolution.cut}


MADE = 50_000


def _valid_nhs(start: int) -> str:
    for nine in range(start, start + 100):
        check = nhs_check_digit(f"{nine:09d}")
        if check is not None:
            return f"{nine:09d}{check}"
    raise AssertionError("no valid NHS number")


def _made_records() -> pa.Table:
    """A chain of one girl's records through one with no date of birth, whose ends were born
    years apart (cut); two records sharing an NHS number with nothing else alike (held); a
    record whose NHS number fails its check digit; and three children with one NHS number (a
    placeholder: set aside)."""
    shared = _valid_nhs(401_023_210)
    placeholder = _valid_nhs(401_023_310)
    rows = [
        (
            1,
            "Jessica",
            "Testchain",
            dt.date(2012, 3, 4),
            "female",
            "ZZ1 1AA",
            "Testchain Primary",
            "",
        ),
        (2, "Jessica", "Testchain", None, "female", "ZZ1 1AA", "Testchain Academy", ""),
        (
            3,
            "Jessica",
            "Testchain",
            dt.date(2015, 8, 9),
            "female",
            "ZZ3 3CC",
            "Testchain Academy",
            "",
        ),
        (10, "Oliver", "Testheld", dt.date(2010, 1, 1), "male", "ZZ4 4DD", "", shared),
        (11, "Zainab", "Testheld", dt.date(2014, 6, 9), "female", "ZZ5 5EE", "", shared),
        (20, "Tomasz", "Testinvalid", dt.date(2011, 2, 3), "male", "ZZ6 6FF", "", "1234567890"),
        (30, "Amelia", "Testshared", dt.date(2013, 5, 6), "female", "ZZ7 7GG", "", placeholder),
        (31, "Kwame", "Testplace", dt.date(2009, 9, 1), "male", "ZZ8 8HH", "", placeholder),
        (32, "Priya", "Testholder", dt.date(2016, 11, 12), "female", "ZZ9 9JJ", "", placeholder),
    ]
    return pa.Table.from_pylist(
        [
            {
                "uid": MADE + uid,
                "given_name": given,
                "family_name": family,
                "date_of_birth": born,
                "gender": gender,
                "postcode": postcode,
                "school": school,
                "nhs_number": nhs,
                "upn": "",
            }
            for uid, given, family, born, gender, postcode, school, nhs in rows
        ],
        schema=INPUT_SCHEMA,
    )
