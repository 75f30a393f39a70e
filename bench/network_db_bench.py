"""Network analysis from the database: load a partnership's intelligence graph, then find its
connected groups, central figures and communities; NetworkX on the same graph for comparison.

Usage:
    createdb smh_network_bench
    DATABASE_URL=postgresql://root@127.0.0.1:5432/smh_network_bench \\
        uv run python bench/network_db_bench.py [--entities 300000] [--links 1000000]
    uv run python bench/network_db_bench.py --entities 3000 --links 10000   # SQLite, scratch

The synthetic graph is ``bench/network_bench.py``'s (planted groups of 5 to 40, each a ring plus
random links inside it, random noise links for the rest; a third of the nodes children). An
association always has an entity at one end, so a pair of two children is left out; the
generator is asked for enough extra links that ``--links`` associations remain, the cut falling
on noise links. Entities go into the entity table only (the loader reads only its id and kind),
children into the children table, associations into theirs, all with the columns a real record
has: by ``COPY`` on PostgreSQL (then ``ANALYZE``), by ``bulk_create`` in batches elsewhere. The
data goes into a partnership of its own ("Network bench"); earlier bench runs' rows are removed
first. Nothing is timed until it is all written.

Timed together, as a page would run them: loading the partnership's network from the database
(``seemehearme.networks.loading.area_network``: two ``values_list`` queries, then the igraph
build), connected groups, PageRank and Leiden communities (CPM). Then NetworkX on the same
graph in the same run: build, connected components, PageRank and Louvain (modularity; NetworkX
has no CPM), not counting the database load it would also need. ``--no-networkx`` skips it.
Recovery: the share of planted groups with 90% of their members in one community at most twice
the group's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is scripts, not a package
from siblings import sibling

BENCH_SLUG = "network-bench"
BATCH = 10_000
CHILD_SHARE = 4 / 11  # the generator's share of children (its kind weights)


def progress(label: str, total: int, rows: Iterable[Any], quiet: bool) -> Iterable[Any]:
    """``rows``, with a progress bar on stderr (none when quiet)."""
    if quiet:
        yield from rows
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for i, row in enumerate(rows, start=1):
            yield row
            if i % 5_000 == 0:
                bar.update(task, completed=i)


def insert(
    model: Any,
    columns: Sequence[str],
    fixed: dict[str, Any],
    rows: Iterable[Sequence[Any]],
    *,
    total: int,
    quiet: bool,
) -> None:
    """Write ``rows`` (values of ``columns``, the rest from ``fixed`` or the model's defaults)
    into ``model``'s own table: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    from django.db import connection

    rows = progress(f"writing {model._meta.verbose_name_plural}", total, rows, quiet)
    if connection.vendor != "postgresql":
        batch: list[Any] = []
        for row in rows:
            batch.append(model(**fixed, **dict(zip(columns, row, strict=True))))
            if len(batch) == BATCH:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return
    template = model(**fixed)
    fields = [
        f for f in model._meta.local_concrete_fields if not f.primary_key or f.attname in columns
    ]
    names = [f.attname for f in fields]
    where = [names.index(c) for c in columns]
    base = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields]
    sql = f"COPY {model._meta.db_table} ({', '.join(f.column for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = list(base)
            for i, value in zip(where, row, strict=True):
                values[i] = value
            copy.write_row(values)


def clear_earlier_runs() -> None:
    """Remove earlier bench partnerships' associations, entities and children, in three
    statements (no history, no signals: nothing else refers to them)."""
    from seemehearme.areas.models import Area
    from seemehearme.intelligence.models import Association, Entity
    from seemehearme.people.models import Child

    areas = list(Area.objects.filter(slug__startswith=BENCH_SLUG).values_list("pk", flat=True))
    for model in (Association, Entity, Child):
        rows = model.objects.filter(area_id__in=areas)
        rows._raw_delete(rows.db)


def node_ids(kinds: dict[int, str], first_entity: int, first_child: int) -> dict[int, int]:
    """Each generator node's id in the loaded network: entities numbered from ``first_entity``
    and children from ``first_child`` (negated), in the generator's order."""
    node: dict[int, int] = {}
    entities = children = 0
    for n, kind in kinds.items():
        if kind == "child":
            node[n] = -(first_child + children)
            children += 1
        else:
            node[n] = first_entity + entities
            entities += 1
    return node


def earlier_run(kinds: dict[int, str], links: int) -> tuple[int, dict[int, int]] | None:
    """The last run's partnership and node ids, if it wrote the same graph (``--reuse``)."""
    from django.db.models import Min

    from seemehearme.areas.models import Area
    from seemehearme.intelligence.models import Entity
    from seemehearme.people.models import Child

    area = (
        Area.objects.filter(slug__startswith=f"{BENCH_SLUG}-{len(kinds)}-{links}-")
        .order_by("-pk")
        .first()
    )
    if area is None:
        return None
    first_entity = Entity.objects.filter(area=area).aggregate(m=Min("pk"))["m"]
    first_child = Child.objects.filter(area=area).aggregate(m=Min("pk"))["m"]
    return area.pk, node_ids(kinds, first_entity or 0, first_child or 0)


def populate(
    pairs: Sequence[tuple[int, int]], kinds: dict[int, str], links: int, quiet: bool = False
) -> tuple[int, dict[int, int]]:
    """Write the graph into a new partnership; returns its id and each generator node's node
    id in the loaded network (an entity's pk, or minus a child's pk)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from seemehearme.areas.models import Agency, Area, StaffUser
    from seemehearme.intelligence.models import Association, Entity, intelligence_category
    from seemehearme.people.models import Child

    clear_earlier_runs()
    stamp = f"{len(kinds)}-{links}-{time.time_ns()}"
    area = Area.objects.create(name=f"Network bench {stamp}", slug=f"{BENCH_SLUG}-{stamp}")
    police = Agency.objects.create(area=area, name="Bench Police", kind="police")
    analyst = StaffUser.objects.create(username=f"bench.analyst.{stamp}", agency=police)
    category = intelligence_category()
    next_entity = (Entity.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_child = (Child.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    node = node_ids(kinds, next_entity, next_child)
    entities = [(node[n], kind) for n, kind in kinds.items() if kind != "child"]
    children = [node[n] for n, kind in kinds.items() if kind == "child"]

    def associations() -> Iterable[tuple[int, int | None, int | None]]:
        written = 0
        for a, b in pairs:
            x, y = node[a], node[b]
            if (x < 0 and y < 0) or x == y:
                continue  # two children, or a subject with itself: not an association
            if x < 0:
                x, y = y, x
            yield (x, y, None) if y > 0 else (x, None, -y)
            written += 1
            if written == links:
                return

    today = dt.date(2026, 11, 1)
    with transaction.atomic():
        insert(
            Child,
            ["id", "given_name"],
            {
                "area": area,
                "family_name": "Benchchild",
                "date_of_birth": dt.date(2011, 5, 17),
                "gender": "female",
                "ethnicity": "white",
            },
            ((-c, f"Bench{-c}") for c in children),
            total=len(children),
            quiet=quiet,
        )
        insert(
            Entity,
            ["id", "kind", "label"],
            {
                "area": area,
                "source_agency": police,
                "category_id": category,
                "recorded_by": analyst,
            },
            ((pk, kind, f"Bench {kind} {pk}") for pk, kind in entities),
            total=len(entities),
            quiet=quiet,
        )
        insert(
            Association,
            ["entity_id", "other_id", "child_id"],
            {
                "area": area,
                "relationship": "associate",
                "source_agency": police,
                "category_id": category,
                "reported_on": today,
                "source_evaluation": "2",
                "intelligence_assessment": "C",
                "handling_code": "P",
                "recorded_by": analyst,
            },
            associations(),
            total=links,
            quiet=quiet,
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Child, Entity]):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Child, Entity, Association):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return area.pk, node


def timed(label: str, step: Callable[[], Any], times: dict[str, float]) -> Any:
    started = time.perf_counter()
    result = step()
    times[label] = time.perf_counter() - started
    return result


def run(
    entities: int,
    links: int,
    seed: int = 5,
    networkx: bool = True,
    quiet: bool = False,
    reuse: bool = False,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Generate, write, then time; returns the figures (also said line by line)."""
    import igraph as ig
    from django.db import connection

    from seemehearme.networks import central_figures, communities, connected_groups
    from seemehearme.networks.loading import area_network

    bench = sibling("network_bench")
    started = time.perf_counter()
    # Ask for enough links that ``links`` remain once pairs of two children are left out.
    asked = int(links / (1 - CHILD_SHARE**2) * 1.02) + 100
    pairs, kinds, groups = bench.synthetic_graph(entities, asked, seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    found_earlier = earlier_run(kinds, links) if reuse else None
    area_id, node = found_earlier or populate(pairs, kinds, links, quiet)
    written = time.perf_counter() - started
    counts = area_network(area_id).graph  # a first load, to warm the database's cache
    say(
        f"database {connection.vendor}; {len(kinds):,} subjects, {counts.ecount():,} distinct "
        f"links; generated in {generated:.1f} s, "
        f"{'reused the last run' if found_earlier else f'written in {written:.1f} s'} (not timed); "
        f"cores {os.cpu_count()}"
    )

    warm = ig.Graph.Ring(50)  # the first PageRank or Leiden call in a process sets up; not timed
    warm.pagerank(directed=False)
    warm.community_leiden(objective_function="CPM", resolution=0.05)
    times: dict[str, float] = {}
    cpu_started = time.process_time()
    network = timed("load", lambda: area_network(area_id), times)
    timed("components", lambda: connected_groups(network), times)
    timed("pagerank", lambda: central_figures(network, top=20), times)
    found = timed("communities", lambda: communities(network, min_size=1), times)
    total = sum(times.values())
    cpu = time.process_time() - cpu_started
    planted = [[node[n] for n in group] for group in groups]
    share = bench.recovered(planted, found)
    say(bench.line("igraph from the database", times))
    say(
        f"  this process's CPU time {cpu:.2f} s (the database's own is not in it); load "
        f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    say(f"  communities {len(found):,}; planted groups recovered {share:.1%}")
    figures: dict[str, Any] = {
        "subjects": network.graph.vcount(),
        "links": network.graph.ecount(),
        "times": times,
        "total": total,
        "cpu": cpu,
        "recovered": share,
    }
    if networkx:
        nx_pairs = [(network.ids[a], network.ids[b]) for a, b in network.graph.get_edgelist()]
        nx_kinds = dict(zip(network.ids, network.kinds, strict=True))
        nx_cpu = time.process_time()
        nx_times, nx_found = bench.run_networkx(nx_pairs, nx_kinds)
        nx_total = sum(nx_times.values())
        nx_cpu = time.process_time() - nx_cpu
        nx_share = bench.recovered(planted, nx_found)
        say(bench.line("networkx, same graph (without loading it)", nx_times))
        say(
            f"  igraph including the load is {nx_total / total:.1f}x faster (CPU time "
            f"{nx_cpu / cpu:.1f}x); Louvain (modularity) recovered {nx_share:.1%}; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        figures |= {"networkx_total": nx_total, "networkx_recovered": nx_share}
    return figures


def main() -> None:
    os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=300_000)
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="time the last run's graph again if it is the same"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    run(args.entities, args.links, args.seed, networkx=not args.no_networkx, reuse=args.reuse)


if __name__ == "__main__":
    main()
