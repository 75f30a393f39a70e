"""The foundation's journey in a real browser: sign in with two-factor, find a child, open the
record, and be refused what another agency has not agreed to share; axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from seemehearme.areas.models import AgencyKind
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.people.models import RelationshipKind
from tests.accounts.conftest import PASSWORD, totp_code
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ChildFactory,
    InformationItemFactory,
    StaffUserFactory,
    TeamFactory,
    VoiceEntryFactory,
    category,
    relate,
    totp_device_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def school_lead():
    child = ChildFactory(
        given_name="Kezia", family_name="Marlowfield", date_of_birth=dt.date(2011, 8, 14)
    )
    stranger_child = ChildFactory(given_name="Tobin", family_name="Marlowfield", area=child.area)
    school = AgencyFactory(area=child.area, name="Marlowfield Academy", kind=AgencyKind.SCHOOL)
    police = AgencyFactory(area=child.area, name="Testshire Police", kind=AgencyKind.POLICE)
    AgreementFactory(area=child.area, parties=[school, police], categories=["child-voice"])
    teacher = StaffUserFactory(
        username="dsl.marlowfield", team=TeamFactory(agency=school), agency=school
    )
    device = totp_device_for(teacher)
    relate(child, RelationshipKind.CASE_TEAM, user=teacher)
    InformationItemFactory(
        child=child,
        source_agency=police,
        category=category("police-intelligence"),
        title="Seen with an adult of concern at the bus station",
    )
    VoiceEntryFactory(
        child=child,
        recorded_by=StaffUserFactory(team=TeamFactory(agency=police), agency=police),
        captured_where="return home interview",
        words="They said they were my friends. I didn't think it was a big deal",
    )
    return {"teacher": teacher, "device": device, "child": child, "other": stranger_child}


def test_a_school_lead_signs_in_finds_a_child_and_is_refused_police_intelligence(page, school_lead):
    child, teacher = school_lead["child"], school_lead["teacher"]

    # Deny by default: the search sends an anonymous visitor to sign in.
    page.goto("/children/")
    assert re.search(r"/account/sign-in\?next=", page.url)
    assert_accessible(page)
    page.get_by_label("User name").fill(teacher.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    # Second factor: the code from the authenticator app.
    page.wait_for_url(re.compile(r"/account/two-factor"))
    assert_accessible(page)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(totp_code(school_lead["device"]))
    page.get_by_role("button", name="Sign in").click()

    # Back where they were going: search.
    page.wait_for_url(re.compile(r"/children/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Find a child"
    assert_accessible(page)
    page.get_by_label("Name").fill("Marlowfield")
    page.get_by_role("button", name="Search").click()
    results = page.locator("main")
    assert "Kezia Marlowfield" in results.inner_text()
    assert "Tobin" not in results.inner_text()  # a child they do not work with is only counted
    assert "1 other child matches your search" in results.inner_text()
    assert_accessible(page)

    # The record: their own agency's view, the child's words, and what is withheld and why.
    page.get_by_role("link", name="Kezia Marlowfield").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kezia Marlowfield")
    main = page.locator("main").inner_text()
    assert "They said they were my friends. I didn't think it was a big deal" in main
    assert "Seen with an adult of concern" not in main
    assert (
        "Held by Testshire Police; not shared with your agency under current agreements "
        "(police intelligence)." in main
    )
    assert_accessible(page)

    # Another child's record: refused, with the reason and the way to break glass.
    response = page.goto(f"/children/{school_lead['other'].pk}/")
    assert response.status == 403
    assert (
        "You do not have a working relationship with this child."
        in page.locator("main").inner_text()
    )
    assert "Tobin" not in page.content()
    assert_accessible(page)

    logged = AccessLogEntry.objects.filter(user=teacher)
    assert logged.filter(child=child, action=AccessAction.VIEW_RECORD, allowed=True).exists()
    assert logged.filter(child=child, action=AccessAction.VIEW_ITEM, allowed=False).count() == 1
    assert logged.filter(child=school_lead["other"], allowed=False).exists()
