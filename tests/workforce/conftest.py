"""A partnership whose training and supervision were worked out by hand (see ``partnership``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.workforce.models import (
    SupervisionKind,
    SupervisionSession,
    SupervisionStandard,
    TrainingCourse,
    TrainingRecord,
)
from seemehearme.workforce.services import expiry_for
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory

ON = dt.date(2026, 6, 30)


def trained(staff, course, completed_on: dt.date) -> TrainingRecord:
    return TrainingRecord.objects.create(
        staff=staff,
        course=course,
        completed_on=completed_on,
        provider="Testshire training team",
        expires_on=expiry_for(course, completed_on),
        recorded_by=staff,
    )


def supervised(staff, held_on: dt.date, supervisor) -> SupervisionSession:
    return SupervisionSession.objects.create(
        supervisee=staff,
        supervisor=supervisor,
        held_on=held_on,
        kind=SupervisionKind.INDIVIDUAL,
        recorded_by=supervisor,
    )


@pytest.fixture
def partnership(db) -> SimpleNamespace:
    """Two courses (basic: 12 months, practitioners and team managers; screening: 24 months,
    practitioners), supervision every 31 days for practitioners, 62 for team managers, 14 for
    practitioners on the exploitation team. On 30 June 2026:

    ==========  ===============  =====================  =========  ==========  =========
    who         team             role                   trained    supervised  compliant
    ==========  ===============  =====================  =========  ==========  =========
    Ava         exploitation     practitioner           yes        10 days     yes
    Ben         exploitation     practitioner           expired    5 days      no
    Cal         exploitation     practitioner           yes        29 > 14     no
    Mia         exploitation     team manager           yes        46 <= 62    yes
    Dee         in care          practitioner           missing    20 <= 31    no
    Eli         police unit      practitioner           yes        29 <= 31    yes
    Fay         police unit      practitioner           yes        never       no
    Gus         police intel     analyst                (not in scope)
    Hal         police unit      practitioner, inactive (not in scope)
    Xan         another partnership: not counted
    ==========  ===============  =====================  =========  ==========  =========
    """
    TrainingCourse.objects.update(is_active=False)
    SupervisionStandard.objects.update(is_active=False)
    basic = TrainingCourse.objects.create(
        code="basic-test",
        name="Basic awareness",
        valid_for_months=12,
        required_for=[Role.PRACTITIONER, Role.TEAM_MANAGER],
    )
    screening = TrainingCourse.objects.create(
        code="screening-test",
        name="Using the screening tool",
        valid_for_months=24,
        required_for=[Role.PRACTITIONER],
    )
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name="Testshire Children's Services")
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    exploitation = TeamFactory(agency=social_care, name="Exploitation Team")
    in_care = TeamFactory(agency=social_care, name="In Care Team")
    police_unit = TeamFactory(agency=police, name="Exploitation Unit")
    intel = TeamFactory(agency=police, name="Intelligence Unit")
    SupervisionStandard.objects.create(role=Role.PRACTITIONER, interval_days=31)
    SupervisionStandard.objects.create(role=Role.TEAM_MANAGER, interval_days=62)
    SupervisionStandard.objects.create(role=Role.PRACTITIONER, team=exploitation, interval_days=14)

    def staff(first: str, team, role=Role.PRACTITIONER, **extra):
        return StaffUserFactory(first_name=first, last_name="Test", team=team, role=role, **extra)

    mia = staff("Mia", exploitation, Role.TEAM_MANAGER)
    ava, ben, cal = (staff(name, exploitation) for name in ("Ava", "Ben", "Cal"))
    dee = staff("Dee", in_care)
    eli, fay = staff("Eli", police_unit), staff("Fay", police_unit)
    gus = staff("Gus", intel, Role.INTELLIGENCE_ANALYST)
    hal = staff("Hal", police_unit, is_active=False)
    elsewhere = AreaFactory(slug="elsewhere", name="Elsewhere Partnership")
    xan = staff("Xan", TeamFactory(agency=AgencyFactory(area=elsewhere)))
    coordinator = staff("Cora", exploitation, Role.CSE_COORDINATOR)

    in_date = dt.date(2026, 1, 10)
    for person in (ava, ben, cal, eli, fay, hal, xan):
        trained(person, screening, in_date)
    for person in (ava, cal, mia, dee, eli, fay, hal, xan):
        trained(person, basic, in_date)
    trained(ben, basic, dt.date(2025, 3, 3))  # expired 3 March 2026
    trained(dee, screening, dt.date(2026, 7, 1))  # after the day of the figures
    supervised(ava, dt.date(2026, 6, 20), mia)
    supervised(ben, dt.date(2026, 6, 25), mia)
    supervised(cal, dt.date(2026, 6, 1), mia)
    supervised(mia, dt.date(2026, 5, 15), coordinator)
    supervised(dee, dt.date(2026, 6, 10), mia)
    supervised(eli, dt.date(2026, 6, 1), mia)
    supervised(hal, dt.date(2026, 6, 1), mia)
    supervised(xan, dt.date(2026, 6, 29), ava)
    # Supervision after the day of the figures does not count for it.
    supervised(fay, dt.date(2026, 7, 2), mia)
    return SimpleNamespace(**locals())
