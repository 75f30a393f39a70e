"""The sweep's life cycle: raise with evidence, refresh, lapse, incremental scope, no re-raise
after a decision without something new, and the triage team's access following the flags."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seemehearme.earlywarning.models import Flag, FlagEvidence, FlagStatus
from seemehearme.earlywarning.services import flag_dismiss
from seemehearme.earlywarning.sweep import SweepResult, sweep
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.sharing.policy import relationship_to_child

MISSING = "missing-three-in-90-days"


def flag_review(child):
    return WorkingRelationship.objects.current().filter(
        child=child, kind=RelationshipKind.FLAG_REVIEW
    )


def test_a_raised_flag_keeps_its_indicators_and_the_events_behind_them(world):
    child = world.child()
    events = world.events(child, "missing-episode", [5, 30, 60, 100])  # 100 days: outside
    result = sweep(area=world.area, as_of=world.as_of)
    assert result.raised == 1
    flag = Flag.objects.get(child=child)
    assert flag.rule_code == MISSING
    assert flag.rule_label == "Missing three or more times in 90 days"
    assert flag.rule_set == world.rule_set
    assert flag.status == FlagStatus.OPEN
    assert (flag.first_event_on, flag.last_event_on) == (world.ago(60), world.ago(5))
    indicator = flag.indicators.get()
    assert indicator.code == "missing-repeatedly"
    assert indicator.sign == "Warning sign 1: Missing from home or care"
    assert (indicator.event_count, indicator.first_on, indicator.last_on) == (
        3,
        world.ago(60),
        world.ago(5),
    )
    assert set(indicator.evidence.values_list("event_id", flat=True)) == {e.pk for e in events[:3]}


def test_raising_gives_the_triage_team_access_and_lapsing_ends_it(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    relationship = flag_review(child).get()
    assert relationship.team == world.triage_team
    assert relationship_to_child(world.coordinator, child).basis == "flag_review"

    later = world.as_of + dt.timedelta(days=100)
    result = sweep(area=world.area, child_ids={child.pk}, as_of=later)
    assert result == SweepResult(evaluated=1, raised=0, updated=0, lapsed=1)
    flag = Flag.objects.get(child=child)
    assert flag.status == FlagStatus.LAPSED
    assert flag.as_of == later
    assert not flag_review(child).exists()
    assert not relationship_to_child(world.coordinator, child).allowed


def test_a_second_sweep_changes_nothing_unless_the_events_do(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    assert sweep(area=world.area, as_of=world.as_of) == SweepResult(1, 0, 0, 0)
    new = world.event(child, "missing-episode", world.ago(4))
    assert sweep(area=world.area, as_of=world.as_of) == SweepResult(1, 0, 1, 0)
    flag = Flag.objects.get(child=child)
    indicator = flag.indicators.get()
    assert indicator.event_count == 4
    assert FlagEvidence.objects.filter(indicator__flag=flag, event=new).exists()
    assert FlagEvidence.objects.filter(indicator__flag=flag).count() == 4
    assert flag_review(child).count() == 1


def test_a_changed_event_refreshes_the_evidence(world):
    child = world.child()
    first, *_ = world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    first.occurred_on = world.ago(10)
    first.save()
    assert sweep(area=world.area, as_of=world.as_of).updated == 1
    assert Flag.objects.get(child=child).last_event_on == world.ago(2)


def test_an_incremental_sweep_touches_only_the_children_given(world):
    swept, other, lapsing = world.child(), world.child(), world.child()
    for child in (swept, other):
        world.events(child, "missing-episode", [1, 2, 3])
    world.events(lapsing, "missing-episode", [80, 81, 82])
    sweep(area=world.area, child_ids={lapsing.pk}, as_of=world.as_of)
    result = sweep(area=world.area, child_ids={swept.pk}, as_of=world.as_of + dt.timedelta(days=9))
    assert result == SweepResult(evaluated=1, raised=1, updated=0, lapsed=0)
    assert Flag.objects.filter(child=swept).exists()
    assert not Flag.objects.filter(child=other).exists()
    # The other child's open flag would lapse on that day, but it was not in the sweep.
    assert Flag.objects.get(child=lapsing).status == FlagStatus.OPEN


def test_children_of_other_partnerships_and_merged_records_are_left_alone(world):
    from tests.factories import AreaFactory, ChildFactory

    elsewhere = ChildFactory(area=AreaFactory(name="Elsewhere", slug="elsewhere"))
    world.events(elsewhere, "missing-episode", [1, 2, 3])
    survivor = world.child()
    merged = world.child(merged_into=survivor)
    world.events(merged, "missing-episode", [1, 2, 3])
    result = sweep(area=world.area, child_ids={elsewhere.pk, merged.pk}, as_of=world.as_of)
    assert result == SweepResult()
    assert not Flag.objects.exists()


def test_a_merged_childs_open_flag_lapses(world):
    child, survivor = world.child(), world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    child.merged_into = survivor
    child.save()
    assert sweep(area=world.area, child_ids={child.pk}, as_of=world.as_of).lapsed == 1


def test_one_child_is_swept_in_a_fixed_number_of_queries(world):
    quiet, busy = world.child(), world.child()
    world.events(busy, "missing-episode", list(range(12)))
    world.events(busy, "self-harm", [1, 2], agency=world.health)
    world.events(busy, "arrest", [3])
    counts = []
    for child in (quiet, busy):
        with CaptureQueriesContext(connection) as queries:
            sweep(area=world.area, child_ids={child.pk}, as_of=world.as_of)
        counts.append(len(queries))
    assert Flag.objects.filter(child=busy).count() == 2
    # 16 indicator queries plus bookkeeping; evidence is one query per fired indicator.
    assert counts[0] < 30
    assert counts[1] < 60


def test_no_re_raise_after_a_dismissal_without_new_evidence(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    flag = Flag.objects.get(child=child)
    flag_dismiss(flag=flag, by=world.coordinator, reason="Known episodes; plan already in place.")
    assert not flag_review(child).exists()
    assert sweep(area=world.area, as_of=world.as_of) == SweepResult(1, 0, 0, 0)
    assert Flag.objects.filter(child=child, status=FlagStatus.OPEN).count() == 0


def test_a_new_event_after_the_dismissal_raises_the_rule_again(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    flag_dismiss(
        flag=Flag.objects.get(child=child),
        by=world.coordinator,
        reason="Known episodes; plan already in place.",
    )
    tomorrow = world.as_of + dt.timedelta(days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        assert sweep(area=world.area, as_of=tomorrow).raised == 0
        world.event(child, "missing-episode", tomorrow)
        assert sweep(area=world.area, as_of=tomorrow).raised == 1
        assert flag_review(child).exists()
    assert Flag.objects.filter(child=child, status=FlagStatus.OPEN).count() == 1


def test_an_older_event_that_arrives_after_the_dismissal_raises_it_again(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    flag_dismiss(
        flag=Flag.objects.get(child=child),
        by=world.coordinator,
        reason="Known episodes; plan already in place.",
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        # Reported late: it happened before the decision, but nobody could have seen it.
        world.event(child, "missing-episode", world.ago(20))
        assert sweep(area=world.area, as_of=world.as_of).raised == 1


def test_a_lapsed_flag_is_raised_again_when_the_rule_is_met_again(world):
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    sweep(area=world.area, as_of=world.as_of + dt.timedelta(days=120))
    world.events(child, "missing-episode", [-118, -119, -120])
    assert sweep(area=world.area, as_of=world.as_of + dt.timedelta(days=120)).raised == 1
    assert list(
        Flag.objects.filter(child=child).order_by("id").values_list("status", flat=True)
    ) == [FlagStatus.LAPSED, FlagStatus.OPEN]


def test_the_sweep_uses_the_newest_approved_rules_and_moves_open_flags_onto_them(world):
    from seemehearme.earlywarning.rules import default_rules
    from seemehearme.earlywarning.services import rule_set_approve, rule_set_load

    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    sweep(area=world.area, as_of=world.as_of)
    draft = rule_set_load(area=world.area, spec=default_rules())
    assert sweep(area=world.area, as_of=world.as_of).updated == 0  # drafts are not used
    rule_set_approve(rule_set=draft, by=world.dpo, reference="Board minute 12")
    assert sweep(area=world.area, as_of=world.as_of).updated == 1
    assert Flag.objects.get(child=child).rule_set == draft


def test_without_approved_rules_nothing_happens(world):
    from seemehearme.earlywarning.models import RuleSet, RuleSetStatus

    RuleSet.objects.update(status=RuleSetStatus.RETIRED)
    child = world.child()
    world.events(child, "missing-episode", [1, 2, 3])
    assert sweep(area=world.area, as_of=world.as_of) == SweepResult()


def test_many_children_are_read_area_wide_but_only_they_change(world, monkeypatch):
    monkeypatch.setattr("seemehearme.earlywarning.sweep.READ_BY_ID_LIMIT", 1)
    given = [world.child(), world.child()]
    other, lapsing = world.child(), world.child()
    for child in [*given, other]:
        world.events(child, "missing-episode", [1, 2, 3])
    world.events(lapsing, "missing-episode", [80, 81, 82])
    sweep(area=world.area, child_ids={lapsing.pk}, as_of=world.as_of)
    result = sweep(
        area=world.area,
        child_ids={child.pk for child in given},
        as_of=world.as_of + dt.timedelta(days=9),
    )
    assert result == SweepResult(evaluated=2, raised=2, updated=0, lapsed=0)
    assert not Flag.objects.filter(child=other).exists()
    assert Flag.objects.get(child=lapsing).status == FlagStatus.OPEN
