"""Referral, triage, opening a case, the case team and key worker history."""

from __future__ import annotations

import datetime as dt

import pytest
from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.cases.models import Case, TriageDecision
from seemehearme.cases.services import (
    case_team_add,
    earlier_referrals,
    key_worker_count,
    keyworker_assign,
    referral_create,
    referral_triage,
)
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import ChildFactory, StaffUserFactory, TeamFactory, risk_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_set_up():
    triage_team = TeamFactory(name="Child Exploitation Team")
    area = triage_team.agency.area
    area.triage_team = triage_team
    area.save()
    coordinator = StaffUserFactory(
        team=triage_team, agency=triage_team.agency, role=Role.CSE_COORDINATOR
    )
    teacher = StaffUserFactory(team__agency__area=area)
    child = ChildFactory(area=area)
    return {"coordinator": coordinator, "teacher": teacher, "child": child, "team": triage_team}


def test_a_referral_is_held_by_the_triage_team_and_due_in_one_working_day(area_set_up):
    friday = timezone.make_aware(dt.datetime(2026, 11, 20, 15, 0))
    referral = referral_create(
        child=area_set_up["child"],
        concerns="Seen getting into cars with older men after school.",
        referred_by=area_set_up["teacher"],
        received_at=friday,
    )
    assert referral.holding_team == area_set_up["team"]
    assert timezone.localtime(referral.triage_due_at) == timezone.make_aware(
        dt.datetime(2026, 11, 23, 15, 0)
    )
    assert referral.referring_agency == area_set_up["teacher"].agency
    decision = relationship_to_child(area_set_up["coordinator"], area_set_up["child"])
    assert decision.basis == "referral_holder"
    assert not relationship_to_child(area_set_up["teacher"], area_set_up["child"]).allowed


def test_a_re_referral_is_read_with_the_childs_earlier_referrals(area_set_up):
    child, teacher = area_set_up["child"], area_set_up["teacher"]
    first = referral_create(
        child=child,
        concerns="First concern.",
        referred_by=teacher,
        received_at=timezone.now() - dt.timedelta(days=200),
    )
    second = referral_create(child=child, concerns="Second concern.", referred_by=teacher)
    assert earlier_referrals(second) == [first]
    assert earlier_referrals(first) == []


def test_triage_needs_a_reason_and_opens_a_case(area_set_up):
    child, coordinator = area_set_up["child"], area_set_up["coordinator"]
    referral = referral_create(child=child, concerns="Concern.", referred_by=area_set_up["teacher"])
    with pytest.raises(ValidationError):
        referral_triage(
            referral=referral,
            by=coordinator,
            decision=TriageDecision.OPEN_CASE,
            reason="  ",
            risk_level=risk_level(),
        )
    referral = referral_triage(
        referral=referral,
        by=coordinator,
        decision=TriageDecision.OPEN_CASE,
        reason="Three warning signs in a month.",
        risk_level=risk_level(),
    )
    assert referral.case is not None
    assert referral.case.is_open
    assert referral.triaged_by == coordinator
    with pytest.raises(ValidationError, match="already been triaged"):
        referral_triage(
            referral=referral, by=coordinator, decision=TriageDecision.SIGNPOST, reason="Again."
        )


def test_a_second_referral_joins_the_open_case_rather_than_opening_another(area_set_up):
    child, coordinator, teacher = (area_set_up[k] for k in ("child", "coordinator", "teacher"))
    first = referral_create(child=child, concerns="One.", referred_by=teacher)
    first = referral_triage(
        referral=first,
        by=coordinator,
        decision=TriageDecision.OPEN_CASE,
        reason="Opened.",
        risk_level=risk_level(),
    )
    second = referral_create(child=child, concerns="Two.", referred_by=teacher)
    with pytest.raises(ValidationError, match="already has an open case"):
        referral_triage(
            referral=second,
            by=coordinator,
            decision=TriageDecision.OPEN_CASE,
            reason="Again.",
            risk_level=risk_level(),
        )
    second = referral_triage(
        referral=second,
        by=coordinator,
        decision=TriageDecision.ADD_TO_OPEN_CASE,
        reason="Same episode.",
    )
    assert second.case == first.case
    assert Case.objects.filter(child=child).count() == 1


def test_only_the_triage_team_coordinators_may_triage(area_set_up):
    referral = referral_create(
        child=area_set_up["child"], concerns="Concern.", referred_by=area_set_up["teacher"]
    )
    with pytest.raises(PermissionDenied):
        referral_triage(
            referral=referral,
            by=area_set_up["teacher"],
            decision=TriageDecision.SIGNPOST,
            reason="Not mine to decide.",
        )


def test_key_worker_history_records_why_and_whether_the_child_was_told(area_set_up):
    child, coordinator, teacher = (area_set_up[k] for k in ("child", "coordinator", "teacher"))
    referral = referral_create(child=child, concerns="Concern.", referred_by=teacher)
    case = referral_triage(
        referral=referral,
        by=coordinator,
        decision=TriageDecision.OPEN_CASE,
        reason="Opened.",
        risk_level=risk_level(),
    ).case
    first_worker = StaffUserFactory(team__agency=area_set_up["team"].agency)
    keyworker_assign(
        case=case,
        worker=first_worker,
        by=coordinator,
        reason="Already knows her from school outreach.",
        child_told=True,
        child_told_how="Introduced in person at school.",
    )
    assert relationship_to_child(first_worker, child).basis == "key_worker"
    with pytest.raises(ValidationError):
        keyworker_assign(
            case=case,
            worker=teacher,
            by=coordinator,
            reason="Staff change.",
            child_told=True,
            child_told_how="",
        )
    keyworker_assign(
        case=case, worker=teacher, by=coordinator, reason="First worker left.", child_told=False
    )
    history = list(case.key_workers.order_by("started_at"))
    assert [a.user for a in history] == [first_worker, teacher]
    assert history[0].ended_at is not None
    assert history[1].ended_at is None
    assert history[1].child_told is False
    assert key_worker_count(case) == 2
    # The first worker's access ended with their time as key worker.
    assert not relationship_to_child(first_worker, child).allowed


def test_case_team_members_of_other_agencies_gain_access(area_set_up):
    child, coordinator = area_set_up["child"], area_set_up["coordinator"]
    referral = referral_create(child=child, concerns="Concern.", referred_by=area_set_up["teacher"])
    case = referral_triage(
        referral=referral,
        by=coordinator,
        decision=TriageDecision.OPEN_CASE,
        reason="Opened.",
        risk_level=risk_level(),
    ).case
    officer = StaffUserFactory(team__agency__area=child.area)
    assert not relationship_to_child(officer, child).allowed
    case_team_add(case=case, member=officer, by=coordinator)
    assert relationship_to_child(officer, child).basis == "case_team"


def test_two_people_saving_the_same_case_cannot_overwrite_each_other(area_set_up):
    child, coordinator = area_set_up["child"], area_set_up["coordinator"]
    referral = referral_create(child=child, concerns="Concern.", referred_by=area_set_up["teacher"])
    case = referral_triage(
        referral=referral,
        by=coordinator,
        decision=TriageDecision.OPEN_CASE,
        reason="Opened.",
        risk_level=risk_level(),
    ).case
    mine = Case.objects.get(pk=case.pk)
    theirs = Case.objects.get(pk=case.pk)
    mine.risk_reason = "Mine"
    mine.save()
    theirs.risk_reason = "Theirs"
    with pytest.raises(RecordModifiedError), transaction.atomic():
        theirs.save()
    case.refresh_from_db()
    assert case.risk_reason == "Mine"
    assert case.history.count() >= 2  # every save is kept
