"""The training and supervision pages: who gets which, and what they show."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from seemehearme.workforce.models import SupervisionSession, TrainingRecord


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_everyone_sees_their_own_records_and_no_one_elses(partnership, verified_client):
    response = verified_client(partnership.ben).get("/workforce/")
    assert response.status_code == 200
    page = text(response)
    assert "Basic awareness: expired 3 March 2026" in page
    assert "25 June 2026" in page  # his last supervision
    assert "Mia Test" in page  # his supervisor
    assert "Ava Test" not in page


@pytest.mark.parametrize("path", ["/workforce/team", "/workforce/training/new"])
def test_a_practitioner_cannot_reach_the_team_pages(partnership, verified_client, path):
    assert verified_client(partnership.ava).get(path).status_code == 403


def test_the_team_manager_sees_their_team_and_records_training(partnership, verified_client):
    client = verified_client(partnership.mia)
    page = text(client.get("/workforce/team"))
    for name in ("Ava Test", "Ben Test", "Cal Test"):
        assert name in page
    assert "Dee Test" not in page  # another team

    form = text(client.get(f"/workforce/training/new?staff={partnership.ben.pk}"))
    assert "Dee Test" not in form
    response = client.post(
        "/workforce/training/new",
        {
            "staff": partnership.ben.pk,
            "course": partnership.basic.pk,
            "completed_on_day": "1",
            "completed_on_month": "6",
            "completed_on_year": "2026",
            "provider": "Testshire training team",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/workforce/team"
    record = TrainingRecord.objects.get(staff=partnership.ben, completed_on=dt.date(2026, 6, 1))
    assert record.expires_on == dt.date(2027, 6, 1)

    refused = client.post(
        "/workforce/training/new",
        {"staff": partnership.dee.pk, "course": partnership.basic.pk, "provider": "X"},
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in text(refused)


def test_the_team_manager_records_supervision_without_naming_children(partnership, verified_client):
    client = verified_client(partnership.mia)
    form = text(client.get(f"/workforce/supervision/new?staff={partnership.cal.pk}"))
    assert "never name a child" in form
    response = client.post(
        "/workforce/supervision/new",
        {
            "supervisee": partnership.cal.pk,
            "supervisor": partnership.mia.pk,
            "held_on_day": "29",
            "held_on_month": "6",
            "held_on_year": "2026",
            "kind": "group",
            "cases_discussed": "3",
        },
    )
    assert response.status_code == 302
    assert SupervisionSession.objects.filter(supervisee=partnership.cal, cases_discussed=3).exists()


def test_the_coordinator_sees_the_figures_on_a_day_and_the_staff_behind_them(
    partnership, verified_client
):
    client = verified_client(partnership.coordinator)
    on = "on_day=30&on_month=6&on_year=2026"
    page = text(client.get(f"/workforce/compliance?{on}"))
    assert "30 June 2026" in page
    assert "3 of 7 (43%)" in page
    assert "0 of 1 (0%)" in page  # the In Care Team
    staff = text(
        client.get(f"/workforce/compliance/staff?group=team&key={partnership.in_care.pk}&{on}")
    )
    assert "Dee Test" in staff
    assert "Using the screening tool: not recorded" in staff
    assert "Ava Test" not in staff
    assert client.get("/workforce/compliance/staff?group=team&key=0").status_code == 404


def test_the_strategic_lead_sees_the_figures_and_a_team_manager_does_not(
    partnership, verified_client
):
    from seemehearme.areas.models import Role
    from tests.factories import StaffUserFactory

    lead = StaffUserFactory(role=Role.STRATEGIC_LEAD, team=partnership.exploitation)
    assert verified_client(lead).get("/workforce/compliance").status_code == 200
    assert verified_client(partnership.mia).get("/workforce/compliance").status_code == 403
