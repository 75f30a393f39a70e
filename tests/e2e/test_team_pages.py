"""A team manager's pages in a real browser, at desktop width and at 320 px: the key-worker
consistency figure is in the page body where managers read it, each worker's name opens their
cases and overdue work, and the key worker picker shows each worker's agency and caseload."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.cases.services import keyworker_assign
from seemehearme.people.models import RelationshipKind
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    CaseFactory,
    ChildFactory,
    PlanActionFactory,
    PlanFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def team():
    exploitation_team = TeamFactory(name="Exploitation Team")
    agency = exploitation_team.agency
    manager = StaffUserFactory(
        team=exploitation_team,
        agency=agency,
        role=Role.TEAM_MANAGER,
        first_name="Priya",
        last_name="Manager",
    )
    first = StaffUserFactory(
        team=exploitation_team, agency=agency, first_name="Sam", last_name="Okafor"
    )
    second = StaffUserFactory(
        team=exploitation_team, agency=agency, first_name="Morag", last_name="Hill"
    )
    steady = CaseFactory(child=ChildFactory(given_name="Kezia", family_name="Testchild"))
    changed = CaseFactory(child=ChildFactory(given_name="Tobin", family_name="Testchild"))
    for case, workers in [(steady, [first]), (changed, [second, first])]:
        relate(case.child, RelationshipKind.CASE_TEAM, user=manager, case=case)
        for worker in workers:
            keyworker_assign(
                case=case, worker=worker, by=manager, reason="Synthetic.", child_told=False
            )
    PlanActionFactory(
        plan=PlanFactory(case=steady, created_by=manager),
        owner=first,
        description="Safety planning visit with Kezia",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    return {"manager": manager, "worker": first, "case": steady}


@pytest.mark.parametrize("width", [1280, 320])
def test_a_manager_reads_key_worker_consistency_and_opens_a_workers_work(
    page, sign_in_as, team, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(team["manager"])
    # The live server's first page loads and compiles templates: allow for a busy machine.
    page.goto("/my-work/team", timeout=60_000)
    main = page.locator("main")
    assert main.get_by_role("heading", name="Keeping the same key worker").is_visible()
    assert main.get_by_text("Of the 2 open cases your team leads:").is_visible()
    figures = main.locator(".govuk-summary-list").inner_text()
    assert "One key worker throughout\n1" in figures.replace("\t", "\n")
    assert "Two key workers\n1" in figures.replace("\t", "\n")
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= max(width, 320)

    link = main.get_by_role("link", name="Sam Okafor")
    assert link.is_visible()
    link.click()
    assert main.locator("h1").inner_text() == "Sam Okafor's cases and overdue work"
    assert main.get_by_text("Safety planning visit with Kezia").is_visible()
    assert main.get_by_role("link", name="Kezia Testchild").first.is_visible()
    assert main.get_by_role("link", name="Tobin Testchild").is_visible()
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= max(width, 320)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_key_worker_picker_shows_agency_and_caseload(page, sign_in_as, team, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(team["manager"])
    page.goto(f"/cases/{team['case'].pk}/key-worker", timeout=60_000)
    choices = page.get_by_role("group", name="Who is the key worker?")
    sam = choices.get_by_label("Sam Okafor", exact=True)
    assert sam.get_attribute("type") == "radio"
    hint = page.locator(f"#{sam.get_attribute('aria-describedby')}").inner_text()
    assert hint.endswith("Now key worker for 2 open cases.")
    assert team["worker"].agency.name in hint
    morag = choices.get_by_label("Morag Hill", exact=True)
    assert (
        page.locator(f"#{morag.get_attribute('aria-describedby')}")
        .inner_text()
        .endswith("Now key worker for 0 open cases.")
    )
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= max(width, 320)
