"""Scoring pairs of prepared records with Splink, on DuckDB (in process, the default) or Spark.

The same settings and parameters (``seemehearme.identity.matching``) are used whatever the
backend and whatever the caller: a link run over one area, or the benchmark over a million
generated records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from seemehearme.identity.matching import FIELDS, Parameters, settings, term_frequencies

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")
PAIR_COLUMNS = [
    "unique_id_l",
    "unique_id_r",
    "match_probability",
    "match_weight",
    *[f"gamma_{field.column}" for field in FIELDS],
]

logger = logging.getLogger(__name__)


@contextmanager
def _database(backend: Backend) -> Iterator[Any]:
    if backend == "duckdb":
        con = duckdb.connect()
        try:
            yield DuckDBAPI(con)
        finally:
            con.close()
    elif backend == "spark":
        from seemehearme.identity.spark import spark_database

        with spark_database() as db_api:
            yield db_api
    else:
        raise ValueError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")


def score_pairs(
    prepared: pa.Table,
    *,
    parameters: Parameters,
    threshold: float,
    backend: Backend = "duckdb",
    new_uids: set[int] | None = None,
) -> pa.Table:
    """Pairs of records scoring at least ``threshold``, with Splink's comparison levels.

    ``new_uids=None`` compares every blocked pair in ``prepared``. Otherwise only pairs with at
    least one new record are compared (new against the rest, and new against new), which is
    what makes linking a handful of new records against an area fast.
    Columns: ``PAIR_COLUMNS`` (``unique_id_l < unique_id_r``).
    """
    if prepared.num_rows < 2:
        return _empty()
    model = settings(records=prepared.num_rows, parameters=parameters)
    with _database(backend) as db_api:
        if new_uids is None:
            records = db_api.register(prepared)
            linker = Linker(records, model, log_level=None)
            _register_frequencies(linker, db_api, prepared, parameters)
            scored = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            )
            return _fetch(linker, scored)
        is_new = pc.is_in(prepared["unique_id"], value_set=pa.array(sorted(new_uids), pa.int64()))
        new = prepared.filter(is_new)
        rest = prepared.filter(pc.invert(is_new))
        if new.num_rows == 0:
            return _empty()
        new_records = db_api.register(new)
        # The linker only lends its settings here: predict_between and predict_within score
        # the tables they are given.
        linker = Linker(new_records, model, log_level=None)
        # How common a value is must be worked out over the whole area, not the new records.
        _register_frequencies(linker, db_api, prepared, parameters)
        parts = []
        if rest.num_rows:
            between = linker.inference.predict_between(
                new_records,
                db_api.register(rest),
                threshold_match_probability=threshold,
                warning_mode="never",
            )
            parts.append(_fetch(linker, between))
        if new.num_rows > 1:
            within = linker.inference.predict_within(
                new_records, threshold_match_probability=threshold, warning_mode="never"
            )
            parts.append(_fetch(linker, within))
        return pa.concat_tables(parts) if parts else _empty()


def _register_frequencies(
    linker: Linker, db_api: Any, prepared: pa.Table, parameters: Parameters
) -> None:
    """Give Splink our term frequencies (``matching.term_frequencies``) rather than its own."""
    for column, table in term_frequencies(prepared, parameters).items():
        linker.table_management.register_term_frequency_lookup(db_api.register(table), column)


def _fetch(linker: Linker, scored: SplinkDataFrame) -> pa.Table:
    """Bring back only the pair columns (Splink keeps the compared values too), with the lower
    id on the left."""
    wanted = ", ".join(PAIR_COLUMNS)
    table = linker.misc.query_sql(
        f"select {wanted} from {scored.physical_name}"  # noqa: S608 (Splink's own table)
    ).as_pyarrow_table()
    scored.drop_table_from_database_and_remove_from_cache()
    left, right = table["unique_id_l"], table["unique_id_r"]
    swap = pc.greater(left, right)
    columns = {
        "unique_id_l": pc.if_else(swap, right, left).cast(pa.int64()),
        "unique_id_r": pc.if_else(swap, left, right).cast(pa.int64()),
        "match_probability": table["match_probability"].cast(pa.float64()),
        "match_weight": table["match_weight"].cast(pa.float64()),
    }
    for field in FIELDS:
        name = f"gamma_{field.column}"
        columns[name] = table[name].cast(pa.int8())
    return pa.table(columns)


def _empty() -> pa.Table:
    schema = pa.schema(
        [
            ("unique_id_l", pa.int64()),
            ("unique_id_r", pa.int64()),
            ("match_probability", pa.float64()),
            ("match_weight", pa.float64()),
            *[(f"gamma_{field.column}", pa.int8()) for field in FIELDS],
        ]
    )
    return schema.empty_table()
