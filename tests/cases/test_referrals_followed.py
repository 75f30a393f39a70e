"""Referrals you have made: the referrer follows each referral's outcome, and nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import TriageDecision
from seemehearme.cases.services import keyworker_assign, referral_create, referral_triage
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory, risk_level

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def area():
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(area=area, name="Eastmere Police", kind=AgencyKind.POLICE)
    return {
        "area": area,
        "coordinator": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
        ),
        "teacher": StaffUserFactory(team=TeamFactory(agency=school), agency=school),
        "colleague": StaffUserFactory(team=TeamFactory(agency=school), agency=school),
        "officer": StaffUserFactory(team=TeamFactory(agency=police), agency=police),
        "worker": StaffUserFactory(team=triage_team, agency=triage_team.agency),
    }


def _refer(area, given: str, family: str, *, days_ago: int = 0):
    child = ChildFactory(area=area["area"], given_name=given, family_name=family)
    return referral_create(
        child=child,
        concerns="Seen getting into cars with older men after school (synthetic).",
        referred_by=area["teacher"],
        received_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_the_referrer_sees_each_referral_with_its_status_and_outcome(area, verified_client):
    waiting = _refer(area, "Robyn", "Eastmere")
    overdue = _refer(area, "Keira", "Oldbrook", days_ago=20)
    opened = _refer(area, "Maya", "Fenwick", days_ago=3)
    done = referral_triage(
        referral=opened,
        by=area["coordinator"],
        decision=TriageDecision.OPEN_CASE,
        reason="Several warning signs: a case is needed (synthetic, for the coordinator).",
        risk_level=risk_level(),
    )
    keyworker_assign(
        case=done.case,
        worker=area["worker"],
        by=area["coordinator"],
        reason="Knows the family",
        child_told=False,
    )
    declined = _refer(area, "Lily", "Brackwater", days_ago=4)
    referral_triage(
        referral=declined,
        by=area["coordinator"],
        decision=TriageDecision.NO_FURTHER_ACTION,
        reason="The school's pastoral support meets her needs.",
    )

    page = text(verified_client(area["teacher"]).get("/referrals/mine"))

    assert "Referrals you have made" in page
    for name in ["Robyn Eastmere", "Keira Oldbrook", "Maya Fenwick", "Lily Brackwater"]:
        assert name in page
    assert "Waiting for triage" in page
    assert "Overdue" in page
    assert "Accepted: case open, key worker named." in page
    assert "No further action: The school's pastoral support meets her needs." in page
    # What the coordinator wrote about an accepted case, and who the key worker is, stay put.
    assert "Several warning signs" not in page
    assert area["worker"].last_name not in page
    assert timezone.localtime(waiting.received_at).strftime("%B %Y") in page
    assert str(overdue.pk) in page
    # Following a referral gives no access to the record, and every name shown is logged.
    assert not relationship_to_child(area["teacher"], waiting.child).allowed
    logged = AccessLogEntry.objects.filter(user=area["teacher"], action=AccessAction.LISTED)
    assert logged.count() == 4
    assert {entry.basis for entry in logged} == {"made_the_referral"}


def test_nobody_else_sees_a_referrers_referrals(area, verified_client):
    _refer(area, "Robyn", "Eastmere")
    for other in (area["officer"], area["colleague"]):
        page = text(verified_client(other).get("/referrals/mine"))
        assert "Referrals you have made" in page
        assert "Robyn Eastmere" not in page
        assert "You have not made any referrals." in page


def test_roles_that_do_not_refer_are_refused(area, verified_client):
    dpo = StaffUserFactory(
        team=area["coordinator"].team,
        agency=area["coordinator"].agency,
        role=Role.DATA_PROTECTION_LEAD,
    )
    response = verified_client(dpo).get("/referrals/mine")
    assert response.status_code == 403
    assert "You cannot make referrals" in text(response)


def test_the_home_page_and_the_menu_link_to_it(area, verified_client):
    response = verified_client(area["teacher"]).get("/")
    soup = BeautifulSoup(response.content, "html.parser")
    links = [a.get_text(strip=True) for a in soup.select("a[href='/referrals/mine']")]
    assert links == ["Your referrals", "Your referrals"]  # the menu, then the home page
