"""Each role's menu and home page offer only what that role can do: every destination offered
is followed and must not refuse, and refusals tell the reader what they can do instead."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seemehearme.areas.models import Role, StaffUser
from seemehearme.web.navigation import DESTINATIONS
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_in_every_role() -> dict[str, StaffUser]:
    """One member of staff in each role; the managers sit in the partnership's triage team."""
    agency = AgencyFactory()
    triage = TeamFactory(agency=agency, name="Child Exploitation Team")
    agency.area.triage_team = triage
    agency.area.save()
    other = TeamFactory(agency=agency)
    return {
        role: StaffUserFactory(
            role=role,
            team=triage if role in {Role.CSE_COORDINATOR, Role.TEAM_MANAGER} else other,
            is_staff=role == Role.SYSTEM_ADMINISTRATOR,
        )
        for role in Role.values
    }


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def offered(response) -> dict[str, str]:
    """Label to address of every link the home page offers, in the menu and in the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.select("nav[aria-label=Menu] a") + soup.select("main a")
    return {link.get_text(strip=True): link["href"] for link in links}


@pytest.mark.parametrize("role", Role.values)
def test_every_link_a_role_is_offered_opens_for_them(staff_in_every_role, verified_client, role):
    client = verified_client(staff_in_every_role[role])
    home = client.get("/")
    links = offered(home)
    assert links, role
    for label, href in links.items():
        response = client.get(href)
        assert response.status_code != 403, f"{role} is offered {label} ({href}) but refused"
        assert response.status_code in {200, 302}, (label, href, response.status_code)


@pytest.mark.parametrize(
    ("role", "expected", "not_offered"),
    [
        (
            Role.PRACTITIONER,
            {"My work", "Find a child", "Refer a child", "Meetings"},
            {"Referrals", "Back office", "Access log"},
        ),
        (
            Role.CSE_COORDINATOR,
            {"Find a child", "Referrals", "Early warning", "Record matching"},
            {"Back office", "Access log"},
        ),
        (
            Role.DATA_PROTECTION_LEAD,
            {
                "Sharing agreements",
                "Access log",
                "Break-glass reviews",
                "Agency systems",
                "Equality monitoring",
            },
            {"Find a child", "My work", "Refer a child", "Meetings", "Back office"},
        ),
        (
            Role.INTELLIGENCE_ANALYST,
            {"Equality monitoring", "Data imports"},
            {"Find a child", "My work", "Refer a child", "Back office"},
        ),
        (Role.SYSTEM_ADMINISTRATOR, {"Back office"}, {"Find a child", "My work", "Access log"}),
    ],
)
def test_each_role_is_offered_its_own_work(
    staff_in_every_role, verified_client, role, expected, not_offered
):
    labels = set(offered(verified_client(staff_in_every_role[role]).get("/")))
    assert expected <= labels
    assert not labels & not_offered


def test_the_administrator_reaches_the_back_office(staff_in_every_role, verified_client):
    client = verified_client(staff_in_every_role[Role.SYSTEM_ADMINISTRATOR])
    href = offered(client.get("/"))["Back office"]
    response = client.get(href)
    assert response.status_code == 200
    assert "Accounts, agencies and reference data" in _text(response)


def test_every_destination_is_offered_to_some_role(staff_in_every_role, verified_client, settings):
    settings.SMH_NATIONAL_INSTANCE = True  # the national picture is offered only there
    seen: set[str] = set()
    for user in staff_in_every_role.values():
        seen |= set(offered(verified_client(user).get("/")))
    assert {destination.label for destination in DESTINATIONS} <= seen


@pytest.mark.parametrize(
    ("role", "words", "instead"),
    [
        (
            Role.DATA_PROTECTION_LEAD,
            "Data protection leads do not work with individual children's records.",
            "Access log",
        ),
        (
            Role.INTELLIGENCE_ANALYST,
            "Intelligence analysts do not work with individual children's records.",
            "Equality monitoring",
        ),
        (
            Role.SYSTEM_ADMINISTRATOR,
            "System administrators do not work with individual children's records.",
            "Back office",
        ),
    ],
)
def test_a_refusal_speaks_to_the_role_that_sees_it(
    staff_in_every_role, verified_client, role, words, instead
):
    client = verified_client(staff_in_every_role[role])
    for path in ["/children/", "/my-work", f"/children/{ChildFactory().pk}/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        page = _text(response)
        assert words in page or "do not open children's records" in page, path
        assert "ask the CSE coordinator" not in page.lower(), path
        assert "What you can do" in page, path
        assert instead in offered(response), path


@pytest.mark.parametrize("path", ["/early-warning/", "/referrals/"])
def test_refusals_suggest_only_what_the_reader_can_do(staff_in_every_role, verified_client, path):
    lead = verified_client(staff_in_every_role[Role.DATA_PROTECTION_LEAD])
    response = lead.get(path)
    assert response.status_code == 403
    links = offered(response)
    assert "/referrals/new" not in links.values()
    assert "Access log" in links
    practitioner = verified_client(staff_in_every_role[Role.PRACTITIONER]).get(path)
    assert "/referrals/new" in offered(practitioner).values()
