"""Training and supervision for the demo staff: mostly in date, with a few realistic gaps so
the compliance figures are not all 100%. Deterministic (no randomness) and cheap: two bulk
inserts.

The gaps (docs/demo.md):
- Daniel Hargreave (``dan.police``): "Information sharing and the law" expired 30 days ago.
- Ben (``ben.outreach``): last supervision 45 days ago, overdue (practitioners: every 31 days).
- The last background social worker of the Children in Care Team never did "Trauma-informed
  practice"; the last background detective of the police unit has no supervision recorded.
"""

from __future__ import annotations

import datetime as dt

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.workforce.models import (
    SupervisionKind,
    SupervisionSession,
    SupervisionStandard,
    TrainingCourse,
    TrainingRecord,
)
from seemehearme.workforce.services import expiry_for, months_after

from . import structure as s

PROVIDER = "Northbridge Safeguarding Partnership training team"
KINDS = (SupervisionKind.INDIVIDUAL, SupervisionKind.GROUP, SupervisionKind.REFLECTIVE)


def demo_workforce_create(*, area: Area, as_of: dt.date) -> tuple[int, int]:
    """Create the demo staff's training and supervision; return how many of each."""
    staff = list(
        StaffUser.objects.filter(agency__area=area, is_active=True)
        .select_related("agency", "team")
        .order_by("pk")
    )
    by_username = {person.username: person for person in staff}
    coordinator = by_username["sam.coordinator"]
    manager = by_username["priya.manager"]
    courses = list(TrainingCourse.objects.filter(is_active=True))
    supervised_roles = set(
        SupervisionStandard.objects.filter(is_active=True).values_list("role", flat=True)
    )
    care_team = [p for p in staff if p.team and p.team.name == s.CHILDREN_IN_CARE_TEAM]
    police_unit = [
        p
        for p in staff
        if p.team and p.team.name == s.POLICE_EXPLOITATION_UNIT and p.role == Role.PRACTITIONER
    ]
    never_trained = {(care_team[-1].pk, "trauma-informed")} if care_team else set()
    never_supervised = {police_unit[-1].pk} if police_unit else set()

    records = []
    sessions = []
    for number, person in enumerate(staff):
        for course in courses:
            if person.role not in course.required_for:
                continue
            if (person.pk, course.code) in never_trained:
                continue
            if person.username == "dan.police" and course.code == "information-sharing":
                months = course.valid_for_months or 0
                completed = months_after(as_of - dt.timedelta(days=30), -months)
            else:  # in date: within the last year, spread out
                completed = as_of - dt.timedelta(days=20 + (number * 37 + course.order * 53) % 330)
            records.append(
                TrainingRecord(
                    staff=person,
                    course=course,
                    completed_on=completed,
                    provider=PROVIDER,
                    expires_on=expiry_for(course, completed),
                    recorded_by=coordinator,
                )
            )
        if person.role not in supervised_roles or person.pk in never_supervised:
            continue
        if person.pk == coordinator.pk or (person.team_id == manager.team_id and person != manager):
            supervisor = manager
        else:
            supervisor = coordinator
        last = 45 if person.username == "ben.outreach" else 3 + (number * 5) % 24
        for back, kind in zip((last, last + 30, last + 61), KINDS, strict=True):
            sessions.append(
                SupervisionSession(
                    supervisee=person,
                    supervisor=supervisor,
                    held_on=as_of - dt.timedelta(days=back),
                    kind=kind,
                    cases_discussed=2 + (number + back) % 5,
                    recorded_by=supervisor,
                )
            )
    TrainingRecord.objects.bulk_create(records)
    SupervisionSession.objects.bulk_create(sessions)
    return len(records), len(sessions)
