"""The Spark backend scores exactly as DuckDB does (Spark in local mode, in this process).

Needs Java and the ``spark`` dependency group (``bin/setup`` installs it when Java is on the
PATH). Without them the test is skipped with the reason, except in CI, where it fails."""

from __future__ import annotations

import datetime as dt
import os

import pyarrow as pa
import pytest

from seemehearme.identity.matching import INPUT_SCHEMA, prepare, stored_parameters
from seemehearme.identity.scoring import score_pairs
from seemehearme.identity.spark import java_available
from seemehearme.identity.synthetic import synthetic_records

# No database: run in the SQLite suite only (tests/conftest.py, _once_only).
pytestmark = [pytest.mark.database_free, pytest.mark.slow]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"The Spark backend cannot be tested: {reason}")
    pytest.skip(f"SPARK BACKEND NOT TESTED: {reason}")


def test_spark_scores_a_small_linkage_as_duckdb_does(monkeypatch):
    if not java_available():
        _unavailable("no Java on the PATH (install Java 17)")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _unavailable("pyspark is not installed (uv sync --group spark)")
    monkeypatch.setenv("SMH_SPARK_SHUFFLE_PARTITIONS", "1")  # tiny data: one partition is quickest
    records = synthetic_records(records=300, seed=9).drop_columns(
        ["child", "agency", "source_person_id"]
    )
    prepared = prepare(
        pa.concat_tables([records, _name_pairs(first_uid=10_000), _address_pairs(first_uid=20_000)])
    )
    kwargs = {"parameters": stored_parameters(), "threshold": 0.5}

    on_spark = score_pairs(prepared, backend="spark", **kwargs)
    on_duckdb = score_pairs(prepared, backend="duckdb", **kwargs)

    def pairs(table):
        return sorted(
            zip(
                table["unique_id_l"].to_pylist(),
                table["unique_id_r"].to_pylist(),
                [round(p, 6) for p in table["match_probability"].to_pylist()],
                table["gamma_dob"].to_pylist(),
                table["gamma_given_name"].to_pylist(),
                table["gamma_family_name"].to_pylist(),
                table["gamma_address"].to_pylist(),
                strict=True,
            )
        )

    assert on_spark.num_rows > 50
    assert pairs(on_spark) == pairs(on_duckdb)
    # Every given name level is reached, swapped names included (family name counted nothing).
    assert set(on_duckdb["gamma_given_name"].to_pylist()) >= set(range(9))
    assert -1 in on_duckdb["gamma_family_name"].to_pylist()
    # And every address level, missing included.
    assert set(on_duckdb["gamma_address"].to_pylist()) >= set(range(-1, 5))


# Pairs of records that reach each given name level (variants, swapped, sound the same, the
# short form rule), so that the levels' SQL is checked on both backends.
NAME_PAIRS = [
    ("Oluwaseun", "Seun", "Adeyemi", "Adeyemi"),
    ("Amara", "Okafor", "Okafor", "Amara"),
    ("Jaxon", "Jackson", "Testchild", "Testchild"),
    ("Cal", "Charles", "Testchild", "Testchild"),
    ("Ellis", "Ellison", "Testchild", "Testchild"),
    ("Isabella", "Isabelle", "Testchild", "Testchild"),
    ("Daniela", "Daniels", "Nowak", "Nowak"),
    ("Ava", "Eva", "Testchild", "Testchild"),
    ("Harrison", "Harriet", "Testchild", "Testchild"),
]


def _name_pairs(first_uid: int) -> pa.Table:
    rows = []
    for number, (given_a, given_b, family_a, family_b) in enumerate(NAME_PAIRS):
        born = dt.date(2000, 1, 1) + dt.timedelta(days=number)
        for offset, given, family in ((0, given_a, family_a), (1, given_b, family_b)):
            rows.append(
                {
                    "uid": first_uid + 2 * number + offset,
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": born,
                    "gender": "female",
                    "postcode": f"ZZ9 {number}AA",
                    "school": "",
                    "nhs_number": "",
                    "upn": "",
                }
            )
    return pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)


# Pairs of addresses that reach each address level, most alike first.
ADDRESS_PAIRS = [
    ("12 Acacia Road", "12 acacia rd."),
    ("Flat 3, 12 Acacia Road", "12 Acacia Road"),
    ("12 Acacia Road", "12 Acaica Road"),
    ("12 Acacia Road", "14 Acacia Road"),
    ("12 Acacia Road", "3 Mill Lane"),
]


def _address_pairs(first_uid: int) -> pa.Table:
    rows = []
    for number, addresses in enumerate(ADDRESS_PAIRS):
        for offset, address in enumerate(addresses):
            rows.append(
                {
                    "uid": first_uid + 2 * number + offset,
                    "given_name": "Jordan",
                    "family_name": f"Testaddress{'abcde'[number]}",
                    "date_of_birth": dt.date(2001, 1, 1) + dt.timedelta(days=number),
                    "gender": "female",
                    "postcode": "ZZ8 1AA",
                    "address": address,
                }
            )
    return pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)
