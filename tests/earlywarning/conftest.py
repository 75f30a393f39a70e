"""A small synthetic partnership with the shipped rules approved, and a way to add events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Area, Role, StaffUser, Team
from seemehearme.earlywarning.models import RuleSet
from seemehearme.earlywarning.services import default_rule_set_install
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.models import AgencyPerson
from seemehearme.people.models import Child
from tests.factories import AgencyFactory, AreaFactory, ChildFactory, StaffUserFactory, TeamFactory
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory, event_type


@dataclass
class World:
    area: Area
    police: Agency
    health: Agency
    school: Agency
    social_care: Agency
    triage_team: Team
    coordinator: StaffUser
    manager: StaffUser
    dpo: StaffUser
    rule_set: RuleSet
    as_of: dt.date
    persons: dict[tuple[int, int], AgencyPerson] = field(default_factory=dict)

    def child(self, **kwargs) -> Child:
        return ChildFactory(area=self.area, **kwargs)

    def event(
        self,
        child: Child,
        code: str,
        on: dt.date,
        *,
        agency: Agency | None = None,
        age: int | None = 14,
        linked_age: int | None = None,
        **kwargs,
    ) -> AgencyEvent:
        """An event about ``child`` (through one agency person per child and agency)."""
        agency = agency or self.police
        key = (child.pk, agency.pk)
        if key not in self.persons:
            self.persons[key] = AgencyPersonFactory(agency=agency, child=child)
        return AgencyEventFactory(
            person=self.persons[key],
            event_type=event_type(code),
            occurred_on=on,
            age_at_event=age,
            oldest_linked_age=linked_age,
            **kwargs,
        )

    def events(self, child: Child, code: str, days_ago: list[int], **kwargs) -> list[AgencyEvent]:
        return [self.event(child, code, self.ago(d), **kwargs) for d in days_ago]

    def ago(self, days: int) -> dt.date:
        return self.as_of - dt.timedelta(days=days)


@pytest.fixture
def world(db) -> World:
    return world_create()


def world_create() -> World:
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name="Testshire Children's Services")
    triage = TeamFactory(agency=social_care, name="Exploitation triage")
    area.triage_team = triage
    area.save()
    manager = StaffUserFactory(team=triage, role=Role.TEAM_MANAGER)
    dpo = StaffUserFactory(team=TeamFactory(agency=social_care), role=Role.DATA_PROTECTION_LEAD)
    rule_set = default_rule_set_install(area=area, approved_by=dpo, reference="Board minute 7")
    return World(
        area=area,
        police=AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE),
        health=AgencyFactory(area=area, name="Testshire Health", kind=AgencyKind.HEALTH),
        school=AgencyFactory(area=area, name="Testshire Academy", kind=AgencyKind.SCHOOL),
        social_care=social_care,
        triage_team=triage,
        coordinator=StaffUserFactory(team=triage, role=Role.CSE_COORDINATOR),
        manager=manager,
        dpo=dpo,
        rule_set=rule_set,
        as_of=timezone.localdate(),
    )
