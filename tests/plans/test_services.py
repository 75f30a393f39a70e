"""The protection plan's rules, checked at their edges through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.cases.models import Case, CaseStatus, ClosureReason
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.plans.models import ActionStatus, PlanAction, ProtectionPlan
from seemehearme.plans.services import (
    ACTION_CONFLICT,
    PLAN_CONFLICT,
    plan_action_add,
    plan_action_update,
    plan_create,
    plan_update,
)
from tests.factories import CaseFactory, PlanActionFactory, relate

pytestmark = pytest.mark.django_db


def _add(story, **overrides) -> PlanAction:
    values = {
        "plan": story.plan,
        "by": story.key_worker,
        "agency": story.police,
        "owner": story.officer,
        "description": "Serve a Child Abduction Warning Notice on the man at the park.",
        "due_on": story.today(7),
    }
    values.update(overrides)
    return plan_action_add(**values)


def _close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        closure_reason=ClosureReason.objects.first(),
    )
    case.refresh_from_db()


def _new_case(story) -> Case:
    """A new open case for the same child (their earlier case closed), with no plan yet."""
    _close(story.case)
    return CaseFactory(child=story.child, opened_by=story.coordinator)


def _errors(refused) -> dict[str, list[str]]:
    return refused.value.message_dict


# --- Starting the plan and changing its aims -----------------------------------------------


def test_a_coordinator_starts_the_plan_and_the_history_says_who(story):
    case = _new_case(story)
    plan = plan_create(
        case=case,
        by=story.coordinator,
        aims="  Keep Jade safe after school.  ",
        review_due=story.today(),
    )
    assert plan.aims == "Keep Jade safe after school."
    assert plan.created_by == story.coordinator
    assert plan.history.get().history_user == story.coordinator


def test_only_a_coordinator_or_team_manager_starts_the_plan(story):
    case = _new_case(story)
    with pytest.raises(PermissionDenied, match="CSE coordinator or a team manager"):
        plan_create(case=case, by=story.key_worker, aims="Aims", review_due=story.today(7))
    assert not ProtectionPlan.objects.filter(case=case).exists()


def test_a_case_has_one_plan(story):
    with pytest.raises(ValidationError, match="already has a protection plan"):
        plan_create(case=story.case, by=story.coordinator, aims="Again", review_due=story.today(7))


def test_the_plan_needs_aims_and_a_review_date_not_in_the_past(story):
    case = _new_case(story)
    with pytest.raises(ValidationError) as refused:
        plan_create(case=case, by=story.coordinator, aims="  ", review_due=story.today(-1))
    assert _errors(refused) == {
        "aims": ["Enter what the plan is for"],
        "review_due": ["The review date must be today or in the future"],
    }


def test_a_closed_case_gets_no_plan_and_no_new_actions(story):
    _close(story.case)
    with pytest.raises(ValidationError, match="case is closed"):
        _add(story)
    other = _new_case(story)
    _close(other)
    with pytest.raises(ValidationError, match="case is closed"):
        plan_create(case=other, by=story.coordinator, aims="Aims", review_due=story.today(7))


def test_changing_the_aims_needs_a_coordinator_and_the_version_loaded(story):
    plan = story.plan
    loaded = plan.version
    with pytest.raises(PermissionDenied):
        plan_update(
            plan=plan,
            by=story.key_worker,
            aims="New aims",
            review_due=plan.review_due,
            expected_version=loaded,
        )
    plan_update(
        plan=plan,
        by=story.coordinator,
        aims="Keep Jade safe at weekends too.",
        review_due=story.today(14),
        expected_version=loaded,
    )
    plan.refresh_from_db()
    assert plan.aims == "Keep Jade safe at weekends too."
    assert plan.version != loaded
    with pytest.raises(ValidationError) as refused:
        plan_update(
            plan=plan,
            by=story.coordinator,
            aims="An edit made on the old copy",
            review_due=story.today(14),
            expected_version=loaded,
        )
    assert refused.value.messages == [PLAN_CONFLICT]
    plan.refresh_from_db()
    assert plan.aims == "Keep Jade safe at weekends too."


def test_an_unchanged_past_review_date_can_stay_but_a_new_one_cannot_be_in_the_past(story):
    plan = story.plan
    ProtectionPlan.objects.filter(pk=plan.pk).update(review_due=story.today(-3))
    plan.refresh_from_db()
    plan_update(
        plan=plan,
        by=story.coordinator,
        aims="Clearer aims",
        review_due=story.today(-3),
        expected_version=plan.version,
    )
    with pytest.raises(ValidationError) as refused:
        plan_update(
            plan=plan,
            by=story.coordinator,
            aims="Clearer aims",
            review_due=story.today(-1),
            expected_version=plan.version,
        )
    assert "review_due" in _errors(refused)


# --- Adding actions --------------------------------------------------------------------------


def test_an_action_for_an_agency_owned_by_someone_on_the_case_team(story):
    action = _add(story)
    assert (action.agency, action.owner, action.created_by) == (
        story.police,
        story.officer,
        story.key_worker,
    )
    assert action.status == ActionStatus.NOT_STARTED
    assert action.history.get().history_user == story.key_worker


def test_the_key_worker_can_own_an_action_due_today(story):
    action = _add(story, agency=story.social_care, owner=story.key_worker, due_on=story.today())
    assert action.due_on == story.today()


def test_the_owner_must_work_with_the_child(story):
    with pytest.raises(ValidationError) as refused:
        _add(story, owner=story.outsider)
    assert "is not on Jade Testbrook's case team" in _errors(refused)["owner"][0]


def test_the_owner_must_still_work_with_the_child(story):
    WorkingRelationship.objects.filter(user=story.officer).update(ended_on=story.today())
    with pytest.raises(ValidationError) as refused:
        _add(story)
    assert "owner" in _errors(refused)


def test_a_team_member_on_another_childs_case_cannot_own_this_childs_action(story):
    other_case = CaseFactory(opened_by=story.coordinator)
    relate(other_case.child, RelationshipKind.CASE_TEAM, user=story.outsider, case=other_case)
    with pytest.raises(ValidationError) as refused:
        _add(story, owner=story.outsider)
    assert "owner" in _errors(refused)


def test_the_owner_must_belong_to_the_actions_agency(story):
    with pytest.raises(ValidationError) as refused:
        _add(story, agency=story.social_care)
    assert _errors(refused)["owner"] == [
        "Dan Okafor does not work for Testshire Children's Services"
    ]


def test_an_action_cannot_be_due_in_the_past_when_it_is_added(story):
    with pytest.raises(ValidationError) as refused:
        _add(story, due_on=story.today(-1))
    assert _errors(refused) == {"due_on": ["The due date must be today or in the future"]}


def test_a_disruption_action_names_its_target(story):
    with pytest.raises(ValidationError) as refused:
        _add(story, disruption_tactic=story.tactic(), disruption_target="  ")
    assert _errors(refused) == {
        "disruption_target": ["Enter who or where the disruption is aimed at"]
    }
    action = _add(
        story, disruption_tactic=story.tactic(), disruption_target="Adult male seen at the park"
    )
    assert action.disruption_target == "Adult male seen at the park"


def test_a_target_without_a_tactic_is_refused(story):
    with pytest.raises(ValidationError) as refused:
        _add(story, disruption_target="The flat above the takeaway")
    assert "disruption_tactic" in _errors(refused)


def test_a_tactic_no_longer_in_use_is_refused(story):
    tactic = story.tactic("closure-order")
    tactic.is_active = False
    tactic.save()
    with pytest.raises(ValidationError) as refused:
        _add(story, disruption_tactic=tactic, disruption_target="14 Test Street")
    assert "disruption_tactic" in _errors(refused)


def test_strangers_and_break_glass_cannot_add_actions(story):
    with pytest.raises(PermissionDenied):
        _add(story, by=story.outsider)
    with pytest.raises(PermissionDenied, match="read, not record"):
        _add(story, by=story.break_glass())
    assert not PlanAction.objects.exists()


# --- Updating actions ------------------------------------------------------------------------


def _update(action: PlanAction, by, **overrides) -> PlanAction:
    values = {
        "action": action,
        "by": by,
        "status": ActionStatus.IN_PROGRESS,
        "status_note": "",
        "due_on": action.due_on,
        "expected_version": action.version,
    }
    values.update(overrides)
    return plan_action_update(**values)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ActionStatus.DONE, "Say what was done"),
        (ActionStatus.CANCELLED, "Say why the action was cancelled"),
    ],
)
def test_done_and_cancelled_need_a_note(story, status, message):
    action = _add(story)
    with pytest.raises(ValidationError) as refused:
        _update(action, story.officer, status=status, status_note=" ")
    assert _errors(refused) == {"status_note": [message]}
    _update(action, story.officer, status=status, status_note="Notice served on 3 March.")
    action.refresh_from_db()
    assert action.status == status


def test_an_overdue_action_keeps_its_date_but_a_new_date_cannot_be_in_the_past(story):
    action = _add(story)
    PlanAction.objects.filter(pk=action.pk).update(due_on=story.today(-5))
    action.refresh_from_db()
    assert action.is_overdue()
    _update(action, story.officer, status=ActionStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:
        _update(action, story.officer, due_on=story.today(-1))
    assert _errors(refused) == {"due_on": ["A new due date must be today or in the future"]}


def test_an_unknown_status_is_refused(story):
    action = _add(story)
    with pytest.raises(ValidationError) as refused:
        _update(action, story.officer, status="deleted")
    assert "status" in _errors(refused)


def test_break_glass_cannot_update_an_action(story):
    action = _add(story)
    with pytest.raises(PermissionDenied, match="read, not record"):
        _update(action, story.break_glass())


def test_an_update_based_on_an_old_version_is_refused_and_changes_nothing(story):
    action = _add(story)
    loaded = action.version
    _update(action, story.officer, status_note="Visited the park with the PCSO.")
    action.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _update(
            action,
            story.key_worker,
            status=ActionStatus.CANCELLED,
            status_note="No longer needed",
            expected_version=loaded,
        )
    assert refused.value.messages == [ACTION_CONFLICT]
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.history.count() == 2


def test_a_save_racing_another_is_refused_by_the_database_and_the_transaction_carries_on(story):
    # Both people loaded version v; the other person's save lands first. This copy still
    # carries v, so only the version check in the UPDATE itself can catch it.
    action = _add(story)
    mine = PlanAction.objects.get(pk=action.pk)
    theirs = PlanAction.objects.get(pk=action.pk)
    _update(theirs, story.officer, status=ActionStatus.IN_PROGRESS)
    with transaction.atomic():
        with pytest.raises(ValidationError) as refused:
            _update(mine, story.key_worker, status=ActionStatus.DONE, status_note="Done")
        assert refused.value.messages == [ACTION_CONFLICT]
        # The refused save rolled back to its own savepoint: this transaction still works.
        assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


def test_nothing_changed_makes_no_new_version(story):
    action = PlanActionFactory(plan=story.plan, owner=story.officer)
    version = action.version
    _update(action, story.officer, status=ActionStatus.NOT_STARTED)
    action.refresh_from_db()
    assert action.version == version


def test_someone_on_the_team_who_does_not_own_the_action_can_still_update_it(story):
    action = _add(story)
    updated = _update(action, story.coordinator)
    assert updated.status == ActionStatus.IN_PROGRESS
