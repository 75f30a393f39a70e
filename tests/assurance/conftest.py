"""A partnership with a council and a police force, its strategic lead, a CSE coordinator and
a few other roles, shared by the assurance tests. No child appears anywhere here."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from seemehearme.assurance.models import Expectation
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory


@pytest.fixture
def area():
    return AreaFactory()


@pytest.fixture
def council(area):
    return AgencyFactory(area=area, kind="social_care", name="Testshire Council")


@pytest.fixture
def police(area):
    return AgencyFactory(area=area, kind="police", name="Testshire Police")


def _staff(agency, role):
    return StaffUserFactory(role=role, agency=agency, team__agency=agency)


@pytest.fixture
def lead(council):
    return _staff(council, Role.STRATEGIC_LEAD)


@pytest.fixture
def coordinator(council):
    return _staff(council, Role.CSE_COORDINATOR)


@pytest.fixture
def practitioner(council):
    return _staff(council, Role.PRACTITIONER)


@pytest.fixture
def police_manager(police):
    return _staff(police, Role.TEAM_MANAGER)


@pytest.fixture
def police_officer(police):
    return _staff(police, Role.PRACTITIONER)


@pytest.fixture
def expectations():
    """The seeded expectations (migration 0002), offered in forms."""
    offered = list(Expectation.objects.filter(is_active=True))
    assert len(offered) >= 16
    return offered
