from __future__ import annotations

import pytest
from django.core.cache import cache

from seemehearme.areas.models import AgencyKind, Role
from tests.factories import AgencyFactory, StaffUserFactory, TeamFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit counts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def area(db):
    """A partnership with a triage team (a coordinator and a manager), and others."""
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    return {
        "area": area,
        "team": triage_team,
        "coordinator": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
        ),
        "manager": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.TEAM_MANAGER
        ),
        "practitioner": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.PRACTITIONER
        ),
        "teacher": StaffUserFactory(team=TeamFactory(agency=school), agency=school),
    }
