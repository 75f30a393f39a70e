"""Each indicator against a partnership counted by hand, for October 2026: the right rows in
the denominator and numerator, another partnership's left out, and no data shown as no data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.board.conftest import OCTOBER, Partnership, at, d
from tests.factories import AgreementFactory, PlanActionFactory, PlanFactory

from seemehearme.board.indicators import BY_CODE, INDICATORS
from seemehearme.board.periods import period_ending, trend_months
from seemehearme.earlywarning.models import Flag, FlagStatus, RuleSet
from seemehearme.intelligence.models import ProblemProfile
from seemehearme.plans.models import DisruptionTactic
from seemehearme.sharing.models import AgreementStatus

pytestmark = pytest.mark.django_db


def figure(code: str, partnership: Partnership, period=OCTOBER):
    return BY_CODE[code].compute(partnership.area, period)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.code)
def test_with_nothing_recorded_there_is_no_data_not_nought_per_cent(here, indicator):
    result = indicator.compute(here.area, OCTOBER)
    if indicator.yes_no:
        assert (result.numerator, result.denominator) == (0, 1)
    else:
        assert result.denominator == 0
        assert result.value is None
        assert result.percent is None


def test_one_key_worker(here, elsewhere):
    kept = here.case(d(9, 1))
    here.key_worker(kept, d(9, 1))
    changed = here.case(d(9, 1))
    here.key_worker(changed, d(9, 1), ended=d(10, 15))
    here.key_worker(changed, d(10, 15))
    changed_later = here.case(d(10, 5))
    here.key_worker(changed_later, d(10, 5), ended=d(11, 10))
    here.key_worker(changed_later, d(11, 10))
    closed_before = here.case(d(9, 1), closed=d(9, 20))
    here.key_worker(closed_before, d(9, 1))
    closed_during = here.case(d(10, 1), closed=d(10, 20))
    here.key_worker(closed_during, d(10, 2))
    here.case(d(10, 10))  # no key worker yet
    opened_after = here.case(d(11, 2))
    here.key_worker(opened_after, d(11, 2))
    other = elsewhere.case(d(9, 1))
    elsewhere.key_worker(other, d(9, 1))

    result = figure("one-key-worker", here)

    # kept, changed_later (changed after October) and closed_during, of those four and changed.
    assert (result.numerator, result.denominator) == (3, 4)
    assert result.percent == 75
    september = BY_CODE["one-key-worker"].compute(here.area, period_ending(d(9, 1), "month"))
    assert (september.numerator, september.denominator) == (3, 3)


def test_decisions_with_the_child(here, elsewhere):
    case = here.case(d(9, 1))
    for took_part in (True, True, True, False):
        here.decision(case, d(10, 12), took_part=took_part)
    here.decision(case, d(9, 30), took_part=True)  # before October
    here.decision(case, d(11, 1), took_part=False)  # after
    elsewhere.decision(elsewhere.case(d(9, 1)), d(10, 12), took_part=False)

    result = figure("child-view", here)

    assert (result.numerator, result.denominator) == (3, 4)


def test_referrals_triaged_on_time_with_the_median_wait(here, elsewhere):
    hours = dt.timedelta(hours=1)
    first = at(d(10, 1), 9)
    here.referral(first, triaged=first + 6 * hours)  # on time, 6 hours
    late = at(d(10, 5), 9)
    here.referral(late, triaged=late + 48 * hours)  # 24 hours late
    third = at(d(10, 10), 9)
    here.referral(third, triaged=third + 12 * hours)  # on time, 12 hours
    here.referral(at(d(10, 20)))  # still waiting
    september = at(d(9, 29), 9)
    here.referral(september, triaged=september + 30 * hours)  # triaged 30 September
    elsewhere.referral(first, triaged=first + 48 * hours)

    result = figure("referral-triage", here)

    assert (result.numerator, result.denominator) == (2, 3)
    assert result.note == "Median time from referral to triage: 12 hours."


def test_flags_reviewed_quickly(here, elsewhere):
    rules = RuleSet.objects.create(area=here.area, code="test", version=1, name="Test", rules={})
    other_rules = RuleSet.objects.create(
        area=elsewhere.area, code="test", version=1, name="Test", rules={}
    )

    def flag(rule_set, raised, decided, code):
        made = Flag.objects.create(
            child=(here if rule_set == rules else elsewhere).child(),
            rule_set=rule_set,
            rule_code=code,
            rule_label="Three or more warning signs",
            status=FlagStatus.CONFIRMED if decided else FlagStatus.OPEN,
            evaluated_at=raised,
            as_of=raised.date(),
            first_event_on=raised.date(),
            last_event_on=raised.date(),
            decided_at=decided,
        )
        Flag.objects.filter(pk=made.pk).update(raised_at=raised)  # raised_at is set on saving

    flag(rules, at(d(10, 1)), at(d(10, 2)), "a")  # a day: quick
    flag(rules, at(d(9, 25)), at(d(10, 3)), "b")  # eight days: slow
    flag(rules, at(d(10, 20)), None, "c")  # not decided yet
    flag(other_rules, at(d(10, 1)), at(d(10, 20)), "d")

    result = figure("flag-review", here)

    assert (result.numerator, result.denominator) == (1, 2)


def test_reviews_on_time(here, elsewhere):
    next_year = d(1, 10, 2027)
    on_time = here.case(d(6, 1))
    here.review(on_time, d(8, 1), next_due=d(10, 10))
    here.review(on_time, d(10, 8), next_due=next_year)
    late = here.case(d(6, 1))
    here.review(late, d(8, 15), next_due=d(10, 15))
    here.review(late, d(10, 20), next_due=next_year)
    closed = here.case(d(6, 1), closed=d(10, 18))
    here.review(closed, d(9, 1), next_due=d(10, 20))  # closed before it was due
    missed = here.case(d(6, 1))
    here.review(missed, d(7, 1), next_due=d(10, 25))  # no review since
    due_in_november = here.case(d(6, 1))
    here.review(due_in_november, d(8, 1), next_due=d(11, 5))
    elsewhere.review(elsewhere.case(d(6, 1)), d(7, 1), next_due=d(10, 25))

    result = figure("reviews-on-time", here)

    assert (result.numerator, result.denominator) == (1, 3)


def test_risk_down_at_review(here, elsewhere):
    case = here.case(d(6, 1))
    here.review(case, d(10, 3), before="category-3", after="category-2")
    here.review(case, d(10, 13), before="category-2", after="category-2")
    here.review(case, d(10, 23), before="category-1", after="category-2")
    here.review(case, d(9, 23), before="category-3", after="category-1")
    other = elsewhere.case(d(6, 1))
    elsewhere.review(other, d(10, 3), before="category-3", after="category-1")

    result = figure("risk-down", here)

    assert (result.numerator, result.denominator) == (1, 3)
    assert result.note == "Risk down at 1, the same at 1, up at 1."


def test_child_says_things_are_better(here, elsewhere):
    case = here.case(d(6, 1))
    for says in ("better", "better", "worse", "not_asked"):
        here.review(case, d(10, 3), child_says=says)
    here.review(case, d(9, 3), child_says="worse")
    elsewhere.review(elsewhere.case(d(6, 1)), d(10, 3), child_says="worse")

    result = figure("child-better", here)

    assert (result.numerator, result.denominator) == (2, 3)


def test_cases_closed_because_the_risk_reduced(here, elsewhere):
    here.case(d(6, 1), closed=d(10, 2), reason="risk-reduced")
    here.case(d(6, 1), closed=d(10, 12), reason="stepped-down")
    here.case(d(6, 1), closed=d(10, 22), reason="moved-away")
    here.case(d(6, 1), closed=d(9, 22), reason="moved-away")
    here.case(d(6, 1))  # still open
    elsewhere.case(d(6, 1), closed=d(10, 2), reason="moved-away")

    result = figure("closed-well", here)

    assert (result.numerator, result.denominator) == (2, 3)
    assert "Moved out of the area (case transferred) (1)" in result.note


def test_disruption_actions_completed(here, elsewhere):
    tactic = DisruptionTactic.objects.get(code="cawn")
    plan = PlanFactory(case=here.case(d(6, 1)))

    def action(on_plan, due, status, with_tactic=True):
        PlanActionFactory(
            plan=on_plan,
            owner=here.worker,
            due_on=due,
            status=status,
            disruption_tactic=tactic if with_tactic else None,
        )

    action(plan, d(10, 5), "done")
    action(plan, d(10, 6), "in_progress")
    action(plan, d(10, 7), "not_started")
    action(plan, d(10, 8), "cancelled")
    action(plan, d(10, 9), "done", with_tactic=False)
    action(plan, d(11, 9), "done")
    action(PlanFactory(case=elsewhere.case(d(6, 1))), d(10, 5), "not_started")

    result = figure("disruption-done", here)

    assert (result.numerator, result.denominator) == (1, 3)


def test_problem_profile_refreshed_in_the_period(here, elsewhere):
    def profile(partnership, published):
        ProblemProfile.objects.create(
            area=partnership.area,
            period_start=d(7, 1),
            period_end=d(9, 30),
            version="board",
            generated_by=partnership.coordinator,
            generated_at=published,
            sections=[],
            findings=[],
        )

    profile(elsewhere, at(d(10, 3)))
    profile(here, at(d(9, 3)))
    assert (figure("profile-refreshed", here).numerator, 1) == (0, 1)

    profile(here, at(d(10, 3)))
    profile(here, at(d(10, 23)))
    result = figure("profile-refreshed", here)

    assert (result.numerator, result.denominator) == (1, 1)


def test_agreements_in_date(here, elsewhere):
    def agreement(partnership, **dates):
        values = {"start_date": d(1, 1, 2025), "review_date": d(12, 1)} | dates
        AgreementFactory(area=partnership.area, **values)

    agreement(here)  # in force, review date after October
    agreement(here, review_date=d(10, 15))  # in force, review overdue by 31 October
    agreement(here, status=AgreementStatus.DRAFT)
    agreement(here, end_date=d(9, 30))  # ended
    agreement(here, start_date=d(11, 1), review_date=d(12, 1))  # not yet in force
    agreement(elsewhere, review_date=d(10, 1))

    result = figure("agreements-in-date", here)

    assert (result.numerator, result.denominator) == (1, 2)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.code)
def test_the_trend_gives_each_month_its_own_figure(here, indicator):
    """One query for twelve months gives what twelve single months give."""
    case = here.case(d(3, 1))
    here.key_worker(case, d(3, 2), ended=d(8, 1))
    here.key_worker(case, d(8, 1))
    for month in (5, 8, 10):
        here.decision(case, d(month, 3), took_part=month != 8)
        here.review(case, d(month, 4), next_due=d(month + 1, 2), child_says="better")
        received = at(d(month, 5))
        here.referral(received, triaged=received + dt.timedelta(hours=30 if month == 8 else 2))
    here.case(d(4, 1), closed=d(8, 20), reason="moved-away")
    months = trend_months(d(11, 1))

    trend = indicator.trend(here.area, months)

    assert trend == [indicator.compute(here.area, month) for month in months]
    assert next(month.start for month in months) == d(12, 1, 2025)
    if indicator.code == "child-view":
        by_month = {month.start.month: figure for month, figure in zip(months, trend, strict=True)}
        assert (by_month[5].numerator, by_month[5].denominator) == (1, 1)
        assert (by_month[8].numerator, by_month[8].denominator) == (0, 1)
        assert by_month[9].denominator == 0


def test_the_trend_is_one_query(here, django_assert_max_num_queries):
    months = trend_months(timezone.localdate())
    for indicator in INDICATORS:
        with django_assert_max_num_queries(1):
            indicator.trend(here.area, months)
