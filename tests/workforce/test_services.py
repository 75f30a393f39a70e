"""Recording training and supervision: expiry worked out from the course, and who may record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.workforce.models import SupervisionKind, TrainingCourse
from seemehearme.workforce.services import (
    expiry_for,
    months_after,
    supervision_record,
    training_record,
)
from tests.factories import StaffUserFactory


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert months_after(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert months_after(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert months_after(dt.date(2026, 3, 3), 36) == dt.date(2029, 3, 3)


@pytest.mark.django_db
def test_the_seeded_courses_say_how_long_they_last_and_who_needs_them():
    awareness = TrainingCourse.objects.get(code="cse-awareness")
    assert awareness.valid_for_months == 36
    assert Role.PRACTITIONER in awareness.required_for
    assert Role.SYSTEM_ADMINISTRATOR not in awareness.required_for
    assert TrainingCourse.objects.filter(is_active=True).count() == 6
    lasting = TrainingCourse(name="Induction", valid_for_months=None)
    assert expiry_for(lasting, dt.date(2026, 1, 1)) is None


def test_a_team_manager_records_training_and_its_expiry_follows_from_the_course(partnership):
    record = training_record(
        by=partnership.mia,
        staff=partnership.ben,
        course=partnership.basic,
        completed_on=dt.date(2026, 6, 1),
        provider=" Testshire training team ",
    )
    assert record.expires_on == dt.date(2027, 6, 1)
    assert record.provider == "Testshire training team"
    assert record.recorded_by == partnership.mia


def test_training_is_refused_for_another_team_a_future_date_or_twice(partnership):
    with pytest.raises(PermissionDenied, match="own team"):
        training_record(
            by=partnership.mia,
            staff=partnership.dee,
            course=partnership.basic,
            completed_on=dt.date(2026, 6, 1),
            provider="Trainer",
        )
    with pytest.raises(ValidationError) as refused:
        training_record(
            by=partnership.mia,
            staff=partnership.ava,
            course=partnership.basic,
            completed_on=timezone.localdate() + dt.timedelta(days=1),
            provider="",
        )
    assert set(refused.value.message_dict) == {"completed_on", "provider"}
    with pytest.raises(ValidationError, match="already has this course"):
        training_record(
            by=partnership.mia,
            staff=partnership.ava,
            course=partnership.basic,
            completed_on=dt.date(2026, 1, 10),
            provider="Trainer",
        )


def test_a_cse_coordinator_records_for_anyone_in_the_partnership_only(partnership):
    training_record(
        by=partnership.coordinator,
        staff=partnership.eli,
        course=partnership.basic,
        completed_on=dt.date(2026, 6, 1),
        provider="Trainer",
    )
    with pytest.raises(PermissionDenied, match="another partnership"):
        training_record(
            by=partnership.coordinator,
            staff=partnership.xan,
            course=partnership.basic,
            completed_on=dt.date(2026, 6, 1),
            provider="Trainer",
        )


def test_a_practitioner_records_nothing(partnership):
    with pytest.raises(PermissionDenied):
        supervision_record(
            by=partnership.ava,
            supervisee=partnership.ben,
            supervisor=partnership.ava,
            held_on=dt.date(2026, 6, 1),
            kind=SupervisionKind.GROUP,
        )


def test_supervision_needs_someone_else_from_the_partnership_as_supervisor(partnership):
    session = supervision_record(
        by=partnership.mia,
        supervisee=partnership.ava,
        supervisor=partnership.mia,
        held_on=dt.date(2026, 6, 29),
        kind=SupervisionKind.REFLECTIVE,
        cases_discussed=4,
        note="  Caseload and workload. ",
    )
    assert (session.cases_discussed, session.note) == (4, "Caseload and workload.")
    for supervisor in (partnership.ava, partnership.xan):
        with pytest.raises(ValidationError) as refused:
            supervision_record(
                by=partnership.mia,
                supervisee=partnership.ava,
                supervisor=supervisor,
                held_on=dt.date(2026, 6, 29),
                kind=SupervisionKind.INDIVIDUAL,
            )
        assert list(refused.value.message_dict) == ["supervisor"]


def test_a_team_manager_without_a_team_records_nothing(partnership):
    manager = StaffUserFactory(role=Role.TEAM_MANAGER, team=None, agency=partnership.police)
    with pytest.raises(PermissionDenied, match="not linked to a team"):
        training_record(
            by=manager,
            staff=partnership.eli,
            course=partnership.basic,
            completed_on=dt.date(2026, 6, 1),
            provider="Trainer",
        )
