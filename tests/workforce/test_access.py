"""Who sees and records training and supervision (workforce.access)."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import Role
from seemehearme.workforce.access import (
    can_manage_team,
    can_record_for,
    can_see_compliance,
    can_see_own,
)
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CSE_COORDINATOR, True),
        (Role.STRATEGIC_LEAD, True),
        (Role.DATA_PROTECTION_LEAD, True),
        (Role.TEAM_MANAGER, False),
        (Role.PRACTITIONER, False),
        (Role.INTELLIGENCE_ANALYST, False),
        (Role.SYSTEM_ADMINISTRATOR, False),
    ],
)
def test_partnership_compliance_is_for_the_coordinator_strategic_and_data_protection_leads(
    role, allowed
):
    assert can_see_compliance(StaffUserFactory(role=role)).allowed is allowed


def test_everyone_active_with_an_agency_sees_their_own_records():
    assert can_see_own(StaffUserFactory()).allowed
    assert not can_see_own(StaffUserFactory(is_active=False)).allowed
    assert can_see_own(StaffUserFactory(team=None, agency=None)).basis == "no_agency"


def test_only_a_team_manager_manages_a_team():
    assert can_manage_team(StaffUserFactory(role=Role.TEAM_MANAGER)).allowed
    assert not can_manage_team(StaffUserFactory(role=Role.CSE_COORDINATOR)).allowed


def test_a_team_manager_records_for_their_own_team_only(partnership):
    assert can_record_for(partnership.mia, partnership.ava).allowed
    assert can_record_for(partnership.mia, partnership.dee).basis == "not_their_team"
    assert can_record_for(partnership.coordinator, partnership.dee).allowed
    assert can_record_for(partnership.coordinator, partnership.xan).basis == "other_area"
    assert not can_record_for(partnership.ava, partnership.ben).allowed


@pytest.mark.parametrize(
    ("role", "offered_here"),
    [
        (Role.PRACTITIONER, {"Training and supervision"}),
        (Role.TEAM_MANAGER, {"Training and supervision", "Your team's training"}),
        (Role.STRATEGIC_LEAD, {"Training and supervision", "Workforce compliance"}),
        (Role.CSE_COORDINATOR, {"Training and supervision", "Workforce compliance"}),
    ],
)
def test_the_menu_offers_the_pages_each_role_may_open(verified_client, role, offered_here):
    from tests.web.test_navigation import offered

    client = verified_client(StaffUserFactory(role=role))
    links = offered(client.get("/"))
    workforce = {label for label, href in links.items() if href.startswith("/workforce/")}
    assert workforce == offered_here
    for href in (links[label] for label in workforce):
        assert client.get(href).status_code == 200
