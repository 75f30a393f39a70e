"""Action plans: the strategy plan and agency plans, actions that cite a self-assessment
finding, a problem-profile finding and a recommendation, progress notes and progress counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.assurance import actionplans as ap
from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import ActionStatus, PlanKind, Recommendation
from seemehearme.intelligence.models import ProblemProfile, ProfileFinding
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _finding(area, user):
    profile = ProblemProfile.objects.create(
        area=area,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        version="board",
        generated_by=user,
        sections=[],
        findings=[],
    )
    return ProfileFinding.objects.create(
        profile=profile, number=3, text="Most children were seen at the Larkspur Hotel."
    )


def test_an_action_links_to_findings_and_a_recommendation_and_keeps_dated_notes(
    area, lead, coordinator, council, expectations
):
    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=TODAY)
    entry = assessment.entries.first()
    finding = _finding(area, coordinator)
    recommendation = Recommendation.objects.filter(source="inquiry").first()
    plan = ap.plan_create(user=lead, kind=PlanKind.STRATEGY, title="Strategy 2026")
    action = ap.action_add(
        user=lead,
        plan=plan,
        description="Set up the sub-group",
        owner=coordinator,
        agency=council,
        due_on=TODAY,
        entry=entry,
        finding=finding,
        recommendation=recommendation,
    )
    assert list(entry.plan_actions.all()) == [action]
    assert list(ap.actions_answering(recommendation, area)) == [action]
    ap.action_update(
        user=coordinator,
        action=action,
        status="in_progress",
        note="Terms of reference drafted",
        on=dt.date(2026, 12, 1),
    )
    ap.action_update(user=coordinator, action=action, status="done", note="First meeting held")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert [note.text for note in action.notes.all()] == [
        "First meeting held",
        "Terms of reference drafted",
    ]
    assert action.notes.last().written_on == dt.date(2026, 12, 1)


def test_the_finding_is_worded_only_for_those_who_use_intelligence(
    area, lead, coordinator, police_manager
):
    finding = _finding(area, coordinator)
    # The coordinator and team managers use intelligence; the strategic lead does not.
    assert "Larkspur" in ap.finding_words(finding, coordinator)
    assert "Larkspur" in ap.finding_words(finding, police_manager)
    words = ap.finding_words(finding, lead)
    assert "Larkspur" not in words
    assert words == f"A finding of problem profile {finding.profile_id}"


def test_progress_counts_done_on_track_and_overdue(lead, coordinator, council):
    plan = ap.plan_create(user=lead, kind=PlanKind.STRATEGY, title="Strategy")
    due = [TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=30), TODAY]
    actions = [
        ap.action_add(
            user=lead,
            plan=plan,
            description=f"Action {n}",
            owner=coordinator,
            agency=council,
            due_on=when,
        )
        for n, when in enumerate(due)
    ]
    ap.action_update(user=lead, action=actions[3], status="done", note="")
    progress = ap.progress_of(list(plan.actions.all()), today=TODAY)
    assert (progress.done, progress.on_track, progress.overdue) == (1, 2, 1)
    assert ap.plan_progress(type(plan).objects.filter(pk=plan.pk), today=TODAY)[plan.pk] == (
        progress
    )


def test_an_agency_manager_keeps_only_their_own_agencys_plan(
    lead, police, council, police_manager, police_officer, coordinator
):
    plan = ap.plan_create(
        user=police_manager, kind=PlanKind.AGENCY, agency=police, title="Police plan"
    )
    assert plan.agency == police
    with pytest.raises(PermissionDenied):
        ap.plan_create(user=police_manager, kind=PlanKind.AGENCY, agency=council, title="x")
    with pytest.raises(PermissionDenied):
        ap.plan_create(user=police_manager, kind=PlanKind.STRATEGY, title="x")
    with pytest.raises(PermissionDenied):
        ap.plan_create(user=police_officer, kind=PlanKind.AGENCY, agency=police, title="x")
    # An agency's plan holds its own agency's actions only.
    with pytest.raises(ValidationError):
        ap.action_add(
            user=lead, plan=plan, description="x", owner=coordinator, agency=council, due_on=TODAY
        )
    action = ap.action_add(
        user=police_manager,
        plan=plan,
        description="Hotel visits",
        owner=police_officer,
        agency=police,
        due_on=TODAY,
    )
    # Its owner may update it though they cannot keep the plan; others may not.
    ap.action_update(user=police_officer, action=action, status="in_progress", note="Begun")
    other = StaffUserFactory(agency=police, team__agency=police)
    with pytest.raises(PermissionDenied):
        ap.action_update(user=other, action=action, status="done", note="")


def test_links_to_another_partnership_are_refused(lead, coordinator, council):
    elsewhere = AgencyFactory(area=AreaFactory(slug="elsewhere", name="Elsewhere"))
    stranger = StaffUserFactory(agency=elsewhere, team__agency=elsewhere)
    plan = ap.plan_create(user=lead, kind=PlanKind.STRATEGY, title="Strategy")
    finding = _finding(elsewhere.area, stranger)
    with pytest.raises(ValidationError) as error:
        ap.action_add(
            user=lead,
            plan=plan,
            description="x",
            owner=stranger,
            agency=council,
            due_on=TODAY,
            finding=finding,
        )
    assert set(error.value.message_dict) == {"owner", "finding"}
