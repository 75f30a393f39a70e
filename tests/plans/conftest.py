"""One child's case with a protection plan and the people working on it. All made up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Role, StaffUser
from seemehearme.cases.models import Case
from seemehearme.people.models import Child, RelationshipKind
from seemehearme.plans.models import DisruptionTactic, ProtectionPlan
from seemehearme.sharing.models import BreakGlassAccess
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    ChildFactory,
    PlanFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
)


@dataclass
class Story:
    child: Child
    case: Case
    plan: ProtectionPlan
    social_care: Agency
    police: Agency
    coordinator: StaffUser
    key_worker: StaffUser
    officer: StaffUser
    outsider: StaffUser

    def today(self, days: int = 0) -> dt.date:
        return timezone.localdate() + dt.timedelta(days=days)

    def tactic(self, code: str = "cawn") -> DisruptionTactic:
        return DisruptionTactic.objects.get(code=code)

    def break_glass(self) -> StaffUser:
        """A police officer with emergency access only."""
        user = StaffUserFactory(team=TeamFactory(agency=self.police), agency=self.police)
        BreakGlassAccess.objects.create(
            user=user,
            child=self.child,
            reason="Found with an adult at 2am; need the plan now.",
            expires_at=timezone.now() + dt.timedelta(hours=2),
        )
        return user


def _staff(agency: Agency, first: str, last: str, role: str = Role.PRACTITIONER) -> StaffUser:
    return StaffUserFactory(
        team=TeamFactory(agency=agency),
        agency=agency,
        first_name=first,
        last_name=last,
        role=role,
    )


@pytest.fixture
def story(db) -> Story:
    child = ChildFactory(given_name="Jade", family_name="Testbrook")
    social_care = AgencyFactory(area=child.area, name="Testshire Children's Services")
    police = AgencyFactory(area=child.area, name="Testshire Police", kind=AgencyKind.POLICE)
    coordinator = _staff(social_care, "Priya", "Coordinator", Role.CSE_COORDINATOR)
    key_worker = _staff(social_care, "Sam", "Patel")
    officer = _staff(police, "Dan", "Okafor")
    outsider = _staff(police, "Lee", "Elsewhere")  # same agency, not working with the child
    case = CaseFactory(child=child, opened_by=coordinator)
    relate(child, RelationshipKind.CASE_TEAM, user=coordinator, case=case)
    relate(child, RelationshipKind.KEY_WORKER, user=key_worker, case=case)
    relate(child, RelationshipKind.CASE_TEAM, user=officer, case=case)
    plan = PlanFactory(case=case, created_by=coordinator)
    return Story(
        child=child,
        case=case,
        plan=plan,
        social_care=social_care,
        police=police,
        coordinator=coordinator,
        key_worker=key_worker,
        officer=officer,
        outsider=outsider,
    )
