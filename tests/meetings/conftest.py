"""A meeting about two children. The chair works with both; a police officer at the meeting
works with only one of them, so the other must never be named to the officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from seemehearme.areas.models import Agency, AgencyKind, Role, StaffUser
from seemehearme.cases.models import Case
from seemehearme.meetings.models import AgendaChild, Meeting, MeetingType
from seemehearme.meetings.services import agenda_children_add, attendance_record, meeting_plan
from seemehearme.people.models import Child, RelationshipKind
from seemehearme.plans.models import ProtectionPlan
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
    council: Agency
    police: Agency
    chair: StaffUser
    officer: StaffUser
    stranger: StaffUser
    robyn: Child
    jordan: Child
    robyn_case: Case
    robyn_plan: ProtectionPlan
    meeting: Meeting
    robyn_item: AgendaChild
    jordan_item: AgendaChild


def meeting_type(code: str = "mace-child") -> MeetingType:
    return MeetingType.objects.get(code=code)


@pytest.fixture
def story() -> Story:
    council = AgencyFactory(name="Testshire Council", kind=AgencyKind.SOCIAL_CARE)
    area = council.area
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    chair = StaffUserFactory(
        team=TeamFactory(agency=council, name="Child Exploitation Team"),
        agency=council,
        role=Role.CSE_COORDINATOR,
        first_name="Priya",
        last_name="Chairwell",
    )
    officer = StaffUserFactory(
        team=TeamFactory(agency=police), agency=police, first_name="Sam", last_name="Constable"
    )
    stranger = StaffUserFactory(team=TeamFactory(agency=police), agency=police)
    robyn = ChildFactory(area=area, given_name="Robyn", family_name="Eastmere")
    jordan = ChildFactory(area=area, given_name="Jordan", family_name="Westfold")
    robyn_case = CaseFactory(child=robyn, opened_by=chair)
    CaseFactory(child=jordan, opened_by=chair)
    relate(robyn, RelationshipKind.KEY_WORKER, user=chair, case=robyn_case)
    relate(robyn, RelationshipKind.CASE_TEAM, user=officer, case=robyn_case)
    relate(jordan, RelationshipKind.KEY_WORKER, user=chair)
    robyn_plan = PlanFactory(case=robyn_case)
    meeting = meeting_plan(
        by=chair,
        meeting_type=meeting_type(),
        held_at=timezone.now() - dt.timedelta(hours=1),
        location="Room 4, Civic Centre",
        chair=chair,
    )
    robyn_item, jordan_item = agenda_children_add(
        meeting=meeting, by=chair, children=[robyn, jordan]
    )
    attendance_record(meeting=meeting, by=chair, agency=police, user=officer, status="attended")
    return Story(
        council=council,
        police=police,
        chair=chair,
        officer=officer,
        stranger=stranger,
        robyn=robyn,
        jordan=jordan,
        robyn_case=robyn_case,
        robyn_plan=robyn_plan,
        meeting=meeting,
        robyn_item=robyn_item,
        jordan_item=jordan_item,
    )


def police_coordinator(story: Story) -> StaffUser:
    """A CSE coordinator from the police, at the meeting and on Robyn's case team (not
    Jordan's): one who may write the meeting's record, but not about Jordan."""
    coordinator = StaffUserFactory(
        team=TeamFactory(agency=story.police),
        agency=story.police,
        role=Role.CSE_COORDINATOR,
        first_name="Cole",
        last_name="Ordinator",
    )
    relate(story.robyn, RelationshipKind.CASE_TEAM, user=coordinator, case=story.robyn_case)
    attendance_record(
        meeting=story.meeting,
        by=story.chair,
        agency=story.police,
        user=coordinator,
        status="attended",
    )
    return coordinator
