"""The demo's targets: set by the strategic lead, with the dashboard showing some met and some
not, and morgan.lead seeing the figures without a child's name."""

from __future__ import annotations

import pytest

from seemehearme.board.dashboard import MET, MISSED, dashboard
from seemehearme.board.forms import PeriodForm
from seemehearme.board.models import IndicatorTarget
from seemehearme.demo.board import TARGETS

pytestmark = pytest.mark.django_db


def test_the_strategic_lead_set_every_demo_target(northbridge):
    targets = IndicatorTarget.objects.filter(area=northbridge)
    assert {(t.indicator, t.target_percent) for t in targets} == set(TARGETS)
    assert {t.set_by.username for t in targets} == {"morgan.lead"}


def test_the_dashboard_shows_targets_met_and_not_met(northbridge):
    rags = {row.indicator.code: row.rag for row in dashboard(northbridge, PeriodForm().period())}
    assert rags["referral-triage"] == MET
    assert rags["agreements-in-date"] == MET
    assert rags["closed-well"] == MISSED
    assert rags["profile-refreshed"] == MISSED
