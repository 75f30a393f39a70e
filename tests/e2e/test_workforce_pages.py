"""Training and supervision in a real browser, at desktop width and at 320 px: a team manager
records a member's training and sees their team's standing change; the strategic lead reads
the partnership's compliance and the staff behind a figure. axe-core finds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.workforce.models import SupervisionKind, SupervisionSession, TrainingRecord
from tests.e2e.accessibility import assert_accessible
from tests.factories import StaffUserFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def team():
    exploitation_team = TeamFactory(name="Exploitation Team")
    manager = StaffUserFactory(
        team=exploitation_team, role=Role.TEAM_MANAGER, first_name="Priya", last_name="Manager"
    )
    worker = StaffUserFactory(team=exploitation_team, first_name="Sam", last_name="Okafor")
    SupervisionSession.objects.create(
        supervisee=worker,
        supervisor=manager,
        held_on=timezone.localdate() - dt.timedelta(days=5),
        kind=SupervisionKind.INDIVIDUAL,
        recorded_by=manager,
    )
    lead = StaffUserFactory(
        team=exploitation_team, role=Role.STRATEGIC_LEAD, first_name="Morgan", last_name="Lead"
    )
    return {"manager": manager, "worker": worker, "lead": lead}


def fits(page, width: int) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= max(width, 320)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_team_manager_records_training_and_sees_the_team_standing(page, sign_in_as, team, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(team["manager"])
    # The live server's first page loads and compiles templates: allow for a busy machine.
    page.goto("/workforce/team", timeout=60_000)
    main = page.locator("main")
    row = main.get_by_role("row").filter(has_text="Sam Okafor")
    assert "Child sexual exploitation awareness (basic): not recorded" in row.inner_text()
    assert_accessible(page)
    assert fits(page, width)

    row.get_by_role("link", name="Training for Sam Okafor").click()
    assert main.locator("h1").inner_text() == "Record training"
    assert main.get_by_label("Who completed the training?").input_value() == str(team["worker"].pk)
    main.get_by_label("Child sexual exploitation awareness (basic)").check()
    main.get_by_label("Who provided the training?").fill("Testshire training team")
    assert_accessible(page)
    assert fits(page, width)
    main.get_by_role("button", name="Record the training").click()

    assert "Child sexual exploitation awareness (basic) recorded for Sam Okafor" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    row = main.get_by_role("row").filter(has_text="Sam Okafor")
    assert "Child sexual exploitation awareness (basic)" not in row.inner_text()
    record = TrainingRecord.objects.get(staff=team["worker"])
    assert record.expires_on is not None
    assert record.completed_on == timezone.localdate()
    assert_accessible(page)
    assert fits(page, width)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_strategic_lead_reads_compliance_and_the_staff_behind_a_figure(
    page, sign_in_as, team, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(team["lead"])
    page.goto("/workforce/compliance", timeout=60_000)
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Training and supervision compliance"
    assert "0 of 3" in main.locator(".govuk-summary-list").first.inner_text()
    assert_accessible(page)
    assert fits(page, width)

    main.get_by_role("link", name="See the staff behind the figure for Team manager").click()
    assert main.locator("h1").inner_text() == "Team manager"
    assert "Priya Manager" in main.inner_text()
    assert "Sam Okafor" not in main.inner_text()
    assert_accessible(page)
    assert fits(page, width)
