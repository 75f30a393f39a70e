"""A small partnership whose figures can be counted by hand, and another one whose records
must never be counted with it. The indicators are checked for October 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    CaseFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
    risk_level,
)

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.board.periods import Period
from seemehearme.cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    Decision,
    KeyWorkerAssignment,
    Referral,
    Review,
)
from seemehearme.people.models import Child

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on ``day`` in local time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


class Partnership:
    """Builders for one partnership's records, with the dates given."""

    def __init__(self, area: Area) -> None:
        self.area = area
        self.team = TeamFactory(agency=AgencyFactory(area=area))
        self.coordinator = StaffUserFactory(team=self.team, role=Role.CSE_COORDINATOR)
        self.worker = StaffUserFactory(team=self.team)

    def child(self, **kwargs) -> Child:
        return ChildFactory(area=self.area, **kwargs)

    def case(
        self,
        opened: dt.date,
        *,
        closed: dt.date | None = None,
        reason: str = "risk-reduced",
        level: str = "category-2",
        child: Child | None = None,
    ) -> Case:
        case = CaseFactory(
            child=child or self.child(),
            opened_by=self.coordinator,
            opened_at=at(opened),
            risk_level=risk_level(level),
        )
        if closed is not None:
            case.status = CaseStatus.CLOSED
            case.closed_at = at(closed)
            case.closed_by = self.coordinator
            case.closure_reason = ClosureReason.objects.get(code=reason)
            case.save()
        return case

    def key_worker(
        self,
        case: Case,
        started: dt.date,
        ended: dt.date | None = None,
        user: StaffUser | None = None,
    ) -> KeyWorkerAssignment:
        user = user or StaffUserFactory(team=self.team)
        relationship = relate(case.child, user=user, started_on=started, ended_on=ended)
        return KeyWorkerAssignment.objects.create(
            case=case,
            user=user,
            relationship=relationship,
            started_at=at(started),
            ended_at=at(ended) if ended else None,
            reason="Synthetic assignment.",
            child_told=True,
            assigned_by=self.coordinator,
        )

    def decision(self, case: Case, made: dt.date, *, took_part: bool) -> Decision:
        return Decision.objects.create(
            case=case,
            made_on=made,
            made_by=self.coordinator,
            source_agency=self.coordinator.agency,
            summary="Synthetic decision.",
            child_took_part=took_part,
            child_view="I want to stay at school." if took_part else "",
            how_weighed="Her wish decided the plan." if took_part else "",
            why_without_child="" if took_part else "She was in hospital.",
        )

    def referral(
        self, received: dt.datetime, *, triaged: dt.datetime | None = None, due_hours: int = 24
    ) -> Referral:
        referral = Referral.objects.create(
            area=self.area,
            child=self.child(),
            concerns="Synthetic concern.",
            holding_team=self.team,
            received_at=received,
            triage_due_at=received + dt.timedelta(hours=due_hours),
        )
        if triaged is not None:
            referral.triaged_at = triaged
            referral.triaged_by = self.coordinator
            referral.triage_decision = "open_case"
            referral.triage_reason = "Synthetic reason."
            referral.save()
        return referral

    def review(
        self,
        case: Case,
        held: dt.date,
        *,
        next_due: dt.date | None = None,
        before: str = "category-2",
        after: str = "category-2",
        child_says: str = "same",
    ) -> Review:
        return Review.objects.create(
            case=case,
            held_on=held,
            recorded_by=self.coordinator,
            engagement="good",
            risk_level_before=risk_level(before),
            risk_level_after=risk_level(after),
            child_says_things_are=child_says,
            summary="Synthetic review.",
            next_review_due=next_due,
        )


@pytest.fixture
def here(db) -> Partnership:
    return Partnership(AreaFactory())


@pytest.fixture
def elsewhere(db) -> Partnership:
    return Partnership(AreaFactory(slug="otherton", name="Otherton Safeguarding Partnership"))
