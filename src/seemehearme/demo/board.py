"""The demo partnership's targets for the board dashboard, set by the strategic lead
(morgan.lead), so the dashboard shows some targets met and some not (all synthetic)."""

from __future__ import annotations

from seemehearme.areas.models import Area, StaffUser
from seemehearme.board.indicators import BY_CODE
from seemehearme.board.services import target_set

STRATEGIC_LEAD = "morgan.lead"
REASON = "Agreed at the exploitation sub-group (synthetic)."
# Indicator code and target percentage. Against the demo's case work, the quarter to date meets
# those on triage, risk, the child's view of things and agreements, and misses the others.
TARGETS: tuple[tuple[str, int], ...] = (
    ("one-key-worker", 80),
    ("child-view", 75),
    ("referral-triage", 90),
    ("flag-review", 90),
    ("reviews-on-time", 90),
    ("risk-down", 40),
    ("child-better", 60),
    ("closed-well", 60),
    ("disruption-done", 80),
    ("profile-refreshed", 100),
    ("agreements-in-date", 100),
)


def demo_targets_create(*, area: Area) -> None:
    lead = StaffUser.objects.get(username=STRATEGIC_LEAD, agency__area=area)
    for code, percent in TARGETS:
        target_set(lead, area, BY_CODE[code], percent=percent, reason=REASON)
