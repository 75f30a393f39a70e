"""How long a national instance takes to import many areas' returns and show the national
picture, and (with --big-area) how long one large partnership's return takes to make.

Usage:
    uv run python bench/national_picture_bench.py [--areas 150] [--periods 3]
    uv run python bench/national_picture_bench.py --big-area [--children 100000]
        [--events 5000000]

SQLite by default, in a scratch directory. For PostgreSQL, point DATABASE_URL at an empty
database of its own, e.g.
    createdb -h 127.0.0.1 -U root smh_returns_bench
    DATABASE_URL=postgresql://root@127.0.0.1:5432/smh_returns_bench \\
        uv run python bench/national_picture_bench.py

The areas' returns are synthetic (``returns.synthetic``: made-up counts, protected and signed as
a real return is, so each passes every import check). Each is imported through
``returns.imports.import_return``, the code the upload page and ``smh national-import`` use;
then the national picture of the latest period and the comparison over time are timed.
--big-area instead fills the database as ``bench/profile_bench.py`` does (children, agency
events, intelligence, cases) and times ``returns.document.build_return`` over the last year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is scripts, not a package
from siblings import sibling

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-returns-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from seemehearme.areas.models import Area  # noqa: E402
from seemehearme.returns.document import build_return  # noqa: E402
from seemehearme.returns.imports import import_return  # noqa: E402
from seemehearme.returns.picture import national_picture, periods, trends  # noqa: E402
from seemehearme.returns.synthetic import synthetic_return  # noqa: E402


def years(count: int) -> list[tuple[dt.date, dt.date]]:
    """The last ``count`` financial years, April to March, ending 31 March 2027."""
    return [(dt.date(2026 - k, 4, 1), dt.date(2027 - k, 3, 31)) for k in range(count)]


def returns_generate(areas: int, period_count: int) -> list[str]:
    """Every area's return for every period, as the JSON files areas would send."""
    return [
        json.dumps(synthetic_return(number, start=start, end=end))
        for start, end in years(period_count)
        for number in range(areas)
    ]


def import_all(files: list[str]) -> float:
    began = time.perf_counter()
    for text in files:
        import_return(text)
    return time.perf_counter() - began


def picture_time() -> dict[str, float]:
    """Seconds to add up the latest period's returns and to compare areas over time."""
    took = {}
    began = time.perf_counter()
    latest = periods()[0]
    picture = national_picture(*latest)
    took["national picture"] = time.perf_counter() - began
    assert picture.areas
    began = time.perf_counter()
    trends()
    took["areas over time"] = time.perf_counter() - began
    return took


def big_area_time(args: argparse.Namespace) -> None:
    profile_bench = sibling("profile_bench")
    profile_bench.world_generate(
        children=args.children,
        events=args.events,
        associations=args.associations,
        places=args.places,
        persons=args.persons,
        groups=args.groups,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    area = Area.objects.get()
    area.ons_code, area.child_population = "E06000998", args.children * 4
    area.save()
    end = dt.date.today()
    start = end - dt.timedelta(days=364)
    for run in range(1, args.repeats + 1):
        began = time.perf_counter()
        made = build_return(area, start, end)
        took = time.perf_counter() - began
        children = next(t for t in made.document["tables"] if t["id"] == "children")
        total = next(c["count"] for c in children["cells"] if c["values"]["status"] == "total")
        print(f"run {run}: the return in {took:.2f} s ({total} children identified)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--areas", type=int, default=150)
    parser.add_argument("--periods", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--big-area", action="store_true")
    parser.add_argument(
        "--existing", action="store_true", help="Time the returns an earlier run imported."
    )
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--associations", type=int, default=300_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--persons", type=int, default=3_000)
    parser.add_argument("--groups", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    if args.big_area:
        big_area_time(args)
        return
    if not args.existing:
        began = time.perf_counter()
        files = returns_generate(args.areas, args.periods)
        print(f"{len(files)} returns made in {time.perf_counter() - began:.1f} s")
        print(f"imported in {import_all(files):.1f} s")
    for run in range(1, args.repeats + 1):
        took = picture_time()
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in took.items())
        print(f"run {run}: {sum(took.values()):.2f} s ({parts})")


if __name__ == "__main__":
    main()
