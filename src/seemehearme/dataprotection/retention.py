"""Retention rules and the dry run: what each rule would delete or anonymise, and when.

Nothing here deletes anything. Each rule's records are counted by the date they fall due
(their anchor date plus the rule's period) with grouped queries, so the report costs a few
queries however large the partnership.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.audit.selectors import access_log_days
from seemehearme.cases.models import CaseStatus, Referral, TriageDecision
from seemehearme.dataprotection.models import (
    RecordType,
    RequestStatus,
    RetentionAction,
    RetentionRule,
    SubjectAccessRequest,
)
from seemehearme.feeds.models import ImportBatch
from seemehearme.people.models import Child


@dataclass(frozen=True)
class Default:
    years: int
    days: int
    action: str
    source: str


# The starting rules for a partnership. Each says where its figure comes from; where there is
# no settled figure it says it is the partnership's to set (docs/data-protection.md).
DEFAULTS: dict[str, Default] = {
    RecordType.CLOSED_CASE: Default(
        0,
        0,
        RetentionAction.REVIEW,
        "Until the child's 25th birthday, as local authorities commonly keep children's social "
        "care records (IRMS retention guidelines); the partnership's to set, as the Independent "
        "Inquiry into Child Sexual Abuse recommended 75 years for abuse records.",
    ),
    RecordType.REFERRAL_NOT_PROCEEDED: Default(
        6, 0, RetentionAction.DELETE, "The partnership's to set (6 years suggested)."
    ),
    RecordType.ACCESS_LOG: Default(
        6,
        0,
        RetentionAction.DELETE,
        "The partnership's to set: 6 years matches the usual time limit for claims "
        "(Limitation Act 1980).",
    ),
    RecordType.IMPORT_PROBLEMS: Default(
        0, 90, RetentionAction.DELETE, "The partnership's to set (90 days suggested)."
    ),
    RecordType.SUBJECT_ACCESS: Default(
        2, 0, RetentionAction.DELETE, "The partnership's to set (2 years suggested)."
    ),
}

# What each rule's period counts from, in words for the page.
ANCHORS: dict[str, str] = {
    RecordType.CLOSED_CASE: (
        "after the child's 25th birthday (and never before the last case closed)"
    ),
    RecordType.REFERRAL_NOT_PROCEEDED: "after the triage decision",
    RecordType.ACCESS_LOG: "after the entry was written",
    RecordType.IMPORT_PROBLEMS: "after the import finished",
    RecordType.SUBJECT_ACCESS: "after the request was released",
}


def retention_rules(area: Area) -> list[RetentionRule]:
    """The partnership's rules, one per record type, made from ``DEFAULTS`` the first time."""
    rules = {rule.record_type: rule for rule in RetentionRule.objects.filter(area=area)}
    for record_type, default in DEFAULTS.items():
        if record_type not in rules:
            rules[record_type] = RetentionRule.objects.create(
                area=area,
                record_type=record_type,
                years=default.years,
                days=default.days,
                action=default.action,
                source=default.source,
            )
    return [rules[record_type] for record_type in RecordType.values]


def retention_rule_update(
    *, rule: RetentionRule, by: StaffUser, years: int, days: int, action: str, source: str
) -> RetentionRule:
    rule.years, rule.days, rule.action, rule.source = years, days, action, source.strip()
    rule.updated_by = by
    rule.save()
    return rule


def _birthday(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def _due_dates(rule: RetentionRule) -> Counter[dt.date]:
    """How many records of the rule's type fall due on each date (the date the period counts
    from, plus the period), for the rule's partnership."""
    area = rule.area
    due: Counter[dt.date] = Counter()
    if rule.record_type == RecordType.CLOSED_CASE:
        # Children whose every case is closed: counted from their 25th birthday, but never due
        # before their last case closed (the rule's period then counts from the later date).
        children = (
            Child.objects.filter(area=area, cases__isnull=False)
            .annotate(
                open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
                last_closed=Max("cases__closed_at"),
            )
            .filter(open_cases=0)
            .values_list("date_of_birth", "last_closed")
        )
        for born, last_closed in children:
            after_birthday = rule.add_period(_birthday(born, 25))
            closed = timezone.localdate(last_closed) if last_closed else after_birthday
            due[max(after_birthday, closed)] += 1
        return due
    rows: list[dict[str, Any]]
    if rule.record_type == RecordType.REFERRAL_NOT_PROCEEDED:
        rows = list(
            Referral.objects.filter(
                area=area,
                case__isnull=True,
                triaged_at__isnull=False,
                triage_decision__in=[TriageDecision.SIGNPOST, TriageDecision.NO_FURTHER_ACTION],
            )
            .annotate(day=TruncDate("triaged_at"))
            .values("day")
            .annotate(n=Count("id"))
        )
    elif rule.record_type == RecordType.ACCESS_LOG:
        rows = access_log_days(area=area)
    elif rule.record_type == RecordType.IMPORT_PROBLEMS:
        rows = list(
            ImportBatch.objects.filter(agency__area=area, finished_at__isnull=False)
            .annotate(day=TruncDate("finished_at"), problem_count=Count("problems"))
            .filter(problem_count__gt=0)
            .values("day")
            .annotate(n=Count("id", distinct=True))
        )
    else:
        rows = list(
            SubjectAccessRequest.objects.filter(area=area, status=RequestStatus.RELEASED)
            .annotate(day=TruncDate("released_at"))
            .exclude(day__isnull=True)
            .values("day")
            .annotate(n=Count("id"))
        )
    for row in rows:
        due[rule.add_period(row["day"])] += row["n"]
    return due


@dataclass(frozen=True)
class RuleReport:
    """What one rule would do: how many records are due now, and in each coming month."""

    rule: RetentionRule
    due_now: int
    by_month: list[tuple[dt.date, int]]  # (first day of the month, records) for 12 months
    next_due: dt.date | None

    @property
    def anchor_words(self) -> str:
        return ANCHORS[self.rule.record_type]

    @property
    def due_within_year(self) -> int:
        return sum(count for _, count in self.by_month)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def dry_run(*, area: Area, today: dt.date) -> list[RuleReport]:
    """For every rule: records due on or before ``today`` (which a real run would act on now),
    and those falling due in each of the next 12 months."""
    reports = []
    for rule in retention_rules(area):
        due_now = 0
        months: Counter[dt.date] = Counter()
        upcoming: list[dt.date] = []
        horizon = _add_months(_month(today), 12)
        for due, count in _due_dates(rule).items():
            if due <= today:
                due_now += count
            else:
                upcoming.append(due)
                if due < horizon:
                    months[_month(due)] += count
        by_month = [
            (month, months[month])
            for month in (_add_months(_month(today), n) for n in range(12))
            if months[month]
        ]
        reports.append(RuleReport(rule, due_now, by_month, min(upcoming, default=None)))
    return reports
