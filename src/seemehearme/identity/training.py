"""Training the identity-matching model's parameters (run offline, not by the service).

u probabilities (how often records of *different* children agree by chance) are estimated
from random pairs with a fixed seed; m probabilities (how often records of the *same* child
agree) by expectation maximisation over two sets of blocked pairs, so that each field is
estimated from pairs not chosen for agreeing on it. The result is written to
``parameters.json`` with how it was made, and reviewed like any other change (ADR 0009).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, block_on

from seemehearme.identity.matching import FIELDS, MODEL_VERSION, Parameters, prepare, settings

U_PAIRS = 5e6
EM_BLOCKS = (("dob",), ("given_key", "family_name"))


def matches_per_record(children: pa.ChunkedArray | pa.Array) -> float:
    """From a labelled set: how many other records of the same child a record has, on
    average."""
    counts = pa.table({"child": children}).group_by("child").aggregate([("child", "count")])
    sizes = counts["child_count"].to_pylist()
    total = sum(sizes)
    return sum(k * (k - 1) for k in sizes) / max(total, 1)


def model_train(
    records: pa.Table, *, seed: int, matches: float, note: str, labels: pa.Array | None = None
) -> Parameters:
    """Train on ``records`` (``matching.INPUT_SCHEMA``); ``matches`` is the expected number
    of other records per record of the same child (see ``matches_per_record``). With
    ``labels`` (the true child of each record), m comes from them instead of EM."""
    con = duckdb.connect()
    prepared = prepare(records, connection=con)
    if labels is not None:
        truth = pa.table({"unique_id": records["uid"], "child": labels})
        prepared = prepared.join(truth, "unique_id")
    db_api = DuckDBAPI(con)
    linker = Linker(
        db_api.register(prepared),
        settings(records=prepared.num_rows, parameters=None),
        log_level=None,
    )
    linker._settings_obj._probability_two_random_records_match = min(
        matches / max(prepared.num_rows - 1, 1), 0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=seed)
    if labels is not None:
        linker.training.estimate_m_from_label_column("child")
    else:
        for columns in EM_BLOCKS:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns),
                fix_probability_two_random_records_match=True,
                record_sample_proportion=1.0,
            )
    m: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        m[comparison.output_column_name] = [_probability(level.m_probability) for level in levels]
        u[comparison.output_column_name] = [_probability(level.u_probability) for level in levels]
    missing = [field.column for field in FIELDS if field.column not in m]
    if missing:
        raise RuntimeError(f"No parameters were estimated for {', '.join(missing)}")
    trained: dict[str, Any] = {
        "on": note,
        "records": prepared.num_rows,
        "seed": seed,
        "u": f"random sampling of up to {U_PAIRS:.0e} pairs",
        "m": "from the labels"
        if labels is not None
        else "expectation maximisation blocked on "
        + " and on ".join("+".join(block) for block in EM_BLOCKS),
        "date": dt.date.today().isoformat(),
    }
    con.close()
    return Parameters(
        version=MODEL_VERSION, m=m, u=u, matches_per_record=round(matches, 4), trained=trained
    )


def _probability(value: float | None) -> float:
    # A level never seen in training keeps a tiny probability rather than none, so that its
    # weight stays finite.
    if value is None or value != value:
        return 1e-6
    return round(max(float(value), 1e-6), 8)
