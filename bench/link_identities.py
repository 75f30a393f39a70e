"""How fast and how accurately identity resolution links a large set of agency records.

Usage:
    uv run python bench/link_identities.py [--records 1000000] [--seed 11] [--backend duckdb]
    uv run --group spark python bench/link_identities.py --records 100000 --backend spark
    uv run python bench/link_identities.py --database 100000
    uv run python bench/link_identities.py --train [--records 200000] [--seed 7]

Labelled synthetic records (``seemehearme.identity.synthetic``: realistic mistakes, nicknames,
twins and siblings) are generated in a separate process and kept as Parquet in the temporary
directory, so generating them does not count towards the time or the memory measured. The run
then goes through the same engine a link run uses (``seemehearme.identity.engine``: prepare,
link by NHS and pupil number, score with Splink, group into children), on DuckDB directly; the
Django database is not involved. It reports the time of each step, the process's peak memory
(resident set, so DuckDB's own memory is counted) and pairwise precision, recall and F1 of the
automatic links against the true children. Pairs sent for review count as not linked.

``--backend spark`` runs every step on Spark instead (``seemehearme.identity.spark_pipeline``:
Spark reads the Parquet file itself, and only each record's child comes back, for the accuracy),
in local mode unless ``SMH_SPARK_MASTER`` names a cluster; then the DuckDB engine on the same
records, to compare the time and check that both make the same children. Starting Spark is
timed apart. Peak memory is then the driver's Python and Spark's JVM (with the Python workers
it starts), read from /proc.

``--database N`` instead times the service's own link runs (``link_persons``) through the
Django database: N generated records are loaded as one area's agency persons (SQLite in a
scratch directory, or the empty database DATABASE_URL names), then a full run, then an
incremental run for five new records, as after a small import.

``--train`` trains the model's parameters instead (u by random sampling with a fixed seed, m
by expectation maximisation) on generated records and writes
``src/seemehearme/identity/parameters.json``. Train and measure on different seeds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from seemehearme.identity.engine import link_records
from seemehearme.identity.matching import (
    MATCH_THRESHOLD,
    MODEL_VERSION,
    PARAMETERS_FILE,
    REVIEW_THRESHOLD,
    stored_parameters,
)
from seemehearme.identity.synthetic import pairwise_accuracy, synthetic_records

LABELS = ["child", "agency", "source_person_id"]


def _generate(records: int, seed: int, path: str) -> None:
    pq.write_table(synthetic_records(records=records, seed=seed), path)


def generated(records: int, seed: int) -> Path:
    """The labelled records, generated once in another process and cached (by model version,
    as the generator changes with the model: 2026.4 added addresses)."""
    path = Path(tempfile.gettempdir()) / f"smh-identity-{records}-{seed}-{MODEL_VERSION}.parquet"
    if not path.exists():
        started = time.perf_counter()
        worker = multiprocessing.get_context("spawn").Process(
            target=_generate, args=(records, seed, str(path))
        )
        worker.start()
        worker.join()
        if worker.exitcode != 0:
            raise SystemExit("Generating the records failed")
        print(f"Generated {records:,} records in {time.perf_counter() - started:.1f} s")
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _process_peak_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) and its descendants', in MB (Linux)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(_process_peak_mb(int(child)) for child in children)


def measure_spark(records: int, seed: int) -> None:
    """Every step on Spark, then the DuckDB engine on the same records."""
    import os

    from seemehearme.identity.spark import spark_session
    from seemehearme.identity.spark_pipeline import link_records_on_spark

    path = generated(records, seed)
    started = time.perf_counter()
    session = spark_session()
    master = os.environ.get("SMH_SPARK_MASTER", "local[2]")
    print(f"Started Spark ({master}) in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    steps, step = _step_timer(started)

    run = link_records_on_spark(
        session.read.parquet(str(path)).drop(*LABELS),
        parameters=stored_parameters(),
        match_threshold=MATCH_THRESHOLD,
        review_threshold=REVIEW_THRESHOLD,
        step=step,
    )
    on_spark = {row.unique_id: row.cluster for row in run.clusters().collect()}
    took = time.perf_counter() - started
    step("collected")
    pairs = run.pairs.count()
    review = run.pairs.where(f"match_probability < {MATCH_THRESHOLD}").count()
    jvm = _process_peak_mb(os.getpid()) - peak_mb()
    print(f"Linked {len(on_spark):,} records on Spark in {took:.1f} s ({', '.join(steps)})")
    print(
        f"Peak memory: driver's Python {peak_mb():,.0f} MB, Spark's JVM and workers {jvm:,.0f} MB"
    )
    table = pq.read_table(path)
    uids = table["uid"].to_pylist()
    _report(table, [on_spark[uid] for uid in uids], pairs, review)
    print("And on DuckDB, in this process:")
    in_process = measure(records, seed, "duckdb")
    same = _partition(uids, [on_spark[uid] for uid in uids]) == _partition(uids, in_process)
    print(f"Spark and DuckDB made {'the same' if same else 'DIFFERENT'} children")


def _step_timer(started: float) -> tuple[list[str], Callable[[str], None]]:
    """A list of "step N.N s" and the function that adds to it, timing each step from the end
    of the one before (the first from ``started``)."""
    steps: list[str] = []
    last = started

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps.append(f"{name} {now - last:.1f} s")
        last = now

    return steps, step


def _partition(uids: list[int], groups: list[int]) -> set[frozenset[int]]:
    members: dict[int, set[int]] = {}
    for uid, group in zip(uids, groups, strict=True):
        members.setdefault(group, set()).add(uid)
    return {frozenset(uids) for uids in members.values()}


def _report(table: pa.Table, predicted: list[int], pairs: int, review: int) -> None:
    accuracy = pairwise_accuracy(
        uids=table["uid"].to_pylist(), truth=table["child"].to_pylist(), predicted=predicted
    )
    print(
        f"Pairs scored at or above {REVIEW_THRESHOLD}: {pairs:,} "
        f"({review:,} below {MATCH_THRESHOLD}, for review); children: {len(set(predicted)):,}"
    )
    print(
        f"Pairwise precision {accuracy.precision:.4f}, recall {accuracy.recall:.4f}, "
        f"F1 {accuracy.f1:.4f} ({accuracy.true_pairs:,} true pairs, "
        f"{accuracy.predicted_pairs:,} linked)"
    )


def measure(records: int, seed: int, backend: str) -> list[int]:
    """The engine on the records; returns each record's new child (in the records' order)."""
    table = pq.read_table(generated(records, seed))
    print(f"Read {table.num_rows:,} records (peak memory so far {peak_mb():,.0f} MB)")
    started = time.perf_counter()
    steps, step = _step_timer(started)

    result = link_records(
        table.drop_columns(LABELS),
        parameters=stored_parameters(),
        match_threshold=MATCH_THRESHOLD,
        review_threshold=REVIEW_THRESHOLD,
        backend=backend,  # type: ignore[arg-type]
        step=step,
    )
    took = time.perf_counter() - started
    uids = table["uid"].to_pylist()
    placements = result.resolution.placements
    predicted = [placements[uid].new_group or 0 for uid in uids]
    probabilities = result.pairs["match_probability"].to_pylist()
    review = sum(1 for p in probabilities if p < MATCH_THRESHOLD)
    print(f"Linked {table.num_rows:,} records on {backend} in {took:.1f} s ({', '.join(steps)})")
    print(f"Peak memory: {peak_mb():,.0f} MB")
    _report(table, predicted, len(probabilities), review)
    return predicted


def database(records: int, seed: int) -> None:
    """Time link_persons on an area of ``records`` agency persons, then on five new ones."""
    import os

    os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-identity-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from seemehearme.areas.models import Agency, AgencyKind, Area
    from seemehearme.identity.linking import link_persons
    from seemehearme.identity.models import AgencyPerson

    call_command("migrate", verbosity=0)
    table = pq.read_table(generated(records + 5, seed))
    area = Area.objects.create(name="Benchmark Partnership", slug="benchmark")
    kinds = {kind: kind.value for kind in AgencyKind}
    agencies = {
        kind: Agency.objects.create(area=area, name=f"Benchmark {kind}", kind=kind)
        for kind in kinds.values()
    }
    columns = [
        "given_name",
        "family_name",
        "date_of_birth",
        "gender",
        "postcode",
        "school",
        "address",
    ]
    rows = table.to_pylist()

    def person(row: dict[str, object]) -> AgencyPerson:
        return AgencyPerson(
            agency=agencies[str(row["agency"])],
            source_person_id=str(row["source_person_id"]),
            nhs_number=str(row["nhs_number"]),
            upn=str(row["upn"]),
            **{name: row[name] for name in columns},
        )

    AgencyPerson.objects.bulk_create([person(row) for row in rows[:records]], batch_size=5_000)
    started = time.perf_counter()
    full = link_persons(area=area)
    print(
        f"Full run over {records:,} persons: {time.perf_counter() - started:.1f} s "
        f"({full.run.children_created:,} children, {full.run.sent_to_review:,} for review)"
    )
    new = AgencyPerson.objects.bulk_create([person(row) for row in rows[records:]])
    started = time.perf_counter()
    incremental = link_persons(area=area, person_ids={p.pk for p in new})
    print(
        f"Incremental run for {len(new)} new persons: {time.perf_counter() - started:.2f} s "
        f"({len(incremental.affected_child_ids)} children affected); peak memory "
        f"{peak_mb():,.0f} MB"
    )


def train(records: int, seed: int) -> None:
    from seemehearme.identity.training import matches_per_record, model_train

    table = pq.read_table(generated(records, seed))
    started = time.perf_counter()
    parameters = model_train(
        table.drop_columns(LABELS),
        seed=seed,
        matches=matches_per_record(table["child"]),
        note=f"synthetic records from seemehearme.identity.synthetic (seed {seed})",
    )
    PARAMETERS_FILE.write_text(json.dumps(parameters.as_dict(), indent=2) + "\n")
    print(f"Trained on {table.num_rows:,} records in {time.perf_counter() - started:.1f} s")
    for column in parameters.m:
        weights = ", ".join(
            f"{parameters.weight(column, level):+.1f}" for level in range(len(parameters.m[column]))
        )
        print(f"  {column}: {weights}")
    print(f"Wrote {PARAMETERS_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--database", type=int, metavar="N", help="time link runs on N persons")
    parser.add_argument("--train", action="store_true", help="train and write the parameters")
    args = parser.parse_args()
    if args.train:
        train(args.records or 200_000, 7 if args.seed is None else args.seed)
    elif args.database:
        database(args.database, 11 if args.seed is None else args.seed)
    else:
        records, seed = args.records or 1_000_000, 11 if args.seed is None else args.seed
        if args.backend == "spark":
            measure_spark(records, seed)
        else:
            measure(records, seed, args.backend)


if __name__ == "__main__":
    main()
