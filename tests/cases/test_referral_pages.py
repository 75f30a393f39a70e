"""Refer a child, the triage queue and triage, through the real pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import Case, Referral, ReferralSource, TriageDecision
from seemehearme.cases.services import referral_create, referral_triage
from seemehearme.people.models import Child, RelationshipKind, WorkingRelationship
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import (
    AgencyFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
    risk_level,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    """A partnership with a triage team (a coordinator and a manager) and a school."""
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    school = AgencyFactory(area=area, name="Eastmere Academy", kind=AgencyKind.SCHOOL)
    return {
        "area": area,
        "team": triage_team,
        "school": school,
        "coordinator": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
        ),
        "manager": StaffUserFactory(
            team=triage_team, agency=triage_team.agency, role=Role.TEAM_MANAGER
        ),
        "teacher": StaffUserFactory(team=TeamFactory(agency=school), agency=school),
    }


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def typed(given="Robyn", family="Eastmere", born=dt.date(2011, 2, 3)) -> dict[str, str]:
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }


NEW_CHILD = {"gender": "female", "postcode": "zz1 1aa", "school": ""}
CONCERNS = {
    "concerns": "Collected from school by a man in his twenties in a silver car, twice this week.",
    "child_knows": "not_sure",
}


def refer(client, *, details: dict | None = None, **find) -> object:
    """Walk through the steps and send the referral; returns the last response."""
    data = typed(**find)
    client.post("/referrals/new", {"step": "find", **data})
    if details is not None:
        data |= details
        client.post("/referrals/new", {"step": "child", **data})
    return client.post("/referrals/new", {"step": "concerns", **data, **CONCERNS})


# --- Refer a child ----------------------------------------------------------------------------


def test_referring_a_known_child_adds_to_their_record_and_reveals_nothing(area, verified_client):
    child = ChildFactory(
        area=area["area"],
        given_name="Robyn",
        family_name="Eastmere",
        date_of_birth=dt.date(2011, 2, 3),
        postcode="ZZ9 9ZZ",
        school=AgencyFactory(area=area["area"], name="Northfield High", kind=AgencyKind.SCHOOL),
    )
    client = verified_client(area["teacher"])
    response = client.post(
        "/referrals/new", {"step": "find", **typed(given="robyn", family="EASTMERE")}
    )
    page = text(response)
    assert "Your concerns" in page  # straight to the concerns: no details asked or shown
    assert "ZZ9 9ZZ" not in page
    assert "Northfield High" not in page
    assert "Female" not in page
    match = AccessLogEntry.objects.get(child=child, user=area["teacher"])
    assert match.action == AccessAction.SEARCH_RESULT
    assert "nothing shown" in match.subject

    response = refer(client, given="robyn", family="EASTMERE")
    assert response.status_code == 302
    assert response["Location"] == "/referrals/sent"  # no name in any URL
    assert Child.objects.filter(family_name__iexact="Eastmere").count() == 1
    referral = Referral.objects.get(child=child)
    assert referral.referred_by == area["teacher"]
    assert referral.referring_agency == area["school"]
    assert referral.child_knows is None
    # Referring gives the referrer no access to the record.
    assert not relationship_to_child(area["teacher"], child).allowed
    sent = text(client.get("/referrals/sent"))
    assert "Referral sent" in sent
    assert str(referral.pk) in sent
    assert "Robyn" not in sent


def test_referring_a_child_the_partnership_does_not_know_adds_them(area, verified_client):
    client = verified_client(area["teacher"])
    response = client.post("/referrals/new", {"step": "find", **typed(given="Kai")})
    assert "Tell us about the child" in text(response)

    bad = client.post(
        "/referrals/new", {"step": "child", **typed(given="Kai"), "postcode": "not a postcode"}
    )
    page = text(bad)
    assert "There is a problem" in page
    assert "Choose the child's gender, or 'Not known'" in page
    assert "Enter a real postcode, like ZZ1 1AA" in page

    response = refer(client, given="Kai", details={**NEW_CHILD, "school": str(area["school"].pk)})
    assert response.status_code == 302
    child = Child.objects.get(given_name="Kai", family_name="Eastmere")
    assert child.area == area["area"]
    assert child.postcode == "ZZ1 1AA"
    assert child.school == area["school"]
    assert child.ethnicity == "not_known"
    assert Referral.objects.get(child=child).holding_team == area["team"]
    assert not relationship_to_child(area["teacher"], child).allowed


def test_children_sharing_a_name_and_birthday_are_told_apart_by_the_details(area, verified_client):
    born = dt.date(2011, 2, 3)
    here = ChildFactory(
        area=area["area"], given_name="Sam", family_name="Lee", date_of_birth=born, gender="male"
    )
    there = ChildFactory(
        area=area["area"],
        given_name="Sam",
        family_name="Lee",
        date_of_birth=born,
        gender="female",
        postcode="ZZ2 2BB",
    )
    client = verified_client(area["teacher"])
    # Two matches: the referrer is asked for details, exactly as for an unknown child.
    page = text(client.post("/referrals/new", {"step": "find", **typed("Sam", "Lee", born)}))
    assert "Tell us about the child" in page
    refer(client, given="Sam", family="Lee", born=born, details={**NEW_CHILD, "postcode": "zz22bb"})
    assert Referral.objects.get().child == there
    assert Child.objects.filter(given_name="Sam").count() == 2
    # Details that fit neither mean a different child, who is added.
    refer(
        client, given="Sam", family="Lee", born=born, details={**NEW_CHILD, "gender": "non_binary"}
    )
    assert Child.objects.filter(given_name="Sam").count() == 3
    assert not Referral.objects.filter(child=here).exists()


def test_a_name_and_date_of_birth_are_both_needed(area, verified_client):
    response = verified_client(area["teacher"]).post(
        "/referrals/new", {"step": "find", "given_name": "Robyn", "family_name": "Eastmere"}
    )
    page = text(response)
    assert "There is a problem" in page
    assert "Enter the date of birth" in page
    assert not Referral.objects.exists()


def test_the_deadline_shown_counts_working_days(area, verified_client):
    christmas_eve = timezone.make_aware(dt.datetime(2026, 12, 24, 15, 0))
    with time_machine.travel(christmas_eve, tick=False):
        client = verified_client(area["teacher"])
        refer(client, details=NEW_CHILD)
        page = text(client.get("/referrals/sent"))
    # Christmas Day, the weekend and the Boxing Day substitute holiday do not count.
    assert "15:00 on Tuesday 29 December 2026" in page


def test_a_coordinator_can_record_a_community_concern(area, verified_client):
    client = verified_client(area["coordinator"])
    data = {**typed(), **NEW_CHILD}
    page = text(client.post("/referrals/new", {"step": "child", **data}))
    assert "Who raised the concern?" in page
    missing = client.post(
        "/referrals/new", {"step": "concerns", **data, **CONCERNS, "source": "community"}
    )
    assert "Say who raised the concern" in text(missing)
    client.post(
        "/referrals/new",
        {
            "step": "concerns",
            **data,
            **CONCERNS,
            "source": "community",
            "referrer_description": "A shopkeeper on Mill Street",
        },
    )
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.COMMUNITY
    assert referral.referrer_description == "A shopkeeper on Mill Street"
    assert referral.referred_by == area["coordinator"]


def test_only_a_coordinator_records_community_concerns(area, verified_client):
    client = verified_client(area["teacher"])
    data = {**typed(), **NEW_CHILD}
    assert "Who raised the concern?" not in text(
        client.post("/referrals/new", {"step": "child", **data})
    )
    client.post(
        "/referrals/new",
        {
            "step": "concerns",
            **data,
            **CONCERNS,
            "source": "community",
            "referrer_description": "x",
        },
    )
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.AGENCY
    assert referral.referrer_description == ""


def test_staff_who_do_not_work_with_children_cannot_refer(area, verified_client):
    admin = StaffUserFactory(
        team=area["team"], agency=area["team"].agency, role=Role.INTELLIGENCE_ANALYST
    )
    response = verified_client(admin).get("/referrals/new")
    assert response.status_code == 403
    assert "your role does not make them" in text(response)


# --- The triage queue ---------------------------------------------------------------------------


@pytest.fixture
def midweek():
    """Noon on a Friday with no bank holiday near it: a referral 3 or 5 days old is then past
    its working-day triage deadline, whatever day the tests run on."""
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 11, 20, 12, 0)), tick=False):
        yield


def _referral(area, *, given: str, days_ago: float = 0, **kwargs) -> Referral:
    child = ChildFactory(area=area["area"], given_name=given, family_name="Queue")
    return referral_create(
        child=child,
        concerns=f"Concerns about {given}.",
        referred_by=area["teacher"],
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        **kwargs,
    )


def test_the_queue_shows_oldest_first_and_what_is_overdue(area, verified_client, midweek):
    late = _referral(area, given="Olderchild", days_ago=5)
    fresh = _referral(area, given="Newerchild")
    response = verified_client(area["coordinator"]).get("/referrals/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("table")[0].select("tbody tr")
    assert [row.select("td")[0].get_text(strip=True) for row in rows] == [
        "Olderchild Queue",
        "Newerchild Queue",
    ]
    assert "Overdue" in rows[0].get_text()
    assert "Overdue" not in rows[1].get_text()
    logged = AccessLogEntry.objects.filter(user=area["coordinator"], action="listed")
    assert {entry.child_id for entry in logged} == {late.child_id, fresh.child_id}
    assert all(entry.allowed and entry.basis == "referral_holder" for entry in logged)


def test_a_manager_sees_how_many_are_overdue(area, verified_client, midweek):
    _referral(area, given="Olderchild", days_ago=5)
    _referral(area, given="Alsolate", days_ago=3)
    _referral(area, given="Newerchild")
    page = text(verified_client(area["manager"]).get("/referrals/"))
    assert "2 referrals are overdue for triage." in page


def test_the_queue_shows_recent_decisions(area, verified_client):
    referral = _referral(area, given="Decided", days_ago=2)
    referral_triage(
        referral=referral,
        by=area["coordinator"],
        decision=TriageDecision.SIGNPOST,
        reason="Known to the youth service, which will follow up.",
    )
    soup = BeautifulSoup(
        verified_client(area["coordinator"]).get("/referrals/").content, "html.parser"
    )
    assert "No referrals are waiting for triage." in soup.get_text()
    recent = soup.select("table")[0].get_text(" ", strip=True)
    assert "Decided Queue" in recent
    assert "Signpost to other support" in recent


@pytest.mark.parametrize(
    "who",
    ["teacher", "practitioner_in_triage_team", "manager_of_another_team"],
)
def test_only_the_triage_teams_coordinators_and_managers_see_the_queue(area, verified_client, who):
    _referral(area, given="Hidden", days_ago=5)
    user = {
        "teacher": area["teacher"],
        "practitioner_in_triage_team": StaffUserFactory(
            team=area["team"], agency=area["team"].agency
        ),
        "manager_of_another_team": StaffUserFactory(
            team=TeamFactory(agency=area["team"].agency), role=Role.TEAM_MANAGER
        ),
    }[who]
    response = verified_client(user).get("/referrals/")
    assert response.status_code == 403
    assert "Hidden" not in text(response)
    assert not AccessLogEntry.objects.filter(user=user).exists()


# --- Triage -----------------------------------------------------------------------------------


def test_the_triage_page_lists_earlier_referrals(area, verified_client):
    first = _referral(area, given="Again", days_ago=200)
    referral_triage(
        referral=first,
        by=area["coordinator"],
        decision=TriageDecision.SIGNPOST,
        reason="Signposted to the youth club's mentoring scheme.",
    )
    second = referral_create(
        child=first.child, concerns="Missing overnight again.", referred_by=area["teacher"]
    )
    response = verified_client(area["coordinator"]).get(f"/referrals/{second.pk}/triage")
    assert response.status_code == 200
    page = text(response)
    assert "Re-referral" in page
    assert "Missing overnight again." in page
    earlier = BeautifulSoup(response.content, "html.parser").select_one(".smh-earlier-referrals")
    assert earlier is not None
    row = earlier.get_text(" ", strip=True)
    assert "Signpost to other support" in row
    assert "Signposted to the youth club's mentoring scheme." in row
    assert area["school"].name in row
    entry = AccessLogEntry.objects.get(child=second.child, user=area["coordinator"])
    assert entry.allowed
    assert entry.basis == "referral_holder"
    assert entry.path == f"/referrals/{second.pk}/triage"


def test_triage_without_a_reason_shows_the_error_summary(area, verified_client):
    referral = _referral(area, given="Noreason")
    client = verified_client(area["coordinator"])
    response = client.post(
        f"/referrals/{referral.pk}/triage",
        {"triage_decision": TriageDecision.OPEN_CASE, "triage_reason": "   "},
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    links = {a["href"]: a.get_text() for a in summary.select("a")}
    assert links["#id_triage_reason"] == "Say why you made this decision"
    assert links["#id_risk_level_0"] == "Choose the risk level for the new case"
    referral.refresh_from_db()
    assert referral.awaiting_triage


def test_opening_a_case_from_triage(area, verified_client):
    referral = _referral(area, given="Opened", days_ago=1)
    client = verified_client(area["coordinator"])
    form_page = text(client.get(f"/referrals/{referral.pk}/triage"))
    assert "Category 2: medium risk" in form_page
    assert "Being sexually exploited" not in form_page  # another scheme's levels
    assert "Add to the child's open case" not in form_page  # there is none
    response = client.post(
        f"/referrals/{referral.pk}/triage",
        {
            "triage_decision": TriageDecision.OPEN_CASE,
            "triage_reason": "Three warning signs in a fortnight.",
            "risk_level": str(risk_level("category-2").pk),
        },
    )
    case = Case.objects.get(child=referral.child)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.is_open
    assert case.opened_by == area["coordinator"]
    referral.refresh_from_db()
    assert referral.case == case
    assert referral.triage_reason == "Three warning signs in a fortnight."
    assert (
        WorkingRelationship.objects.current()
        .filter(child=referral.child, kind=RelationshipKind.REFERRAL_HOLDER, team=area["team"])
        .exists()
    )
    assert relationship_to_child(area["coordinator"], referral.child).allowed
    # A triaged referral is read, not triaged again.
    again = client.get(f"/referrals/{referral.pk}/triage")
    assert again["Location"] == f"/referrals/{referral.pk}/"
    detail = text(client.get(again["Location"]))
    assert "Three warning signs in a fortnight." in detail


def test_people_outside_the_triage_team_cannot_triage(area, verified_client):
    referral = _referral(area, given="Notyours")
    # The referrer has no relationship: the gate refuses and logs it.
    response = verified_client(area["teacher"]).get(f"/referrals/{referral.pk}/triage")
    assert response.status_code == 403
    assert "Notyours" not in text(response)
    refused = AccessLogEntry.objects.get(user=area["teacher"], child=referral.child)
    assert refused.allowed is False
    # A key worker sees the child but may not triage: the page says why, and a POST is refused.
    worker = StaffUserFactory(team=TeamFactory(agency=area["school"]), agency=area["school"])
    relate(referral.child, RelationshipKind.KEY_WORKER, user=worker)
    client = verified_client(worker)
    page = text(client.get(f"/referrals/{referral.pk}/triage"))
    assert "Only a CSE coordinator or a team manager can triage." in page
    assert "Record the decision" not in page
    response = client.post(
        f"/referrals/{referral.pk}/triage",
        {"triage_decision": TriageDecision.SIGNPOST, "triage_reason": "I think it is fine."},
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.awaiting_triage
    # They can still read the referral itself.
    detail = client.get(f"/referrals/{referral.pk}/")
    assert detail.status_code == 200
    assert "Concerns about Notyours." in text(detail)
    assert "Triage this referral" not in text(detail)
