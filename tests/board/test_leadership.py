"""The leadership view: children at risk and being exploited today, counted, against caseloads
and waiting times, for this partnership only and naming nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.board.conftest import Partnership, at
from tests.factories import StaffUserFactory

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.board.leadership import leadership_view

pytestmark = pytest.mark.django_db


def _table(view, key):
    return next(table for table in view.tables if table.key == key)


def _today_cases(here: Partnership, elsewhere: Partnership):
    today = timezone.localdate()
    month_ago = today - dt.timedelta(days=30)
    busy = StaffUserFactory(team=here.team)
    for level, gender in (
        ("category-3", "female"),
        ("category-3", "male"),
        ("category-1", "female"),
    ):
        case = here.case(month_ago, level=level, child=here.child(gender=gender))
        here.key_worker(case, month_ago, user=busy if gender == "female" else None)
    here.case(month_ago - dt.timedelta(days=60), closed=month_ago, level="category-3")
    elsewhere.case(month_ago, level="category-3")
    waiting = here.referral(timezone.now() - dt.timedelta(days=3))  # overdue
    received = at(today - dt.timedelta(days=10), 9)
    here.referral(received, triaged=received + dt.timedelta(hours=5))
    return waiting


def test_children_at_risk_and_being_exploited_are_counted(here, elsewhere):
    _today_cases(here, elsewhere)

    view = leadership_view(here.area)

    assert view.highest_level.code == "category-3"
    levels = dict(_table(view, "risk-level").rows)
    assert levels["Category 3: high risk or being exploited"] == [2]
    assert levels["Category 1: low or emerging risk"] == [1]
    genders = dict(_table(view, "gender").rows)
    assert genders["Female"] == [2, 1]
    assert genders["Male"] == [1, 1]
    assert _table(view, "age").total(0) == 3
    assert _table(view, "age").total(1) == 2
    agencies = dict(_table(view, "agency").rows)
    assert agencies[here.team.agency.name] == [3, 2]


def test_capacity_caseloads_and_waiting(here, elsewhere):
    _today_cases(here, elsewhere)

    capacity = leadership_view(here.area).capacity

    assert capacity.key_workers == 2
    assert capacity.highest_caseload == 2
    assert capacity.waiting_now == 1
    assert capacity.overdue_now == 1
    assert capacity.oldest_wait_days == 3
    assert capacity.triage_median_hours == pytest.approx(5)
    assert capacity.triaged_count == 1


def test_the_page_names_nobody_and_logs_one_entry(here, elsewhere, verified_client):
    _today_cases(here, elsewhere)
    lead = StaffUserFactory(team=here.team, role=Role.STRATEGIC_LEAD)

    response = verified_client(lead).get("/board/leadership/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Testchild" not in page  # every factory child's family name
    assert "Being exploited" in page
    entry = AccessLogEntry.objects.get(user=lead)
    assert entry.child is None
