"""The work on a case: the child's words, decisions, reviews, the risk level and closure."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.cases.casework import (
    Reflection,
    case_close,
    case_risk_change,
    case_risk_review_request,
    decision_record,
    review_record,
    voice_entry_add,
)
from seemehearme.cases.models import (
    CaptureMethod,
    Case,
    CaseStatus,
    ChildSaysThings,
    ClosureReason,
    Decision,
    Engagement,
    KeyWorkerAssignment,
    ReflectiveQuestion,
    Review,
    VoiceKind,
)
from seemehearme.cases.selectors import case_risk_history
from seemehearme.cases.services import (
    case_open,
    case_team_add,
    key_worker_count,
    keyworker_assign,
)
from seemehearme.people.models import RelationshipKind, WorkingRelationship
from seemehearme.sharing.models import BreakGlassAccess
from seemehearme.sharing.policy import relationship_to_child
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
    relate,
    risk_level,
)

pytestmark = pytest.mark.django_db


def case_story() -> SimpleNamespace:
    """Maisie's case: a CSE coordinator whose team holds the referral, a social worker as key
    worker, and a police officer on the case team. Everyone is made up."""
    area = AreaFactory()
    social_care = AgencyFactory(area=area, name="Testshire Children's Services")
    police = AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE)
    exploitation_team = TeamFactory(agency=social_care, name="Child Exploitation Team")
    area.triage_team = exploitation_team
    area.save()
    coordinator = StaffUserFactory(
        team=exploitation_team,
        agency=social_care,
        role=Role.CSE_COORDINATOR,
        first_name="Priya",
        last_name="Coordinator",
    )
    worker = StaffUserFactory(
        team=TeamFactory(agency=social_care), first_name="Amara", last_name="Hollins"
    )
    officer = StaffUserFactory(team=TeamFactory(agency=police), first_name="Dan", last_name="Beat")
    child = ChildFactory(area=area, given_name="Maisie", family_name="Testchild")
    relate(child, RelationshipKind.REFERRAL_HOLDER, team=exploitation_team)
    case = case_open(
        child=child,
        by=coordinator,
        risk_level=risk_level("category-2"),
        risk_reason="Three warning signs within a month.",
    )
    keyworker_assign(
        case=case,
        worker=worker,
        by=coordinator,
        reason="Amara already knows Maisie from a family support visit.",
        child_told=True,
        child_told_how="Told together at the youth centre.",
    )
    case_team_add(case=case, member=officer, by=coordinator)
    return SimpleNamespace(
        area=area,
        social_care=social_care,
        police=police,
        coordinator=coordinator,
        worker=worker,
        officer=officer,
        child=child,
        case=Case.objects.get(pk=case.pk),
    )


def all_answered(answer: str = "yes") -> dict[ReflectiveQuestion, Reflection]:
    return {q: Reflection(answer) for q in ReflectiveQuestion.objects.filter(is_active=True)}


def record_review(story: SimpleNamespace, **overrides):
    arguments = {
        "case": story.case,
        "by": story.worker,
        "held_on": timezone.localdate(),
        "missing_episodes": 1,
        "school_attendance_percent": 84,
        "engagement": Engagement.GOOD,
        "risk_level_after": risk_level("category-1"),
        "child_says_things_are": ChildSaysThings.BETTER,
        "child_words": "It's better. I don't go in the car.",
        "summary": "One missing episode; attendance up.",
        "next_review_due": timezone.localdate() + dt.timedelta(days=60),
        "reflections": all_answered(),
    }
    arguments.update(overrides)
    return review_record(**arguments)


@pytest.fixture
def story():
    return case_story()


# --- Decisions ---------------------------------------------------------------------------


def test_a_decision_made_without_the_child_must_say_why(story):
    decision = {
        "case": story.case,
        "by": story.officer,
        "summary": "Child Abduction Warning Notice to the driver",
        "child_took_part": False,
    }
    with pytest.raises(ValidationError) as refused:
        decision_record(**decision, why_without_child="   ")
    assert refused.value.message_dict == {
        "why_without_child": ["Enter why the child did not take part"]
    }
    assert not Decision.objects.exists()

    saved = decision_record(
        **decision, why_without_child="Telling her first could put her under pressure."
    )
    assert saved.why_without_child == "Telling her first could put her under pressure."
    assert saved.source_agency == story.police


def test_a_decision_without_the_child_asks_why_not_instead_of_their_view(story):
    saved = decision_record(
        case=story.case,
        by=story.officer,
        summary="Child Abduction Warning Notice to the driver",
        child_took_part=False,
        child_view="typed before choosing no",
        how_weighed="typed before choosing no",
        why_without_child="Telling her first could put her under pressure.",
    )
    assert (saved.child_view, saved.how_weighed) == ("", "")
    saved.refresh_from_db()
    assert saved.why_without_child == "Telling her first could put her under pressure."


def test_a_decision_says_whether_the_child_took_part(story):
    with pytest.raises(ValidationError) as refused:
        decision_record(case=story.case, by=story.worker, summary="x", child_took_part=None)
    assert refused.value.message_dict == {
        "child_took_part": ["Say whether the child took part in the decision"]
    }


def test_a_decision_with_the_child_keeps_no_reason_for_leaving_them_out(story):
    saved = decision_record(
        case=story.case,
        by=story.worker,
        summary="Safe transport to school",
        child_took_part=True,
        child_view="OK as long as it isn't a police car.",
        how_weighed="School minibus, not a police car.",
        why_without_child="typed before choosing yes",
    )
    assert saved.why_without_child == ""


def test_every_decision_records_the_childs_view_and_how_it_was_weighed(story):
    with pytest.raises(ValidationError) as refused:
        decision_record(
            case=story.case,
            by=story.worker,
            summary="Move placement",
            child_took_part=True,
            child_view="",
            how_weighed=" ",
        )
    assert set(refused.value.message_dict) == {"child_view", "how_weighed"}


# --- The child's words ---------------------------------------------------------------------


def test_the_childs_words_are_kept_exactly_as_said(story):
    words = "they said i was 'mature for my age'...   i dont think so anymore"
    entry = voice_entry_add(
        case=story.case,
        by=story.worker,
        kind=VoiceKind.OWN_WORDS,
        words=f"\n{words}\r\n",
        captured_how=CaptureMethod.IN_PERSON,
        captured_with="Amara Hollins (key worker)",
        captured_where="Youth centre",
        said_on=timezone.localdate(),
    )
    assert entry.words == words
    assert entry.source_agency == story.social_care
    assert entry.child == story.child


def test_the_childs_words_cannot_be_dated_in_the_future(story):
    with pytest.raises(ValidationError) as refused:
        voice_entry_add(
            case=story.case,
            by=story.worker,
            kind=VoiceKind.WHAT_I_WANT,
            words="I want to stay at my school.",
            captured_how=CaptureMethod.PHONE,
            captured_with="Amara",
            captured_where="Phone",
            said_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "said_on" in refused.value.message_dict


def test_break_glass_access_reads_but_cannot_record(story):
    stranger = StaffUserFactory(team__agency=story.police)
    BreakGlassAccess.objects.create(
        user=stranger,
        child=story.child,
        reason="Found at 2am with an adult; need the case now.",
        expires_at=timezone.now() + dt.timedelta(hours=2),
    )
    assert relationship_to_child(stranger, story.child).basis == "break_glass"
    with pytest.raises(PermissionDenied, match="read, not record"):
        decision_record(
            case=story.case,
            by=stranger,
            summary="Anything",
            child_took_part=True,
            child_view="x",
            how_weighed="y",
        )


# --- Risk level ----------------------------------------------------------------------------


def test_changing_the_risk_level_needs_a_manager_and_a_reason_and_is_kept_in_history(story):
    with pytest.raises(PermissionDenied, match="CSE coordinator or a team manager"):
        case_risk_change(
            case=story.case, by=story.worker, risk_level=risk_level("category-3"), reason="Worse."
        )
    with pytest.raises(ValidationError) as refused:
        case_risk_change(
            case=story.case, by=story.coordinator, risk_level=risk_level("category-3"), reason=""
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="already"):
        case_risk_change(
            case=story.case, by=story.coordinator, risk_level=risk_level("category-2"), reason="x"
        )

    case_risk_change(
        case=story.case,
        by=story.coordinator,
        risk_level=risk_level("category-3"),
        reason="Found in a car with two adults.",
    )
    story.case.refresh_from_db()
    assert story.case.risk_level == risk_level("category-3")
    history = case_risk_history(story.case)
    assert [(c.level.code, c.reason) for c in history] == [
        ("category-2", "Three warning signs within a month."),
        ("category-3", "Found in a car with two adults."),
    ]
    assert history[-1].changed_by == story.coordinator


def test_a_risk_level_from_another_scheme_is_refused(story):
    with pytest.raises(ValidationError, match="this partnership's risk levels"):
        case_risk_change(
            case=story.case,
            by=story.coordinator,
            risk_level=risk_level("being-exploited", scheme="stage"),
            reason="Evidence of exploitation.",
        )


def test_a_change_based_on_an_old_copy_of_the_case_is_refused(story):
    loaded_version = story.case.version
    case_risk_change(
        case=Case.objects.get(pk=story.case.pk),
        by=story.coordinator,
        risk_level=risk_level("category-3"),
        reason="First change.",
        version=loaded_version,
    )
    with pytest.raises(RecordModifiedError), transaction.atomic():
        case_risk_change(
            case=Case.objects.get(pk=story.case.pk),
            by=story.coordinator,
            risk_level=risk_level("category-1"),
            reason="Based on the page I opened before the first change.",
            version=loaded_version,
        )
    story.case.refresh_from_db()
    assert story.case.risk_reason == "First change."


# --- Reviews ---------------------------------------------------------------------------------


def test_a_review_sets_the_risk_level_and_the_next_review_date(story):
    due = timezone.localdate() + dt.timedelta(days=60)
    review = record_review(story, next_review_due=due)
    story.case.refresh_from_db()
    assert review.risk_level_before == risk_level("category-2")
    assert review.risk_level_after == risk_level("category-1")
    assert story.case.risk_level == risk_level("category-1")
    assert story.case.next_review_due == due
    assert story.case.risk_reason.startswith("Changed at the review on")
    assert review.reflections.count() == ReflectiveQuestion.objects.filter(is_active=True).count()


def test_a_review_without_a_date_is_due_again_after_the_partnerships_interval(story):
    record_review(story, next_review_due=None, risk_level_after=risk_level("category-2"))
    story.case.refresh_from_db()
    assert story.case.next_review_due == timezone.localdate() + dt.timedelta(
        days=story.area.review_interval_days
    )
    assert story.case.risk_reason == "Three warning signs within a month."  # level unchanged


def test_every_reflective_question_must_be_answered(story):
    reflections = all_answered()
    skipped = ReflectiveQuestion.objects.get(code="perpetrators-disrupted")
    del reflections[skipped]
    with pytest.raises(ValidationError) as refused:
        record_review(story, reflections=reflections)
    assert list(refused.value.message_dict) == [f"reflection_{skipped.pk}"]
    assert not Review.objects.exists()
    story.case.refresh_from_db()
    assert story.case.risk_level == risk_level("category-2")


def test_a_question_no_longer_asked_is_not_required(story):
    retired = ReflectiveQuestion.objects.get(code="trained")
    retired.is_active = False
    retired.save()
    review = record_review(story)
    assert not review.reflections.filter(question=retired).exists()


def test_review_outcome_measures_are_checked(story):
    with pytest.raises(ValidationError) as refused:
        record_review(
            story,
            school_attendance_percent=101,
            missing_episodes=-1,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            next_review_due=timezone.localdate(),
        )
    assert set(refused.value.message_dict) == {
        "school_attendance_percent",
        "missing_episodes",
        "held_on",
        "next_review_due",
    }


# --- Key workers and closure -----------------------------------------------------------------


def test_the_key_worker_count_counts_people_not_changes(story):
    second = StaffUserFactory(team__agency=story.social_care)
    keyworker_assign(
        case=story.case,
        worker=second,
        by=story.coordinator,
        reason="Amara on leave.",
        child_told=False,
    )
    assert key_worker_count(story.case) == 2
    keyworker_assign(
        case=story.case,
        worker=story.worker,
        by=story.coordinator,
        reason="Amara back.",
        child_told=True,
        child_told_how="Amara phoned her.",
    )
    assert key_worker_count(story.case) == 2
    assert story.case.key_workers.count() == 3


def test_closing_ends_the_case_teams_access_but_keeps_the_history(story):
    with pytest.raises(PermissionDenied):
        case_close(
            case=story.case,
            by=story.worker,
            reason=ClosureReason.objects.get(code="risk-reduced"),
            summary="Done.",
        )
    with pytest.raises(ValidationError) as refused:
        case_close(
            case=story.case,
            by=story.coordinator,
            reason=ClosureReason.objects.get(code="risk-reduced"),
            summary=" ",
        )
    assert "summary" in refused.value.message_dict

    case_close(
        case=story.case,
        by=story.coordinator,
        reason=ClosureReason.objects.get(code="risk-reduced"),
        summary="Safety plan working; Maisie agrees.",
    )
    case = Case.objects.get(pk=story.case.pk)
    assert case.status == CaseStatus.CLOSED
    assert case.closed_by == story.coordinator
    assert not relationship_to_child(story.officer, story.child).allowed
    assert not relationship_to_child(story.worker, story.child).allowed
    # The team holding the referral keeps it.
    assert relationship_to_child(story.coordinator, story.child).basis == "referral_holder"
    # Who worked on the case stays in the record.
    assignment = KeyWorkerAssignment.objects.get(case=case)
    assert assignment.user == story.worker
    assert assignment.ended_at is not None
    ended = WorkingRelationship.objects.filter(case=case)
    assert {r.user for r in ended} == {story.worker, story.officer}
    assert all(r.ended_on == timezone.localdate() for r in ended)
    assert key_worker_count(case) == 1


def test_nothing_more_is_added_to_a_closed_case(story):
    case_close(
        case=story.case,
        by=story.coordinator,
        reason=ClosureReason.objects.get(code="stepped-down"),
        summary="Stepped down to early help.",
    )
    with pytest.raises(ValidationError, match="closed"):
        decision_record(
            case=story.case,
            by=story.coordinator,
            summary="Late decision",
            child_took_part=True,
            child_view="x",
            how_weighed="y",
        )
    with pytest.raises(ValidationError, match="closed"):
        record_review(story, by=story.coordinator)


# --- A risk review asked for (by a screening's professional judgement) ------------------------


def test_a_risk_review_stays_due_until_a_review_looks_at_the_level(story):
    case_risk_review_request(
        case=story.case, by=story.officer, reason="Screening judged higher than the case."
    )
    story.case.refresh_from_db()
    assert story.case.risk_review_due == "Screening judged higher than the case."
    record_review(story, version=story.case.version)
    story.case.refresh_from_db()
    assert story.case.risk_review_due == ""
