"""The retention dry run counts what each rule would act on, and when, exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.audit.models import AccessAction
from seemehearme.audit.services import access_log_record
from seemehearme.cases.models import CaseStatus, ClosureReason
from seemehearme.dataprotection.models import RecordType
from seemehearme.dataprotection.retention import dry_run, retention_rules
from seemehearme.sharing.policy import Decision
from tests.factories import CaseFactory, ChildFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 15)


def _report(area, record_type):
    return next(r for r in dry_run(area=area, today=TODAY) if r.rule.record_type == record_type)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_rules_start_from_the_defaults_once(partnership):
    area = partnership.council.area
    first = retention_rules(area)
    assert [rule.record_type for rule in first] == list(RecordType.values)
    assert all(rule.source for rule in first)
    assert [r.pk for r in retention_rules(area)] == [r.pk for r in first]


def test_closed_cases_fall_due_after_the_25th_birthday(partnership):
    area = partnership.council.area
    rule = next(r for r in retention_rules(area) if r.record_type == RecordType.CLOSED_CASE)
    rule.years = 2
    rule.save()

    def closed(born, closed_on):
        child = ChildFactory(area=area, date_of_birth=born)
        CaseFactory(
            child=child, status=CaseStatus.CLOSED, closed_at=_at(closed_on),
            closure_reason=ClosureReason.objects.get(code="risk-reduced"),
        )  # fmt: skip
        return child

    closed(dt.date(2000, 1, 1), dt.date(2015, 1, 1))  # 25 + 2 -> 1 January 2027: due
    closed(dt.date(2000, 7, 20), dt.date(2015, 1, 1))  # -> 20 July 2027: next month
    closed(dt.date(2000, 2, 29), dt.date(2015, 1, 1))  # 25th birthday 28 February 2025 -> 2027
    late = closed(dt.date(1999, 1, 1), dt.date(2027, 9, 3))  # closed after: due when closed
    still_open = closed(dt.date(1990, 1, 1), dt.date(2010, 1, 1))
    CaseFactory(child=still_open)  # an open case: never due
    CaseFactory(child=ChildFactory(area=area, date_of_birth=dt.date(1990, 1, 1)))
    assert late

    report = _report(area, RecordType.CLOSED_CASE)
    assert report.due_now == 2
    assert report.by_month == [(dt.date(2027, 7, 1), 1), (dt.date(2027, 9, 1), 1)]
    assert report.next_due == dt.date(2027, 7, 20)


def test_referrals_that_did_not_proceed(partnership):
    area = partnership.council.area

    def referral(decision, triaged_on, **extra):
        return ReferralFactory(
            child=ChildFactory(area=area), triage_decision=decision,
            triaged_at=_at(triaged_on), triaged_by=partnership.worker, triage_reason="Synthetic.",
            **extra,
        )  # fmt: skip

    referral("no_further_action", dt.date(2021, 6, 15))  # 6 years -> 15 June 2027: due today
    referral("signpost", dt.date(2021, 6, 16))  # tomorrow
    referral("signpost", dt.date(2023, 1, 1))  # 2029: beyond the year
    referral("open_case", dt.date(2019, 1, 1), case=CaseFactory())  # became a case: not this
    ReferralFactory(child=ChildFactory(area=area))  # not triaged
    report = _report(area, RecordType.REFERRAL_NOT_PROCEEDED)
    assert report.due_now == 1
    assert report.by_month == [(dt.date(2027, 6, 1), 1)]
    assert report.due_within_year == 1
    assert report.next_due == dt.date(2027, 6, 16)


def test_access_log_entries(partnership):
    decision = Decision(True, "key_worker", "Key worker.")
    for day in (dt.date(2021, 1, 1), dt.date(2021, 1, 1), dt.date(2021, 8, 2), dt.date(2026, 1, 1)):
        entry = access_log_record(
            user=partnership.worker, child=partnership.child,
            action=AccessAction.VIEW_RECORD, decision=decision,
        )  # fmt: skip
        type(entry).objects.filter(pk=entry.pk).update(occurred_at=_at(day))
    report = _report(partnership.council.area, RecordType.ACCESS_LOG)
    assert report.due_now == 2
    assert report.by_month == [(dt.date(2027, 8, 1), 1)]
    assert report.next_due == dt.date(2027, 8, 2)


def test_the_page_and_the_command_say_the_same(partnership, verified_client):
    page = verified_client(partnership.dpo).get("/data-protection/retention/").content.decode()
    assert "nothing is deleted" in page
    assert "Access log entries" in page
    assert verified_client(partnership.worker).get("/data-protection/retention/").status_code == 403
