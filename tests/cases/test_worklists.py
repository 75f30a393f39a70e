"""My work and the team manager's caseloads: the right cases, actions and reviews at their date
edges, nothing about children the user may not see, and every child named is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.cases.models import ClosureReason, TriageDecision
from seemehearme.cases.worklists import my_work, team_caseloads
from seemehearme.people.models import RelationshipKind
from seemehearme.plans.models import ActionStatus
from tests.factories import (
    CaseFactory,
    ChildFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
)

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def team():
    """An exploitation team: a manager and a social worker with cases at every date edge."""
    exploitation_team = TeamFactory(name="Exploitation Team")
    agency = exploitation_team.agency
    manager = StaffUserFactory(
        team=exploitation_team, agency=agency, role=Role.TEAM_MANAGER, last_name="Adeyemi"
    )
    worker = StaffUserFactory(team=exploitation_team, agency=agency, last_name="Brook")
    colleague = StaffUserFactory(team=exploitation_team, agency=agency, last_name="Cole")
    outsider = StaffUserFactory(team__agency=agency, last_name="Dunn")
    area = agency.area

    def case_for(name: str, holder, kind=RelationshipKind.KEY_WORKER, review_in: int = 60):
        case = CaseFactory(
            child=ChildFactory(area=area, given_name=name, family_name="Testchild"),
            next_review_due=days(review_in),
        )
        relate(case.child, kind, user=holder, case=case)
        return case

    cases = {
        "due_in_14": case_for("Ava", worker, review_in=14),
        "due_in_15": case_for("Bea", worker, review_in=15),
        "overdue": case_for("Cal", worker, review_in=-1),
        "case_team": case_for("Dee", worker, RelationshipKind.CASE_TEAM, review_in=0),
        "colleagues": case_for("Eli", colleague, review_in=-5),
        "outsiders": case_for("Fay", outsider, review_in=-5),
    }
    ended = case_for("Gus", worker, review_in=-1)
    ended.child.relationships.update(ended_on=timezone.localdate())
    closed = case_for("Hal", worker, review_in=-1)
    closed.status, closed.closed_at = "closed", timezone.now()
    closed.closure_reason = ClosureReason.objects.first()
    closed.save()
    cases["ended"], cases["closed"] = ended, closed
    return {
        "manager": manager,
        "worker": worker,
        "colleague": colleague,
        "outsider": outsider,
        "cases": cases,
    }


def action(case, owner, due_in: int, description: str, **kwargs):
    plan = getattr(case, "plan", None) or PlanFactory(case=case)
    return PlanActionFactory(
        plan=plan, owner=owner, due_on=days(due_in), description=description, **kwargs
    )


def names_in(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_my_cases_are_open_cases_where_i_am_key_worker_or_on_the_case_team(team):
    work = my_work(user=team["worker"])
    assert [row.case.child.given_name for row in work.cases] == ["Cal", "Dee", "Ava", "Bea"]
    roles = {row.case.child.given_name: row.key_worker for row in work.cases}
    assert roles == {"Cal": True, "Dee": False, "Ava": True, "Bea": True}


def test_reviews_due_within_14_days_or_overdue_for_my_key_work(team):
    work = my_work(user=team["worker"])
    due = {row.case.child.given_name: row.review_overdue for row in work.reviews_due}
    # Due in 14 days is listed, in 15 days is not; overdue since yesterday is tagged; a case
    # team member does not owe the review (Dee's is due today).
    assert due == {"Cal": True, "Ava": False}


def test_my_actions_due_within_14_days_and_overdue(team):
    worker, case = team["worker"], team["cases"]["due_in_14"]
    action(case, worker, 14, "Due in 14 days")
    action(case, worker, 15, "Due in 15 days")
    action(case, worker, 0, "Due today")
    action(case, worker, -1, "Due yesterday")
    action(case, worker, -3, "Done already", status=ActionStatus.DONE)
    action(case, worker, -3, "Cancelled", status=ActionStatus.CANCELLED)
    action(case, team["colleague"], -3, "Someone else's")
    work = my_work(user=worker)
    assert [row.action.description for row in work.actions_overdue] == ["Due yesterday"]
    assert [row.action.description for row in work.actions_due] == ["Due today", "Due in 14 days"]


def test_the_page_names_only_children_i_may_see_and_logs_each_once(team, verified_client):
    worker = team["worker"]
    action(team["cases"]["due_in_14"], worker, 3, "Safe transport home")
    # An action I own about a child I no longer work with is counted, not named.
    action(team["cases"]["outsiders"], worker, -2, "Ask about the car")
    response = verified_client(worker).get("/my-work")
    assert response.status_code == 200
    text = names_in(response)
    for shown in ["Ava", "Bea", "Cal", "Dee"]:
        assert f"{shown} Testchild" in text
    for hidden in ["Eli", "Fay", "Gus", "Hal"]:
        assert f"{hidden} Testchild" not in text
    assert "Ask about the car" not in text
    assert "1 more case or action of yours is about a child whose record you cannot open" in text
    logged = AccessLogEntry.objects.filter(user=worker, action=AccessAction.LISTED)
    assert sorted(logged.values_list("child__given_name", flat=True)) == [
        "Ava",
        "Bea",
        "Cal",
        "Dee",
    ]
    assert all(entry.allowed for entry in logged)
    ava = logged.get(child__given_name="Ava")
    assert ava.basis == "key_worker"
    assert ava.subject.startswith("My work: case ")
    assert "plan action" in ava.subject


def test_a_role_without_case_access_sees_no_children_even_on_a_case_team(team, verified_client):
    analyst = StaffUserFactory(
        team=team["worker"].team, agency=team["worker"].agency, role=Role.INTELLIGENCE_ANALYST
    )
    case = team["cases"]["due_in_14"]
    relate(case.child, RelationshipKind.CASE_TEAM, user=analyst, case=case)
    response = verified_client(analyst).get("/my-work")
    assert "Testchild" not in names_in(response)
    assert not AccessLogEntry.objects.filter(user=analyst).exists()


@pytest.fixture
def triage_team(team):
    triage = TeamFactory(name="Triage", agency=team["worker"].agency)
    area = triage.agency.area
    area.triage_team = triage
    area.save()
    coordinator = StaffUserFactory(team=triage, agency=triage.agency, role=Role.CSE_COORDINATOR)
    now = timezone.now()
    ReferralFactory(
        child__area=area, holding_team=triage, triage_due_at=now + dt.timedelta(hours=3)
    )
    ReferralFactory(
        child__area=area, holding_team=triage, triage_due_at=now - dt.timedelta(hours=1)
    )
    ReferralFactory(
        child__area=area,
        holding_team=triage,
        triage_due_at=now - dt.timedelta(days=3),
        triaged_at=now - dt.timedelta(days=4),
        triaged_by=coordinator,
        triage_decision=TriageDecision.NO_FURTHER_ACTION,
        triage_reason="Already supported by early help.",
    )
    ReferralFactory(child__area=area, triage_due_at=now - dt.timedelta(hours=1))  # another team
    return {"team": triage, "coordinator": coordinator}


def test_the_triage_coordinator_sees_referral_counts_without_names(triage_team, verified_client):
    coordinator = triage_team["coordinator"]
    summary = my_work(user=coordinator).triage
    assert summary is not None
    assert (summary.awaiting, summary.overdue) == (2, 1)
    response = verified_client(coordinator).get("/my-work")
    text = names_in(response)
    assert "2 referrals waiting for your team, 1 overdue" in text
    assert "Alex" not in text  # the factory children's names
    assert not AccessLogEntry.objects.filter(user=coordinator).exists()


def test_referral_counts_are_only_for_coordinators_and_managers_of_the_triage_team(
    triage_team, team
):
    practitioner = StaffUserFactory(team=triage_team["team"], agency=triage_team["team"].agency)
    assert my_work(user=practitioner).triage is None
    assert my_work(user=team["manager"]).triage is None  # manages another team


def test_team_caseloads_count_each_workers_open_work(team):
    worker, colleague = team["worker"], team["colleague"]
    cases = team["cases"]
    action(cases["due_in_14"], worker, -1, "Overdue one")
    action(cases["due_in_15"], worker, -10, "Overdue two")
    action(cases["overdue"], worker, 0, "Due today, not overdue")
    action(cases["overdue"], worker, -2, "Done", status=ActionStatus.DONE)
    relate(
        cases["colleagues"].child, RelationshipKind.CASE_TEAM, user=worker, case=cases["colleagues"]
    )
    rows = {row.worker.last_name: row for row in team_caseloads(manager=team["manager"])}
    assert set(rows) == {"Adeyemi", "Brook", "Cole"}  # not the outsider in another team
    brook = rows["Brook"]
    # Key worker for Ava, Bea and Cal (Gus has ended, Hal's case is closed).
    assert brook.key_worker_cases == 3
    assert brook.case_team_cases == 2  # Dee and Eli
    assert brook.overdue_actions == 2
    assert brook.overdue_reviews == 1  # Cal's; Dee's is the key worker's to hold
    cole = rows["Cole"]
    assert (cole.key_worker_cases, cole.case_team_cases, cole.overdue_reviews) == (1, 0, 1)
    assert colleague.pk == cole.worker.pk


def test_the_team_page_is_numbers_only_for_team_managers(team, verified_client):
    response = verified_client(team["manager"]).get("/my-work/team")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    row = next(r for r in soup.select("tbody tr") if "Brook" in r.get_text())
    assert [td.get_text(strip=True) for td in row.select("td")] == ["3", "1", "0", "1"]
    assert "Testchild" not in names_in(response)  # no child's name
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CSE_COORDINATOR, Role.PANEL_MEMBER])
def test_only_team_managers_see_the_team_page(team, verified_client, role):
    user = StaffUserFactory(team=team["worker"].team, agency=team["worker"].agency, role=role)
    assert verified_client(user).get("/my-work/team").status_code == 403


def test_my_work_links_to_the_team_page_for_managers_only(team, verified_client):
    assert "/my-work/team" in verified_client(team["manager"]).get("/my-work").content.decode()
    assert "/my-work/team" not in verified_client(team["worker"]).get("/my-work").content.decode()


def test_managers_see_how_often_children_changed_key_worker(verified_client):
    from seemehearme.cases.services import keyworker_assign
    from seemehearme.cases.worklists import key_worker_consistency
    from tests.factories import CaseFactory, StaffUserFactory, TeamFactory

    team = TeamFactory()
    manager = StaffUserFactory(team=team, agency=team.agency, role=Role.TEAM_MANAGER)
    first, second, third = (StaffUserFactory(team=team, agency=team.agency) for _ in range(3))
    outsider = StaffUserFactory(team__agency=team.agency)
    steady, changed, churned, elsewhere = (
        CaseFactory(child__area=team.agency.area) for _ in range(4)
    )
    for case, workers in [
        (steady, [first]),
        (changed, [first, second]),
        (churned, [first, second, third, first]),  # back to the first: still 3 people
        (elsewhere, [first, outsider]),  # now led by another team
    ]:
        relate(case.child, RelationshipKind.CASE_TEAM, user=manager, case=case)
        for worker in workers:
            keyworker_assign(
                case=case, worker=worker, by=manager, reason="Synthetic.", child_told=False
            )
    result = key_worker_consistency(manager=manager)
    assert (result.open_cases, result.with_one, result.with_two, result.with_three_or_more) == (
        3,
        1,
        1,
        1,
    )
    response = verified_client(manager).get("/my-work/team")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title is not None
    assert soup.title.get_text(strip=True).startswith("Your team's caseloads")
    assert "key worker" not in soup.title.get_text()  # the figure was once inside <title>
    body = soup.select_one("main").get_text(" ", strip=True)
    assert "Keeping the same key worker" in body
    assert "Of the 3 open cases your team leads:" in body
    assert "One key worker throughout 1 Two key workers 1 Three or more key workers 1" in body
    assert "Fernhollow" not in body


# --- A team member's work, opened by their manager ---------------------------------------------


def test_the_team_page_links_each_worker_to_their_cases_and_overdue_work(team, verified_client):
    response = verified_client(team["manager"]).get("/my-work/team")
    soup = BeautifulSoup(response.content, "html.parser")
    link = next(a for a in soup.select("tbody a") if "Brook" in a.get_text())
    assert link["href"] == f"/my-work/team/{team['worker'].pk}"


def test_a_manager_opens_a_workers_cases_and_overdue_items_and_each_child_is_logged(
    team, verified_client
):
    manager, worker = team["manager"], team["worker"]
    cases = team["cases"]
    action(cases["due_in_14"], worker, -3, "Overdue safety planning visit")
    action(cases["due_in_15"], worker, 5, "Not overdue yet")
    response = verified_client(manager).get(f"/my-work/team/{worker.pk}")
    assert response.status_code == 200
    text = names_in(response)
    for name in ("Ava", "Bea", "Cal", "Dee"):
        assert f"{name} Testchild" in text
    assert "Eli Testchild" not in text  # the colleague's case
    assert "Overdue safety planning visit" in text
    assert "Not overdue yet" not in text
    overdue = BeautifulSoup(response.content, "html.parser").select_one("main ul.govuk-list")
    assert "Cal Testchild" in overdue.get_text()  # the one overdue review held as key worker
    logged = AccessLogEntry.objects.filter(user=manager, action=AccessAction.LISTED)
    assert {entry.child.given_name for entry in logged} == {"Ava", "Bea", "Cal", "Dee"}
    assert all(entry.subject.startswith("Team work of ") for entry in logged)


def test_a_workers_list_shows_only_children_the_viewer_may_see_and_counts_the_rest(team):
    worker, outsider = team["worker"], team["outsider"]
    action(team["cases"]["due_in_14"], worker, -3, "Overdue safety planning visit")
    # Read by someone with no relationship to these children: nothing named, all counted.
    work = my_work(user=worker, viewer=outsider)
    assert (work.cases, work.actions_overdue, work.children_shown()) == ([], [], [])
    assert work.not_shown == 5  # four cases and one action
    assert work.triage is None
    # Read by their manager, whom the policy lets see the team's children.
    managed = my_work(user=worker, viewer=team["manager"])
    assert [row.case.child.given_name for row in managed.cases] == ["Cal", "Dee", "Ava", "Bea"]
    assert {row.access.basis for row in managed.cases} == {"team_manager"}


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.CSE_COORDINATOR, Role.PANEL_MEMBER])
def test_only_the_workers_team_manager_opens_their_work(team, verified_client, role):
    worker = team["worker"]
    user = StaffUserFactory(team=worker.team, agency=worker.agency, role=role)
    assert verified_client(user).get(f"/my-work/team/{worker.pk}").status_code == 403
    other_manager = StaffUserFactory(team__agency=worker.agency, role=Role.TEAM_MANAGER)
    assert verified_client(other_manager).get(f"/my-work/team/{worker.pk}").status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.LISTED).exists()
