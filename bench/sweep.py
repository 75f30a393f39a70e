"""How long the early-warning sweep takes over a large area, and for one child after one event.

Usage:
    uv run python bench/sweep.py [--children 100000] [--events 5000000] [--repeats 21]

SQLite by default, in a scratch directory. For PostgreSQL, point DATABASE_URL at an empty
database of its own, e.g.
    createdb -h 127.0.0.1 smh_bench_sweep
    DATABASE_URL=postgresql://root@127.0.0.1:5432/smh_bench_sweep uv run python bench/sweep.py

Children and events are generated inside the database (INSERT ... SELECT over a generated
series, with a multiplicative hash for "randomness"), so the same arguments give the same data
on both databases. Most events are background (school absences, police incidents, single A&E
visits...) spread over every child; a small at-risk group (2% of children by default) gets the
events that map to warning signs. Events are dated over the last three years. Every event's
agency person is the child's police record: the sweep never reads it.

PostgreSQL's statistics are gathered (as autovacuum would); SQLite is left without any (no
ANALYZE), as a deployment would be. It then times: the first full sweep (which raises every
flag), a second full sweep (the steady state: everything re-evaluated, nothing changes), and one
new event for one child re-scored incrementally (median and 95th percentile over --repeats
children).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-sweep-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from seemehearme.areas.models import Agency, AgencyKind, Area, Role, StaffUser, Team  # noqa: E402
from seemehearme.earlywarning.models import Flag, FlagEvidence  # noqa: E402
from seemehearme.earlywarning.services import default_rule_set_install  # noqa: E402
from seemehearme.earlywarning.sweep import sweep  # noqa: E402
from seemehearme.feeds.models import AgencyEvent, EventType, ImportBatch  # noqa: E402
from seemehearme.identity.models import AgencyPerson  # noqa: E402
from seemehearme.people.models import Child  # noqa: E402

DAYS = 1095
PRIME = 4294967291  # the largest prime below 2**32

# (event type, agency kind, weight): background events, spread over every child.
BACKGROUND = [
    ("school-absence", AgencyKind.SCHOOL, 45),
    ("police-incident", AgencyKind.POLICE, 24),
    ("intelligence-report", AgencyKind.POLICE, 8),
    ("return-interview", AgencyKind.SOCIAL_CARE, 6),
    ("placement-move", AgencyKind.SOCIAL_CARE, 6),
    ("ae-attendance", AgencyKind.HEALTH, 4),
    ("absent-episode", AgencyKind.POLICE, 3),
    ("mental-health", AgencyKind.HEALTH, 2),
    ("school-exclusion", AgencyKind.SCHOOL, 1),
    ("arrest", AgencyKind.POLICE, 1),
]
# Events that map to warning signs, for the at-risk group.
AT_RISK = [
    ("missing-episode", AgencyKind.POLICE, 20),
    ("school-absence", AgencyKind.SCHOOL, 20),
    ("self-harm", AgencyKind.HEALTH, 7),
    ("substance-misuse", AgencyKind.HEALTH, 7),
    ("sexual-health-attendance", AgencyKind.HEALTH, 6),
    ("found-with-adult", AgencyKind.POLICE, 6),
    ("online-concern", AgencyKind.VOLUNTARY, 6),
    ("gifts-or-money", AgencyKind.SOCIAL_CARE, 6),
    ("arrest", AgencyKind.POLICE, 6),
    ("youth-offending", AgencyKind.YOUTH_JUSTICE, 5),
    ("suicidal-thoughts", AgencyKind.HEALTH, 4),
    ("mental-health", AgencyKind.HEALTH, 4),
    ("pregnancy-or-termination", AgencyKind.HEALTH, 3),
]
assert sum(w for *_, w in BACKGROUND) == 100
assert sum(w for *_, w in AT_RISK) == 100


def _table(model) -> str:  # type: ignore[no-untyped-def]
    return connection.ops.quote_name(model._meta.db_table)


def _hash(expr: str, multiplier: int, offset: int) -> str:
    """A value in [0, PRIME) that looks random, the same on SQLite and PostgreSQL."""
    return f"((({expr}) * {multiplier} + {offset}) % {PRIME})"


def _series(count: int) -> str:
    """A query giving n = 0 .. count - 1."""
    if connection.vendor == "postgresql":
        return f"SELECT generate_series(0, {count - 1})::bigint AS n"
    return (
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq "  # noqa: S608
        f"WHERE n < {count - 1}) SELECT n FROM seq"
    )


def _days_before(today: str, days_expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"(DATE '{today}' - ({days_expr})::int)"
    return f"date('{today}', '-' || ({days_expr}) || ' days')"


def world_create(children: int) -> tuple[Area, dict[str, Agency]]:
    area = Area.objects.create(name="Benchshire Safeguarding Partnership", slug="benchshire")
    agencies = {
        kind: Agency.objects.create(area=area, name=f"Benchshire {label}", kind=kind)
        for kind, label in AgencyKind.choices
    }
    triage = Team.objects.create(agency=agencies[AgencyKind.SOCIAL_CARE], name="Triage")
    area.triage_team = triage
    area.save()
    dpo = StaffUser.objects.create(
        username="bench.dpo",
        agency=agencies[AgencyKind.SOCIAL_CARE],
        role=Role.DATA_PROTECTION_LEAD,
    )
    default_rule_set_install(area=area, approved_by=dpo, reference="Bench minute 1")
    return area, agencies


def children_insert(area: Area, count: int, today: str) -> None:
    now = timezone.now().isoformat()
    genders = ["female", "male", "female", "male", "non_binary", "not_known"]
    ethnicities = ["white", "white", "white", "asian", "black", "mixed", "other", "not_known"]
    care = ["none", "none", "none", "none", "child_in_need", "child_protection", "looked_after"]

    def pick(values: list[str], multiplier: int) -> str:
        cases = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
        return f"CASE {_hash('n', multiplier, 7)} % {len(values)} {cases} END"

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(Child)} (area_id, given_name, family_name, known_as, "  # noqa: S608
            "date_of_birth, gender, ethnicity, address, postcode, care_status, disability, "
            "first_language, created_at, updated_at) "
            f"SELECT {area.pk}, 'Bench' || n, 'Child', '', "
            f"{_days_before(today, '3650 + ' + _hash('n', 40503, 11) + ' % 2900')}, "
            f"{pick(genders, 69069)}, {pick(ethnicities, 1103515245)}, '', 'ZZ1 1AA', "
            f"{pick(care, 22695477)}, 'none', 'English', '{now}', '{now}' "
            f"FROM ({_series(count)}) AS s"
        )


def persons_insert(agency: Agency) -> None:
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(AgencyPerson)} (agency_id, source_person_id, given_name, "  # noqa: S608
            "family_name, date_of_birth, gender, ethnicity, address, postcode, school, "
            "nhs_number, upn, child_id, first_seen_at, updated_at) "
            f"SELECT {agency.pk}, 'P' || id, given_name, family_name, date_of_birth, gender, "
            f"'', '', postcode, '', '', '', id, '{now}', '{now}' FROM {_table(Child)} ORDER BY id"
        )


def _slots(
    mix: list[tuple[str, str, int]], agencies: dict[str, Agency]
) -> list[tuple[int, int, int]]:
    """One (event type id, category id, agency id) per percentage point."""
    types = {t.code: t for t in EventType.objects.all()}
    return [
        (types[code].pk, types[code].category_id, agencies[kind].pk)
        for code, kind, weight in mix
        for _ in range(weight)
    ]


def events_insert(
    *, count: int, children: int, at_risk_share: float, agencies: dict[str, Agency], today: str
) -> None:
    batch = ImportBatch.objects.create(
        agency=agencies[AgencyKind.POLICE], channel="command", status="completed"
    )
    child_ids = Child.objects.order_by("pk").values_list("pk", flat=True)
    first_child = child_ids.first()
    # Persons were inserted in the children's order: a child's person is at the same offset.
    first_person = AgencyPerson.objects.order_by("pk").values_list("pk", flat=True).first()
    person_of_child = f"(e.child_id + {first_person - first_child})"
    at_risk = max(1, int(children * at_risk_share))
    at_risk_events = int(count * min(0.5, at_risk_share * 2.5))
    now = timezone.now().isoformat()
    slot_table = "bench_slots"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {slot_table}")
        cursor.execute(
            f"CREATE TABLE {slot_table} (mix integer, slot integer, type_id bigint, "
            "category_id bigint, agency_id bigint, PRIMARY KEY (mix, slot))"
        )
        rows = [
            (mix, slot, *values)
            for mix, slots in enumerate([_slots(BACKGROUND, agencies), _slots(AT_RISK, agencies)])
            for slot, values in enumerate(slots)
        ]
        cursor.executemany(f"INSERT INTO {slot_table} VALUES (%s, %s, %s, %s, %s)", rows)  # noqa: S608
        # The at-risk group is the first children; background events go to anyone.
        child_expr = (
            f"{first_child} + CASE WHEN n < {at_risk_events} "
            f"THEN {_hash('n', 2654435761, 1)} % {at_risk} "
            f"ELSE {_hash('n', 2654435761, 1)} % {children} END"
        )
        mix_expr = f"CASE WHEN n < {at_risk_events} THEN 1 ELSE 0 END"
        generated = (
            f"SELECT n, {child_expr} AS child_id, {mix_expr} AS mix, "  # noqa: S608
            f"{_hash('n', 40503, 17)} % 100 AS slot, "
            f"{_hash('n', 1103515245, 12345)} % {DAYS} AS days_ago, "
            f"10 + {_hash('n', 69069, 3)} % 8 AS age, "
            f"14 + {_hash('n', 22695477, 5)} % 30 AS linked "
            f"FROM ({_series(count)}) AS s"
        )
        cursor.execute(
            f"INSERT INTO {_table(AgencyEvent)} (agency_id, source_id, event_type_id, "  # noqa: S608
            "category_id, occurred_on, location, postcode, detail, person_id, child_id, "
            "age_at_event, linked_people, oldest_linked_age, row_hash, batch_id, created_at, "
            "updated_at) "
            f"SELECT slots.agency_id, 'B' || e.n, slots.type_id, slots.category_id, "
            f"{_days_before(today, 'e.days_ago')}, '', '', '', {person_of_child}, e.child_id, "
            "e.age, '[]', CASE WHEN slots.type_id = "
            f"{EventType.objects.get(code='found-with-adult').pk} THEN e.linked END, "
            f"'h', {batch.pk}, '{now}', '{now}' "
            # CROSS JOIN keeps the generated rows as SQLite's outer loop (one lookup each).
            f"FROM ({generated}) AS e CROSS JOIN {slot_table} slots "
            "WHERE slots.mix = e.mix AND slots.slot = e.slot"
        )
        cursor.execute(f"DROP TABLE {slot_table}")


@contextmanager
def bulk_loading(model) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Load fast: secondary indexes dropped and rebuilt after, foreign keys not checked row by
    row (the generated rows are consistent by construction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
                "NOT IN (SELECT conname FROM pg_constraint)",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        indexes = cursor.fetchall()
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            yield
            for _, sql in indexes:
                cursor.execute(sql)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    took = time.perf_counter() - started
    print(f"{label}: {took:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--at-risk-share", type=float, default=0.02)
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    print(f"database: {connection.vendor}; {args.children:,} children, {args.events:,} events")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB for loading and indexing
    with transaction.atomic():
        area, agencies = world_create(args.children)
        timed("children", lambda: children_insert(area, args.children, today.isoformat()))
        timed("agency persons", lambda: persons_insert(agencies[AgencyKind.POLICE]))
    with bulk_loading(AgencyEvent):
        timed(
            "events",
            lambda: events_insert(
                count=args.events,
                children=args.children,
                at_risk_share=args.at_risk_share,
                agencies=agencies,
                today=today.isoformat(),
            ),
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")  # as autovacuum would; SQLite is left without statistics
        else:
            cursor.execute("PRAGMA cache_size = -2000")  # back to the default for the timings
    print(f"events stored: {AgencyEvent.objects.count():,}")

    first = timed("full sweep, first run (raises every flag)", lambda: sweep(area=area))
    print(f"  {first}; {FlagEvidence.objects.count():,} evidence rows")
    print(
        f"  children flagged: {Flag.objects.values('child').distinct().count():,} of "
        f"{args.children:,}"
    )
    for rule_code, count in (
        Flag.objects.values_list("rule_code").annotate(n=Count("id")).order_by("rule_code")
    ):
        print(f"    {rule_code}: {count:,}")
    again = timed("full sweep, steady state (nothing changed)", lambda: sweep(area=area))
    print(f"  {again}")

    # One new event for one child, re-scored incrementally: half at-risk, half background.
    missing = EventType.objects.get(code="missing-episode")
    police = agencies[AgencyKind.POLICE]
    batch = ImportBatch.objects.first()
    first_child = Child.objects.order_by("pk").values_list("pk", flat=True).first()
    assert first_child is not None
    assert batch is not None
    at_risk = max(1, int(args.children * args.at_risk_share))
    step = max(1, args.children // args.repeats)
    timings = []
    for index in range(args.repeats):
        child_id = first_child + (
            (index * 37) % at_risk if index % 2 == 0 else (index * step) % args.children
        )
        person = AgencyPerson.objects.get(child_id=child_id)
        AgencyEvent.objects.create(
            agency=police,
            source_id=f"NEW{index}",
            event_type=missing,
            category_id=missing.category_id,
            occurred_on=today,
            person=person,
            child_id=child_id,
            age_at_event=14,
            row_hash="n",
            batch=batch,
        )
        started = time.perf_counter()
        sweep(area=area, child_ids={child_id})
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"one new event, one child re-scored: median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms "
        f"over {args.repeats} children"
    )


if __name__ == "__main__":
    main()
