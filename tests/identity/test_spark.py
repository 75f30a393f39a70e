"""The Spark backend scores exactly as DuckDB does (Spark in local mode, in this process).

Needs Java and the ``spark`` dependency group (``bin/setup`` installs it when Java is on the
PATH). Without them the test is skipped with the reason, except in CI, where it fails."""

from __future__ import annotations

import os

import pytest

from seemehearme.identity.matching import prepare, stored_parameters
from seemehearme.identity.scoring import score_pairs
from seemehearme.identity.spark import java_available
from seemehearme.identity.synthetic import synthetic_records


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
    prepared = prepare(
        synthetic_records(records=300, seed=9).drop_columns(["child", "agency", "source_person_id"])
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
                strict=True,
            )
        )

    assert on_spark.num_rows > 50
    assert pairs(on_spark) == pairs(on_duckdb)
