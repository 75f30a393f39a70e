"""How fast agency events import, against PostgreSQL's own COPY of the same file.

Usage: uv run python bench/import_events.py [--rows N] [--file PATH] [--postgres URL]
       [--skip-sqlite] [--skip-postgres]

Makes a synthetic file (bench/make_events_file.py) unless --file is given, then for each
database, in a fresh process and a fresh database (a scratch SQLite file; the PostgreSQL
database named by --postgres, dropped and migrated first):

- imports the file into an empty database (every row new),
- imports it again (every row unchanged).

On PostgreSQL it also times ``COPY`` of the same file into a plain table with the same columns
(all text, no indexes, no checks), and ``COPY`` of the imported events back into the events
table itself (its indexes and foreign-key checks): the floor for writing those rows.

Reports rows per second for each, the import's speed as a share of the plain COPY's, and the
peak memory (resident set) of the importing process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://root@127.0.0.1:5432/smh_bench_import"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def run_one(database_url: str, path: Path) -> dict[str, float]:
    """Import ``path`` twice into the (empty, migrated) database; runs in its own process."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from seemehearme.areas.models import Agency, AgencyKind, Area
    from seemehearme.feeds.importer import import_file

    call_command("migrate", verbosity=0)
    area = Area.objects.create(name="Benchmark Partnership", slug="benchmark")
    agency = Agency.objects.create(area=area, name="Benchmark Police", kind=AgencyKind.POLICE)
    figures: dict[str, float] = {"baseline_mb": current_mb()}
    for run in ("first", "again"):
        started = time.perf_counter()
        result = import_file(agency=agency, file=path, filename=path.name, channel="command")
        took = time.perf_counter() - started
        batch = result.batch
        assert batch.status == "completed", batch.error
        figures[f"{run}_seconds"] = took
        figures[f"{run}_rows"] = batch.rows_read
        figures[f"{run}_created"] = batch.rows_created
        figures[f"{run}_unchanged"] = batch.rows_unchanged
        figures[f"{run}_rejected"] = batch.rows_rejected
        for step, seconds in result.timings.items():
            figures[f"{run}: {step}"] = seconds
    figures["peak_mb"] = peak_mb()
    from django.db import connection

    if connection.vendor == "postgresql":
        figures["floor_seconds"] = copy_into_events_table()
    return figures


def copy_into_events_table() -> float:
    """Seconds for PostgreSQL's own COPY to write the imported events back into the events
    table (its indexes and foreign keys, committed): the least any import of them could take."""
    from django.db import connection, transaction

    with tempfile.TemporaryFile() as saved:
        with connection.cursor() as cursor:
            with cursor.cursor.copy("COPY feeds_agencyevent TO STDOUT") as copy:
                for data in copy:
                    saved.write(data)
            cursor.execute("TRUNCATE feeds_agencyevent CASCADE")
        saved.seek(0)
        started = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY feeds_agencyevent FROM STDIN") as copy,
        ):
            while block := saved.read(1 << 20):
                copy.write(block)
        return time.perf_counter() - started


def fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def copy_baseline(url: str, path: Path) -> float:
    """Seconds for PostgreSQL to COPY the file into a plain table of text columns."""
    import psycopg

    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8-sig").strip().split(",")
    columns = ", ".join(f'"{name}" text' for name in header)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS copy_baseline")
        connection.execute(f"CREATE TABLE copy_baseline ({columns})")
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            path.open("rb") as handle,
            cursor.copy("COPY copy_baseline FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        took = time.perf_counter() - started
        connection.execute("DROP TABLE copy_baseline")
    return took


def in_subprocess(database_url: str, path: Path) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 (this script, with the arguments it was given)
        [sys.executable, __file__, "--run-one", database_url, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run_one:
        print(json.dumps(run_one(args.run_one, args.file)))
        return

    scratch = Path(tempfile.mkdtemp(prefix="smh-bench-import-"))
    try:
        compare(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare(args: argparse.Namespace, scratch: Path) -> None:
    path = args.file
    if path is None:
        path = scratch / f"events-{args.rows}.csv"
        from seemehearme.feeds.synthetic import make_file

        make_file(path, args.rows)
    size = path.stat().st_size / 1_000_000
    print(f"File: {path} ({size:,.1f} MB)")

    results: dict[str, dict[str, float]] = {}
    if not args.skip_sqlite:
        results["SQLite"] = in_subprocess(f"sqlite:///{scratch / 'import.sqlite3'}", path)
    copy_seconds = None
    if not args.skip_postgres:
        fresh_postgres(args.postgres)
        results["PostgreSQL"] = in_subprocess(args.postgres, path)
        copy_seconds = copy_baseline(args.postgres, path)

    rows = next(iter(results.values()))["first_rows"] if results else 0
    print(f"\n{'':28}{'seconds':>10}{'rows/s':>12}{'of COPY':>10}{'peak MB':>10}")
    copy_rate = rows / copy_seconds if copy_seconds else None
    for name, figures in results.items():
        for run, label in (("first", "import, all new"), ("again", "import again, unchanged")):
            rate = figures[f"{run}_rows"] / figures[f"{run}_seconds"]
            share = f"{rate / copy_rate:.2f}" if copy_rate else "-"
            print(
                f"{name + ' ' + label:28}{figures[f'{run}_seconds']:>10.1f}{rate:>12,.0f}"
                f"{share:>10}{figures['peak_mb'] if run == 'first' else 0:>10.0f}"
            )
    if copy_seconds:
        print(f"{'PostgreSQL COPY (plain)':28}{copy_seconds:>10.1f}{rows / copy_seconds:>12,.0f}")
    floor = results.get("PostgreSQL", {}).get("floor_seconds")
    if floor and copy_rate:
        events = results["PostgreSQL"]["first_created"]
        rate = events / floor
        label = "PostgreSQL COPY into events"
        print(f"{label:28}{floor:>10.1f}{rate:>12,.0f}{rate / copy_rate:>10.2f}")
    for name, figures in results.items():
        for run in ("first", "again"):
            steps = ", ".join(
                f"{key.split(': ', 1)[1]} {value:.1f} s"
                for key, value in figures.items()
                if key.startswith(f"{run}: ")
            )
            print(f"{name} {run}: {steps}")
    for name, figures in results.items():
        print(
            f"{name}: {figures['first_rows']:,.0f} rows read, {figures['first_created']:,.0f} "
            f"created, {figures['first_rejected']:,.0f} rejected; again "
            f"{figures['again_unchanged']:,.0f} unchanged. Memory before importing "
            f"{figures['baseline_mb']:.0f} MB, peak {figures['peak_mb']:.0f} MB."
        )


if __name__ == "__main__":
    main()
