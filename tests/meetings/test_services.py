"""The rules for planning and recording a meeting, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from seemehearme.cases.models import Decision
from seemehearme.meetings.models import AgendaChild, MeetingStatus, MeetingType
from seemehearme.meetings.services import (
    EDIT_CONFLICT,
    agenda_child_participation_record,
    agenda_children_add,
    agenda_place_add,
    attendance_record,
    meeting_action_add,
    meeting_cancel,
    meeting_decision_record,
    meeting_minutes_record,
    meeting_plan,
)
from seemehearme.people.models import RelationshipKind
from seemehearme.plans.models import PlanAction
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import ChildFactory, PanelFactory, StaffUserFactory, relate
from tests.meetings.conftest import meeting_type, police_coordinator

pytestmark = pytest.mark.django_db


def test_the_meeting_types_are_seeded_as_reference_data():
    assert list(MeetingType.objects.values_list("code", flat=True)) == [
        "strategy-discussion",
        "mace-child",
        "mace-contextual",
        "multi-agency-review",
    ]
    assert MeetingType.objects.get(code="mace-contextual").discusses_places


def _participation(story, item=None, **changes):
    values = {
        "agenda_child": item or story.robyn_item,
        "by": story.chair,
        "version": (item or story.robyn_item).version,
        "child_participation": "attended",
        "child_participation_note": "",
        "family_participation": "attended",
        "family_participation_note": "",
        "discussion": "",
    }
    return agenda_child_participation_record(**(values | changes))


def test_a_child_not_invited_needs_a_reason(story):
    with pytest.raises(ValidationError) as error:
        _participation(story, child_participation="not_invited", child_participation_note="  ")
    assert error.value.message_dict == {
        "child_participation_note": ["Enter why Robyn was not invited"]
    }
    item = _participation(
        story,
        child_participation="not_invited",
        child_participation_note="She was in hospital; her advocate will tell her the outcome.",
    )
    item.refresh_from_db()
    assert item.child_participation == "not_invited"


def test_a_family_not_invited_needs_a_reason(story):
    with pytest.raises(ValidationError) as error:
        _participation(story, family_participation="not_invited")
    assert "family_participation_note" in error.value.message_dict


def test_the_database_refuses_not_invited_without_a_reason(story):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaChild.objects.filter(pk=story.robyn_item.pk).update(
            child_participation="not_invited", child_participation_note=""
        )


def test_two_people_saving_the_same_child_at_once_cannot_overwrite_each_other(story):
    loaded = story.robyn_item.version
    _participation(story, discussion="First account.", version=loaded)
    stale = AgendaChild.objects.get(pk=story.robyn_item.pk)
    with pytest.raises(ValidationError) as error:
        _participation(story, item=stale, discussion="Second account.", version=loaded)
    assert error.value.messages == [EDIT_CONFLICT]
    stale.refresh_from_db()
    assert stale.discussion == "First account."


def test_recording_for_a_child_needs_a_working_relationship_with_them(story):
    with pytest.raises(PermissionDenied):
        _participation(story, item=story.jordan_item, by=story.officer)


def _decide(story, **changes):
    values = {
        "agenda_child": story.robyn_item,
        "by": story.chair,
        "summary": "Apply for a Child Abduction Warning Notice",
        "child_took_part": False,
        "why_without_child": "",
    }
    return meeting_decision_record(**(values | changes))


def test_a_decision_made_without_the_child_must_say_why(story):
    with pytest.raises(ValidationError) as error:
        _decide(story)
    assert error.value.message_dict == {
        "why_without_child": ["Enter why the child did not take part"]
    }
    assert not Decision.objects.exists()


def test_a_decision_becomes_a_decision_on_the_childs_case(story):
    link = _decide(story, why_without_child="She was not told about the meeting in time.")
    decision = link.decision
    assert decision.case == story.robyn_case
    assert decision.made_on == timezone.localdate(story.meeting.held_at)
    assert decision.made_by == story.chair
    assert decision.source_agency == story.council
    assert decision.why_without_child == "She was not told about the meeting in time."
    assert decision.child_view == ""
    assert link.agenda_child == story.robyn_item
    assert link.meeting == story.meeting


def test_a_decision_needs_the_childs_view_and_how_it_was_weighed(story):
    with pytest.raises(ValidationError) as error:
        _decide(story, child_took_part=True, child_view="", how_weighed="")
    assert set(error.value.message_dict) == {"child_view", "how_weighed"}


def test_a_child_without_an_open_case_has_no_decisions_recorded(story):
    child = ChildFactory(area=story.meeting.area, given_name="Casey")
    relate(child, RelationshipKind.KEY_WORKER, user=story.chair)
    (item,) = agenda_children_add(meeting=story.meeting, by=story.chair, children=[child])
    with pytest.raises(ValidationError, match="Casey has no open case"):
        _decide(story, agenda_child=item, child_took_part=True)


def _act(story, **changes):
    values = {
        "agenda_child": story.robyn_item,
        "by": story.chair,
        "agency": story.police,
        "owner": story.officer,
        "description": "Serve a Child Abduction Warning Notice on the man at the park.",
        "due_on": timezone.localdate() + dt.timedelta(days=7),
    }
    return meeting_action_add(**(values | changes))


def test_an_action_agreed_at_the_meeting_goes_on_the_childs_plan(story):
    link = _act(story)
    action = PlanAction.objects.get(pk=link.plan_action_id)
    assert action.plan == story.robyn_plan
    assert action.owner == story.officer
    assert action.agency == story.police
    assert action.due_on == timezone.localdate() + dt.timedelta(days=7)
    assert action.created_by == story.chair
    assert link.meeting == story.meeting
    assert link.agenda_child == story.robyn_item


def test_an_action_follows_the_plans_own_rules(story):
    with pytest.raises(ValidationError) as error:
        _act(story, agency=story.council)
    assert "owner" in error.value.message_dict
    assert not PlanAction.objects.exists()


def test_the_chair_must_work_with_every_child_on_the_agenda(story):
    officer_only = ChildFactory(area=story.meeting.area, given_name="Alexis")
    relate(officer_only, RelationshipKind.CASE_TEAM, user=story.officer)
    with pytest.raises(ValidationError, match="does not work with Alexis"):
        agenda_children_add(meeting=story.meeting, by=story.officer, children=[officer_only])


def test_only_someone_who_may_record_for_a_child_can_put_them_on_the_agenda(story):
    someone_else = ChildFactory(area=story.meeting.area)
    relate(someone_else, RelationshipKind.KEY_WORKER, user=story.chair)
    with pytest.raises(PermissionDenied):
        agenda_children_add(meeting=story.meeting, by=story.officer, children=[someone_else])


def test_a_child_listed_at_a_panel_meeting_is_listed_with_the_panel(story):
    panel = PanelFactory(area=story.meeting.area, name="Testshire MACE panel")
    member = StaffUserFactory(team__agency=story.police, agency=story.police, role="panel_member")
    panel.members.add(member, story.chair)
    meeting = meeting_plan(
        by=story.chair,
        meeting_type=meeting_type(),
        held_at=timezone.now() + dt.timedelta(days=14),
        location="Civic Centre",
        chair=story.chair,
        panel=panel,
    )
    assert not relationship_to_child(member, story.jordan)
    agenda_children_add(meeting=meeting, by=story.chair, children=[story.jordan, story.jordan])
    assert meeting.agenda_children.count() == 1
    assert relationship_to_child(member, story.jordan).basis == "panel"


def test_a_meeting_is_planned_by_its_chair_or_a_member_of_its_panel(story):
    with pytest.raises(ValidationError) as error:
        meeting_plan(
            by=story.officer,
            meeting_type=meeting_type(),
            held_at=timezone.now(),
            location="Police station",
            chair=story.chair,
        )
    assert "chair" in error.value.message_dict


def test_what_happened_is_recorded_from_the_day_of_the_meeting(story):
    future = meeting_plan(
        by=story.chair,
        meeting_type=meeting_type("strategy-discussion"),
        held_at=timezone.now() + dt.timedelta(days=3),
        location="Phone",
        chair=story.chair,
    )
    with pytest.raises(ValidationError, match="has not happened yet"):
        attendance_record(
            meeting=future,
            by=story.chair,
            agency=story.police,
            user=story.officer,
            status="attended",
        )
    with pytest.raises(ValidationError, match="has not happened yet"):
        meeting_minutes_record(meeting=future, by=story.chair, version=future.version, minutes="x")


def test_attendance_names_someone_from_the_right_agency(story):
    with pytest.raises(ValidationError) as error:
        attendance_record(
            meeting=story.meeting, by=story.chair, agency=story.police, status="attended"
        )
    assert "person_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        attendance_record(
            meeting=story.meeting,
            by=story.chair,
            agency=story.council,
            user=story.officer,
            status="attended",
        )
    assert error.value.message_dict["user"] == ["Sam Constable does not work for Testshire Council"]
    with pytest.raises(ValidationError, match="already recorded"):
        attendance_record(
            meeting=story.meeting,
            by=story.chair,
            agency=story.police,
            user=story.officer,
            status="attended",
        )
    named = attendance_record(
        meeting=story.meeting,
        by=story.chair,
        agency=story.council,
        person_name="Jo Advocate",
        job_title="Independent advocate",
        status="apologies",
    )
    assert named.name == "Jo Advocate"


def test_minutes_mark_the_meeting_held_and_refuse_an_out_of_date_copy(story):
    loaded = story.meeting.version
    meeting_minutes_record(
        meeting=story.meeting, by=story.chair, version=loaded, minutes="Hotspots reviewed."
    )
    story.meeting.refresh_from_db()
    assert story.meeting.status == MeetingStatus.HELD
    with pytest.raises(ValidationError, match="Someone else saved changes"):
        meeting_minutes_record(
            meeting=story.meeting, by=police_coordinator(story), version=loaded, minutes="Over."
        )
    story.meeting.refresh_from_db()
    assert story.meeting.minutes == "Hotspots reviewed."
    assert story.meeting.history.count() >= 2


def test_a_cancelled_meeting_keeps_its_reason_and_takes_no_more_records(story):
    meeting_cancel(meeting=story.meeting, by=story.chair, reason="The chair is ill.", version=None)
    story.meeting.refresh_from_db()
    assert story.meeting.status == MeetingStatus.CANCELLED
    with pytest.raises(ValidationError, match="cancelled"):
        _participation(story)


def test_a_place_has_a_real_looking_postcode(story):
    with pytest.raises(ValidationError) as error:
        agenda_place_add(
            meeting=story.meeting, by=story.chair, description="The park", postcode="NOPE"
        )
    assert "postcode" in error.value.message_dict
    place = agenda_place_add(
        meeting=story.meeting, by=story.chair, description="The park", postcode="zz1  1aa"
    )
    assert place.postcode == "ZZ1 1AA"
