"""How long each board indicator takes, for a quarter and for its twelve-month trend, over a
large partnership.

Usage:
    uv run python bench/board_bench.py [--children 100000] [--events 5000000]

SQLite by default, in a scratch directory. For PostgreSQL, point DATABASE_URL at an empty
database of its own, e.g.
    createdb -h 127.0.0.1 smh_board_bench
    DATABASE_URL=postgresql://root@127.0.0.1:5432/smh_board_bench \\
        uv run python bench/board_bench.py

The partnership comes from ``bench/profile_bench.py`` (children, agency events, intelligence,
cases for 5% of children, a third closed, and disruption actions). Here, for every case: one
key worker (a second for every third case), a referral triaged within two days, three
decisions, reviews every 91 days from opening, each setting the next; and an early-warning flag,
decided within a week, for every other case's child. All dated over the last two years. For
the staff indicator, ``--staff`` members of staff (one in ten a team manager) spread over the
partnership's agencies, each with every course their role needs (completed at random over the
last two years, so some have expired) and supervision about monthly for a year with one gap
in eight longer than allowed; added to an ``--existing`` partnership too if it has none. Then it
times every indicator's figure for the quarter to this month and its twelve months.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is scripts, not a package
from siblings import sibling

os.environ.setdefault("SMH_VAR_DIR", tempfile.mkdtemp(prefix="smh-bench-board-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seemehearme.settings.dev")

import django

django.setup()


from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from seemehearme.areas.models import Agency, Area, Role, StaffUser  # noqa: E402
from seemehearme.board.dashboard import trend_points  # noqa: E402
from seemehearme.board.forms import PeriodForm  # noqa: E402
from seemehearme.board.indicators import INDICATORS  # noqa: E402
from seemehearme.cases.models import (  # noqa: E402
    Case,
    ChildSaysThings,
    Decision,
    KeyWorkerAssignment,
    Referral,
    Review,
    RiskLevel,
)
from seemehearme.earlywarning.models import Flag, FlagStatus, RuleSet  # noqa: E402
from seemehearme.feeds.models import AgencyEvent  # noqa: E402
from seemehearme.people.models import RelationshipKind, WorkingRelationship  # noqa: E402
from seemehearme.workforce.models import (  # noqa: E402
    SupervisionKind,
    SupervisionSession,
    TrainingCourse,
    TrainingRecord,
)
from seemehearme.workforce.services import expiry_for  # noqa: E402

profile_bench = sibling("profile_bench")
BATCH = 5000


def casework_insert(*, area: Area, coordinator: StaffUser) -> None:
    """Key workers, referrals, decisions, reviews and flags for the partnership's cases."""
    rng = random.Random(17)  # noqa: S311 - synthetic data, not security
    now = timezone.now()
    today = timezone.localdate()
    team = area.triage_team
    assert team is not None
    levels = list(RiskLevel.objects.filter(scheme="category").order_by("rank"))
    cases = list(Case.objects.filter(area=area).order_by("pk"))
    relationships: list[WorkingRelationship] = []
    starts: list[tuple[Case, dt.datetime, dt.datetime | None]] = []
    for index, case in enumerate(cases):
        end = case.closed_at or now
        change = case.opened_at + (end - case.opened_at) / 2 if index % 3 == 0 else None
        starts.append((case, case.opened_at, change))
        if change:
            starts.append((case, change, None))
    for case, started, _ in starts:
        relationships.append(
            WorkingRelationship(
                child_id=case.child_id,
                kind=RelationshipKind.KEY_WORKER,
                user=coordinator,
                started_on=timezone.localtime(started).date(),
            )
        )
    made = WorkingRelationship.objects.bulk_create(relationships, batch_size=BATCH)
    KeyWorkerAssignment.objects.bulk_create(
        (
            KeyWorkerAssignment(
                case=case,
                user=coordinator,
                relationship=relationship,
                started_at=started,
                ended_at=ended,
                reason="Bench.",
                child_told=True,
                assigned_by=coordinator,
            )
            for (case, started, ended), relationship in zip(starts, made, strict=True)
        ),
        batch_size=BATCH,
    )
    referrals, decisions, reviews, flags = [], [], [], []
    rule_set = RuleSet.objects.create(
        area=area, code="bench", version=1, name="Bench rules", rules={}
    )
    for index, case in enumerate(cases):
        received = case.opened_at - dt.timedelta(hours=rng.randrange(4, 60))
        referrals.append(
            Referral(
                area=area,
                child_id=case.child_id,
                concerns="Bench.",
                holding_team=team,
                received_at=received,
                triage_due_at=received + dt.timedelta(hours=24),
                triaged_at=case.opened_at,
                triaged_by=coordinator,
                triage_decision="open_case",
                triage_reason="Bench.",
                case=case,
            )
        )
        end = timezone.localtime(case.closed_at).date() if case.closed_at else today
        opened = timezone.localtime(case.opened_at).date()
        for step in range(3):
            took_part = (index + step) % 4 != 0
            decisions.append(
                Decision(
                    case=case,
                    made_on=opened + (end - opened) * (step + 1) / 4,
                    made_by=coordinator,
                    source_agency=coordinator.agency,
                    summary="Bench decision.",
                    child_took_part=took_part,
                    child_view="Bench view." if took_part else "",
                    how_weighed="Bench." if took_part else "",
                    why_without_child="" if took_part else "Bench.",
                )
            )
        held = opened + dt.timedelta(days=rng.randrange(60, 100))
        while held <= end:
            before, after = rng.choice(levels), rng.choice(levels)
            reviews.append(
                Review(
                    case=case,
                    held_on=held,
                    recorded_by=coordinator,
                    engagement="good",
                    risk_level_before=before,
                    risk_level_after=after,
                    child_says_things_are=rng.choice(ChildSaysThings.values),
                    summary="Bench review.",
                    next_review_due=held + dt.timedelta(days=91),
                )
            )
            held += dt.timedelta(days=rng.randrange(70, 110))
        if index % 2 == 0:
            raised = received - dt.timedelta(days=rng.randrange(1, 10))
            flags.append(
                Flag(
                    child_id=case.child_id,
                    rule_set=rule_set,
                    rule_code="three-signs",
                    rule_label="Three or more warning signs",
                    status=FlagStatus.CONFIRMED,
                    evaluated_at=raised,
                    as_of=raised.date(),
                    first_event_on=raised.date(),
                    last_event_on=raised.date(),
                    decided_by=coordinator,
                    decided_at=raised + dt.timedelta(hours=rng.randrange(2, 170)),
                    decision_reason="Bench.",
                )
            )
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    Flag.objects.bulk_create(flags, batch_size=BATCH)
    # raised_at is set when saved; put each flag's back to when it was raised.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(Flag._meta.db_table)} "  # noqa: S608
            "SET raised_at = evaluated_at"
        )


STAFF_PREFIX = "bench.staff."


def workforce_insert(*, area: Area, coordinator: StaffUser, staff: int) -> None:
    """``staff`` members of staff with training and supervision records (see the docstring)."""
    rng = random.Random(10)  # noqa: S311 - synthetic data, not security
    today = timezone.localdate()
    agencies = list(Agency.objects.filter(area=area))
    people = StaffUser.objects.bulk_create(
        [
            StaffUser(
                username=f"{STAFF_PREFIX}{number:05d}",
                password="!",  # unusable: nobody signs in as them
                agency=agencies[number % len(agencies)],
                role=Role.TEAM_MANAGER if number % 10 == 0 else Role.PRACTITIONER,
            )
            for number in range(staff)
        ],
        batch_size=BATCH,
    )
    courses = list(TrainingCourse.objects.filter(is_active=True))
    training = [
        TrainingRecord(
            staff=person,
            course=course,
            completed_on=(done := today - dt.timedelta(days=rng.randrange(730))),
            provider="Bench training",
            expires_on=expiry_for(course, done),
            recorded_by=coordinator,
        )
        for person in people
        for course in courses
        if person.role in course.required_for
    ]
    sessions = []
    for person in people:
        held = today - dt.timedelta(days=365)
        while held <= today:
            sessions.append(
                SupervisionSession(
                    supervisee=person,
                    supervisor=coordinator,
                    held_on=held,
                    kind=SupervisionKind.INDIVIDUAL,
                    recorded_by=coordinator,
                )
            )
            held += dt.timedelta(days=45 if rng.random() < 0.125 else 28)
    TrainingRecord.objects.bulk_create(training, batch_size=BATCH)
    SupervisionSession.objects.bulk_create(sessions, batch_size=BATCH)


def world_generate(*, children: int, events: int, bulk: bool = True, **sizes: int) -> Area:
    """The profile benchmark's partnership with case work added; returns the partnership."""
    analyst = profile_bench.world_generate(children=children, events=events, bulk=bulk, **sizes)
    coordinator = StaffUser.objects.get(username="bench.coordinator")
    area = analyst.agency.area
    with transaction.atomic():
        profile_bench.sweep.timed(
            "key workers, referrals, decisions, reviews and flags",
            lambda: casework_insert(area=area, coordinator=coordinator),
        )
    return area


def board_time(area: Area) -> dict[str, tuple[float, float]]:
    """Seconds for each indicator's figure for the quarter to this month, and its trend."""
    period = PeriodForm().period()
    took: dict[str, tuple[float, float]] = {}
    for indicator in INDICATORS:
        began = time.perf_counter()
        indicator.compute(area, period)
        figure = time.perf_counter() - began
        began = time.perf_counter()
        trend_points(indicator, area, period)
        took[indicator.code] = (figure, time.perf_counter() - began)
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--associations", type=int, default=300_000)
    parser.add_argument("--staff", type=int, default=3_000)
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
        area = StaffUser.objects.get(username="bench.coordinator").agency.area
        print(f"database: {connection.vendor}; the partnership generated before")
    else:
        print(f"database: {connection.vendor}; {args.children:,} children, {args.events:,} events")
        area = world_generate(
            children=args.children,
            events=args.events,
            associations=args.associations,
            places=2_000,
            persons=3_000,
            groups=200,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would
    coordinator = StaffUser.objects.get(username="bench.coordinator")
    if not StaffUser.objects.filter(username__startswith=STAFF_PREFIX).exists():
        with transaction.atomic():
            profile_bench.sweep.timed(
                f"{args.staff:,} staff with training and supervision",
                lambda: workforce_insert(area=area, coordinator=coordinator, staff=args.staff),
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    print(
        f"stored: {StaffUser.objects.count():,} staff, "
        f"{TrainingRecord.objects.count():,} training records, "
        f"{SupervisionSession.objects.count():,} supervision sessions, "
        f"{AgencyEvent.objects.count():,} events, {Case.objects.count():,} cases, "
        f"{Referral.objects.count():,} referrals, {Decision.objects.count():,} decisions, "
        f"{Review.objects.count():,} reviews, {Flag.objects.count():,} flags"
    )
    for run in range(1, args.repeats + 1):
        took = board_time(area)
        parts = ", ".join(
            f"{code} {figure:.2f} s + trend {trend:.2f} s" for code, (figure, trend) in took.items()
        )
        total = sum(figure + trend for figure, trend in took.values())
        print(f"run {run}: {total:.2f} s ({parts})")


if __name__ == "__main__":
    main()
