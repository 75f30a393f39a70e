"""The demo's assurance: last year's self-assessment completed, this year's in progress with
changes, a strategy plan and the police's plan with actions, and recommendations answered."""

from __future__ import annotations

import pytest

from seemehearme.assurance import actionplans as ap
from seemehearme.assurance import recommendations as rec
from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import PlanKind

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_assessments_plans_and_answered_recommendations(northbridge):
    current, previous = sa.assessments_of(northbridge)
    assert previous.is_complete
    assert not current.is_complete
    assert current.previous == previous
    kinds = {change.kind for change in sa.changes_since_last(current).values()}
    assert {"up", "down", "same"} <= kinds
    report = sa.assessment_report(current)
    assert report.counts["unrated"] == 6
    assert report.changed == {"up": 4, "down": 1, "new": 0, "new_evidence": 9}

    plans = list(ap.plans_of(northbridge))
    assert {plan.kind for plan in plans} == {PlanKind.STRATEGY, PlanKind.AGENCY}
    progress = ap.plan_progress(ap.plans_of(northbridge))
    strategy = next(plan for plan in plans if plan.kind == PlanKind.STRATEGY)
    assert progress[strategy.pk].done == 1
    assert progress[strategy.pk].overdue == 1

    examples = list(rec.recommendations_for(northbridge).filter(is_example=True))
    assert len(examples) == 2
    assert all(item.reference.startswith("Example") for item in examples)
    statuses = rec.statuses(northbridge, examples)
    assert sum(status.agreed + status.partly_agreed for status in statuses) == 3
