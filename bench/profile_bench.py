"""How long the problem profile (and the places page) takes over a large partnership.

Usage:
    uv run python bench/profile_bench.py [--children 100000] [--events 5000000]
        [--associations 300000] [--places 2000] [--persons 3000] [--groups 200]

SQLite by default, in a scratch directory. For PostgreSQL, point DATABASE_URL at an empty
database of its own, e.g.
    createdb -h 127.0.0.1 smh_profile_bench
    DATABASE_URL=postgresql://root@127.0.0.1:5432/smh_profile_bench \\
        uv run python bench/profile_bench.py

Children, agency persons and the bulk loading come from ``bench/sweep.py`` (generated inside the
database with INSERT ... SELECT over a series, a multiplicative hash for "randomness"). Here:
agency events with postcodes in nine districts (one in twelve with none) over the last two years;
places, persons of concern and groups (raw SQL: Django cannot bulk-create multi-table
inheritance); associations, most linking places, persons and groups to an at-risk 5% of
children, over the last two years; cases for 5% of children (a third closed) with patterns, and
disruption actions on some plans. Then it times building the profile for the last three months
(both versions published) and the places page's figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is scripts, not a package
from siblings import sibling

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-profile-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from seemehearme.areas.models import AgencyKind, Area, Role, StaffUser  # noqa: E402
from seemehearme.cases.models import (  # noqa: E402
    AbusePattern,
    Case,
    CasePattern,
    ClosureReason,
    RiskLevel,
)
from seemehearme.feeds.models import AgencyEvent, EventType, ImportBatch  # noqa: E402
from seemehearme.identity.models import AgencyPerson  # noqa: E402
from seemehearme.intelligence.models import (  # noqa: E402
    Association,
    Entity,
    Group,
    PersonOfConcern,
    Place,
    VenueType,
    intelligence_category,
)
from seemehearme.intelligence.places import places_and_trends  # noqa: E402
from seemehearme.intelligence.profile import (  # noqa: E402
    build_profile,
    default_period,
    published,
)
from seemehearme.people.models import Child  # noqa: E402
from seemehearme.plans.models import (  # noqa: E402
    ActionStatus,
    DisruptionTactic,
    PlanAction,
    ProtectionPlan,
)

sweep = sibling("sweep")
DAYS = 730
DISTRICTS = 9


def _q(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def events_insert(
    *, count: int, agencies: dict[str, Any], today: str, at_risk: int, children: int
) -> None:
    """``count`` events, each about one child; postcodes in districts NB1 to NB9."""
    batch = ImportBatch.objects.create(
        agency=agencies[AgencyKind.POLICE], channel="command", status="completed"
    )
    first_child = Child.objects.order_by("pk").values_list("pk", flat=True).first()
    first_person = AgencyPerson.objects.order_by("pk").values_list("pk", flat=True).first()
    assert first_child is not None
    assert first_person is not None
    types = {t.code: t for t in EventType.objects.all()}
    slots = [
        (slot, types[code].pk, types[code].category_id, agencies[kind].pk)
        for slot, (code, kind, _) in enumerate(sweep.BACKGROUND)
    ]
    now = timezone.now().isoformat()
    h = sweep._hash
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_profile_slots")
        cursor.execute(
            "CREATE TABLE bench_profile_slots (slot integer PRIMARY KEY, type_id bigint, "
            "category_id bigint, agency_id bigint)"
        )
        cursor.executemany("INSERT INTO bench_profile_slots VALUES (%s, %s, %s, %s)", slots)
        # A fifth of events are about the at-risk group (the first children); the rest anyone.
        child = (
            f"{first_child} + CASE WHEN n % 5 = 0 THEN {h('n', 2654435761, 1)} % {at_risk} "
            f"ELSE {h('n', 2654435761, 1)} % {children} END"
        )
        generated = (
            f"SELECT n, {child} AS child_id, {h('n', 40503, 17)} % {len(slots)} AS slot, "  # noqa: S608
            f"{h('n', 1103515245, 12345)} % {DAYS} AS days_ago, "
            f"{h('n', 69069, 3)} % 12 AS pc FROM ({sweep._series(count)}) AS s"
        )
        cursor.execute(
            f"INSERT INTO {_q(AgencyEvent)} (agency_id, source_id, event_type_id, "  # noqa: S608
            "category_id, occurred_on, location, postcode, detail, person_id, child_id, "
            "age_at_event, linked_people, oldest_linked_age, row_hash, batch_id, created_at, "
            "updated_at) "
            f"SELECT slots.agency_id, 'PB' || e.n, slots.type_id, slots.category_id, "
            f"{sweep._days_before(today, 'e.days_ago')}, '', "
            f"CASE WHEN e.pc >= {DISTRICTS} THEN '' "
            "ELSE 'NB' || (e.pc + 1) || ' ' || (e.n % 10) || 'AA' END, '', "
            f"e.child_id + {first_person - first_child}, e.child_id, 14, '[]', NULL, 'h', "
            f"{batch.pk}, '{now}', '{now}' "
            "FROM (" + generated + ") AS e CROSS JOIN bench_profile_slots slots "
            "WHERE slots.slot = e.slot"
        )
        cursor.execute("DROP TABLE bench_profile_slots")


def _pick(values: list[str], expr: str) -> str:
    cases = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE ({expr}) % {len(values)} {cases} END"


def entities_insert(
    *,
    area: Area,
    agency_id: int,
    analyst: StaffUser,
    places: int,
    persons: int,
    groups: int,
    today: str,
) -> dict[str, list[int]]:
    """Places, persons of concern and groups, in raw SQL (one INSERT per table)."""
    category = intelligence_category()
    now = timezone.now().isoformat()
    ids: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        for kind, count in (("place", places), ("person", persons), ("group", groups)):
            cursor.execute(
                f"INSERT INTO {_q(Entity)} (area_id, kind, label, source_agency_id, "  # noqa: S608
                "category_id, merged_into_id, recorded_by_id, recorded_at) "
                f"SELECT {area.pk}, '{kind}', 'Bench {kind} ' || n, {agency_id}, {category}, "
                f"NULL, {analyst.pk}, '{now}' FROM ({sweep._series(count)}) AS s"
            )
            ids[kind] = list(
                Entity.objects.filter(area=area, kind=kind)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        base = f"FROM {_q(Entity)} WHERE area_id = {area.pk} AND kind = "
        venues = [code for code, _ in VenueType.choices]
        district = f"'NB' || (id % {DISTRICTS} + 1)"
        cursor.execute(
            f"INSERT INTO {_q(Place)} (entity_ptr_id, name, venue_type, address, postcode, "
            f"district) SELECT id, label, {_pick(venues, 'id')}, '', {district} || ' 1AA', "
            f"{district} {base} 'place'"
        )
        birth = sweep._days_before(today, "6570 + (id * 7919) % 12000")  # 18 to 50
        cursor.execute(
            f"INSERT INTO {_q(PersonOfConcern)} (entity_ptr_id, given_name, family_name, "
            "aliases, date_of_birth, gender, ethnicity, nationality, concern) "
            f"SELECT id, 'Bench', label, '', CASE WHEN id % 4 = 0 THEN NULL ELSE {birth} END, "
            f"{_pick(['male', 'male', 'male', 'female', 'not_known'], 'id * 7')}, "
            f"{_pick(['white', 'asian', 'black', 'mixed', 'other', 'not_known'], 'id * 13')}, "
            f"{_pick(['British', 'British', 'British', '', 'Romanian', 'Pakistani'], 'id * 3')}, "
            f"{_pick(['suspect', 'suspect', 'facilitator', 'associate'], 'id * 11')} "
            f"{base} 'person'"
        )
        cursor.execute(
            f"INSERT INTO {_q(Group)} (entity_ptr_id, name, group_kind) "
            f"SELECT id, label, {_pick(['gang', 'group', 'network', 'online'], 'id')} "
            f"{base} 'group'"
        )
    patterns = list(AbusePattern.objects.values_list("pk", flat=True))
    through = Group.patterns.through
    through.objects.bulk_create(
        through(group_id=group, abusepattern_id=patterns[group % len(patterns)])
        for group in ids["group"]
    )
    return ids


def associations_insert(
    *,
    area: Area,
    agency_id: int,
    analyst: StaffUser,
    ids: dict[str, list[int]],
    count: int,
    at_risk: int,
    today: str,
) -> None:
    """``count`` associations: 60% place-child, 20% person-child, 10% group-child, 5%
    person-place and 5% person-group membership, dated over the last two years."""
    category = intelligence_category()
    first_child = Child.objects.order_by("pk").values_list("pk", flat=True).first()
    now = timezone.now().isoformat()
    h = sweep._hash
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_profile_entities")
        cursor.execute(
            "CREATE TABLE bench_profile_entities (kind varchar(10), k integer, id bigint)"
        )
        cursor.executemany(
            "INSERT INTO bench_profile_entities VALUES (%s, %s, %s)",
            [(kind, k, pk) for kind, pks in ids.items() for k, pk in enumerate(pks)],
        )
        shares = [
            ("place", None, "seen_at", 0.60),
            ("person", None, "seen_with", 0.20),
            ("group", None, "associate", 0.10),
            ("person", "place", "seen_at", 0.05),
            ("person", "group", "member", 0.05),
        ]
        for offset, (kind, other, relationship, share) in enumerate(shares):
            number = int(count * share)
            if not number or not ids[kind] or (other and not ids[other]):
                continue
            other_join = (
                f"JOIN bench_profile_entities y ON y.kind = '{other}' "
                f"AND y.k = {h('s.n', 40503, 29 + offset)} % {len(ids[other])} "
                if other
                else ""
            )
            child = (
                "NULL" if other else f"{first_child} + {h('s.n', 69069, 5 + offset)} % {at_risk}"
            )
            reported = sweep._days_before(today, h("s.n", 1103515245, 7 + offset) + f" % {DAYS}")
            cursor.execute(
                f"INSERT INTO {_q(Association)} (area_id, entity_id, other_id, child_id, "  # noqa: S608
                "relationship, event_id, source_agency_id, category_id, source_reference, "
                "reported_on, source_evaluation, intelligence_assessment, handling_code, "
                "handling_conditions, recorded_by_id, recorded_at, withdrawn_at, "
                "withdrawn_by_id, withdrawn_why) "
                f"SELECT {area.pk}, x.id, {'y.id' if other else 'NULL'}, "
                f"{child}, "
                f"'{relationship}', NULL, {agency_id}, {category}, '', "
                f"{reported}, "
                f"'1', 'B', 'P', '', {analyst.pk}, '{now}', NULL, NULL, '' "
                f"FROM ({sweep._series(number)}) AS s "
                f"JOIN bench_profile_entities x ON x.kind = '{kind}' "
                f"AND x.k = {h('s.n', 2654435761, 3 + offset)} % {len(ids[kind])} " + other_join
            )
        cursor.execute("DROP TABLE bench_profile_entities")


def cases_insert(*, area: Area, coordinator: StaffUser, share: float, today: dt.date) -> None:
    """Cases for every ``1 / share``-th child (a third closed), patterns on most, and
    disruption actions on a plan for every fifth case."""
    rng = random.Random(9)  # noqa: S311 - synthetic data, not security
    children = list(Child.objects.filter(area=area).order_by("pk").values_list("pk", flat=True))
    step = max(1, round(1 / share))
    levels = list(RiskLevel.objects.filter(scheme="category"))
    closure = ClosureReason.objects.first()
    patterns = list(AbusePattern.objects.all())
    tactics = list(DisruptionTactic.objects.all())
    cases = []
    for index, child_id in enumerate(children[::step]):
        opened = timezone.now() - dt.timedelta(days=rng.randrange(DAYS))
        closed = index % 3 == 0
        cases.append(
            Case(
                area=area,
                child_id=child_id,
                status="closed" if closed else "open",
                opened_at=opened,
                opened_by=coordinator,
                risk_level=levels[index % len(levels)],
                next_review_due=today + dt.timedelta(days=30),
                closed_at=opened + dt.timedelta(days=rng.randrange(20, 200)) if closed else None,
                closure_reason=closure if closed else None,
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)
    saved = list(Case.objects.filter(area=area).order_by("pk"))
    CasePattern.objects.bulk_create(
        (
            CasePattern(
                case=case,
                pattern=patterns[i % len(patterns)],
                why="Bench.",
                recorded_by=coordinator,
            )
            for i, case in enumerate(saved)
            if i % 4
        ),
        batch_size=2000,
    )
    plans = ProtectionPlan.objects.bulk_create(
        ProtectionPlan(
            case=case,
            aims="Bench.",
            review_due=today,
            created_by=coordinator,
            created_at=case.opened_at,
        )
        for case in saved[::5]
    )
    statuses = [code for code, _ in ActionStatus.choices]
    PlanAction.objects.bulk_create(
        (
            PlanAction(
                plan=plan,
                agency=coordinator.agency,
                owner=coordinator,
                description="Bench disruption.",
                due_on=today,
                status=statuses[i % len(statuses)],
                disruption_tactic=tactics[i % len(tactics)],
                disruption_target="Bench target",
                created_at=plan.created_at + dt.timedelta(days=3),
                created_by=coordinator,
            )
            for i, plan in enumerate(plans)
        ),
        batch_size=2000,
    )


def world_generate(
    *,
    children: int,
    events: int,
    associations: int,
    places: int,
    persons: int,
    groups: int,
    bulk: bool = True,
) -> StaffUser:
    """Fill the database; returns the analyst whose profile is timed."""
    today = timezone.localdate()
    at_risk = max(1, children // 20)
    with transaction.atomic():
        area, agencies = sweep.world_create(children)
        police = agencies[AgencyKind.POLICE]
        analyst = StaffUser.objects.create(
            username="bench.analyst", agency=police, role=Role.INTELLIGENCE_ANALYST
        )
        coordinator = StaffUser.objects.create(
            username="bench.coordinator", agency=police, role=Role.CSE_COORDINATOR
        )
        sweep.timed("children", lambda: sweep.children_insert(area, children, today.isoformat()))
        sweep.timed("agency persons", lambda: sweep.persons_insert(police))

    def load_events() -> None:
        events_insert(
            count=events,
            agencies=agencies,
            today=today.isoformat(),
            at_risk=at_risk,
            children=children,
        )

    if bulk:
        with sweep.bulk_loading(AgencyEvent):
            sweep.timed("events", load_events)
    else:
        sweep.timed("events", load_events)
    with transaction.atomic():
        ids = sweep.timed(
            "places, persons of concern and groups",
            lambda: entities_insert(
                area=area,
                agency_id=police.pk,
                analyst=analyst,
                places=places,
                persons=persons,
                groups=groups,
                today=today.isoformat(),
            ),
        )
        sweep.timed(
            "associations",
            lambda: associations_insert(
                area=area,
                agency_id=police.pk,
                analyst=analyst,
                ids=ids,
                count=associations,
                at_risk=at_risk,
                today=today.isoformat(),
            ),
        )
        sweep.timed(
            "cases, patterns and disruption actions",
            lambda: cases_insert(area=area, coordinator=coordinator, share=0.05, today=today),
        )
    return analyst


def profile_time(analyst: StaffUser) -> dict[str, float]:
    """Seconds to build and publish the profile for the last three months, and the places page."""
    start, end = default_period()
    took = {}
    began = time.perf_counter()
    figures = build_profile(user=analyst, start=start, end=end)
    took["build"] = time.perf_counter() - began
    began = time.perf_counter()
    published(figures, "restricted")
    published(figures, "board")
    took["publish both versions"] = time.perf_counter() - began
    began = time.perf_counter()
    places_and_trends(user=analyst, start=start, end=end)
    took["places and trends"] = time.perf_counter() - began
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--associations", type=int, default=300_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--persons", type=int, default=3_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="Time a partnership an earlier run generated in this database (SQLite: set "
        "SMH_VAR_DIR to that run's scratch directory).",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.existing:
        analyst = StaffUser.objects.get(username="bench.analyst")
        print(f"database: {connection.vendor}; the partnership generated before")
        _timings(analyst, args.repeats)
        return
    print(
        f"database: {connection.vendor}; {args.children:,} children, {args.events:,} events, "
        f"{args.associations:,} associations"
    )
    analyst = world_generate(
        children=args.children,
        events=args.events,
        associations=args.associations,
        places=args.places,
        persons=args.persons,
        groups=args.groups,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would
    print(
        f"stored: {AgencyEvent.objects.count():,} events, {Association.objects.count():,} "
        f"associations, {Case.objects.count():,} cases"
    )
    _timings(analyst, args.repeats)


def _timings(analyst: StaffUser, repeats: int) -> None:
    for run in range(1, repeats + 1):
        took = profile_time(analyst)
        total = sum(took.values())
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in took.items())
        print(f"run {run}: {total:.2f} s ({parts})")


if __name__ == "__main__":
    main()
