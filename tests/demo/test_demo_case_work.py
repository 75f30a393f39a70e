"""The demo's case work is usable by the people it is for, each seeing only what they may."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seemehearme.areas.models import StaffUser
from seemehearme.cases.models import Case, CaseStatus, Referral
from seemehearme.meetings.models import Meeting, MeetingStatus
from seemehearme.people.models import Child


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def maisie_case(northbridge) -> Case:
    child = Child.objects.get(area=northbridge, family_name="Fernhollow")
    return child.cases.get(status=CaseStatus.OPEN)


def client_for(verified_client, username: str):
    return verified_client(StaffUser.objects.get(username=username))


def test_the_coordinator_sees_the_triage_queue_with_an_overdue_referral(
    northbridge, verified_client
):
    page = text(client_for(verified_client, "sam.coordinator").get("/referrals/"))
    waiting = Referral.objects.filter(area=northbridge, triaged_at__isnull=True).count()
    assert waiting >= 1
    assert "Overdue" in page


def test_the_school_lead_follows_her_three_referrals(northbridge, verified_client):
    page = text(client_for(verified_client, "grace.school").get("/referrals/mine"))
    assert "Maisie Fernhollow" in page
    assert page.count("Reference") == 3
    assert "Accepted: case open, key worker named." in page
    assert "Accepted: case open, key worker not yet named." in page
    assert "Accepted: a case was opened, and has since closed." in page


def test_the_key_worker_sees_the_case_her_words_first_and_two_key_workers(
    maisie_case, verified_client
):
    client = client_for(verified_client, "amara.social")
    response = client.get(f"/cases/{maisie_case.pk}/")
    page = text(response)
    words = "They're my mates. They look after me and buy me stuff."
    assert words in page
    first_section = BeautifulSoup(response.content, "html.parser").select_one("main h2")
    assert "own words" in first_section.get_text()
    assert "has had 2 key workers" in page
    assert "My work" in text(client.get("/my-work"))
    assert "Fernhollow" in text(client.get("/my-work"))


def test_maisies_case_shows_the_patterns_of_abuse_recorded(maisie_case, verified_client):
    page = text(client_for(verified_client, "amara.social").get(f"/cases/{maisie_case.pk}/"))
    assert "“Boyfriend” model An older 'boyfriend' in a grey hatchback" in page
    assert "Party model Missing overnight twice" in page


def test_the_police_officer_sees_his_actions_and_the_plan(maisie_case, verified_client):
    client = client_for(verified_client, "dan.police")
    work = text(client.get("/my-work"))
    assert "Ask licensing to check the taxi firm" in work
    plan = text(client.get(f"/plans/{maisie_case.plan.pk}/"))
    assert "Child Abduction Warning Notice" in plan
    assert client.get(f"/cases/{maisie_case.pk}/").status_code == 200


def test_the_school_lead_reads_the_case_but_cannot_manage_it(maisie_case, verified_client):
    client = client_for(verified_client, "grace.school")
    assert client.get(f"/cases/{maisie_case.pk}/").status_code == 200
    assert client.post(f"/cases/{maisie_case.pk}/close", {}).status_code == 403


def test_the_held_meeting_has_minutes_and_a_pdf(northbridge, verified_client):
    meeting = Meeting.objects.get(area=northbridge, status=MeetingStatus.HELD)
    client = client_for(verified_client, "sam.coordinator")
    assert "Maisie Fernhollow" in text(client.get(f"/meetings/{meeting.pk}/minutes"))
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_an_analyst_opens_no_case(maisie_case, verified_client):
    client = client_for(verified_client, "leah.analyst")
    assert client.get(f"/cases/{maisie_case.pk}/").status_code == 403
