"""Recording a screening, professional judgement and reassessment dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seemehearme.dates import long_date
from seemehearme.people.models import RelationshipKind
from seemehearme.screening.models import Presence, Screening
from seemehearme.screening.services import AnswerInput, screening_override, screening_record
from seemehearme.sharing.models import BreakGlassAccess
from tests.factories import CaseFactory, StaffUserFactory, relate
from tests.screening.factories import scheme

pytestmark = pytest.mark.django_db


def test_a_screening_stores_its_result_and_how_it_was_reached(child, worker, answers):
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme("seraf"),
        answers=answers({"Missing from home or care": 10, "Homeless": 30, "Self-harm": 200}),
    )
    assert screening.score == 5 + 1 + 1
    assert screening.band_code == "mild"
    assert screening.final_label == "Mild"
    assert screening.source_agency == worker.agency
    assert screening.answers.count() == 29
    seen = timezone.localdate() - dt.timedelta(days=10)
    assert (
        f"Missing from home or care: significant, {long_date(seen)} (within 6 months): 5 points"
    ) in screening.explanation


def test_reassessment_is_due_after_the_areas_review_interval(child, worker, answers):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    assert screening.reassess_due == screening.completed_on + dt.timedelta(days=91)

    child.area.review_interval_days = 28
    child.area.save()
    sooner = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    assert sooner.reassess_due == sooner.completed_on + dt.timedelta(days=28)


def test_a_practitioner_may_reassess_sooner_but_not_later(child, worker, answers):
    today = timezone.localdate()
    early = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        answers=answers(),
        reassess_due=today + dt.timedelta(days=14),
    )
    assert early.reassess_due == today + dt.timedelta(days=14)
    with pytest.raises(ValidationError) as refused:
        screening_record(
            child=child,
            by=worker,
            scheme=scheme(),
            answers=answers(),
            reassess_due=today + dt.timedelta(days=92),
        )
    assert "reassess_due" in refused.value.message_dict


def test_reassessment_is_overdue_only_once_the_date_has_passed(child, worker, answers):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    assert not screening.reassessment_overdue(screening.reassess_due)
    assert screening.reassessment_overdue(screening.reassess_due + dt.timedelta(days=1))


def test_a_yes_needs_evidence_a_source_and_a_date(child, worker, answers):
    given = [
        replace(a, evidence=" ", observed_on=None) if a.present == "yes" else a
        for a in answers({"Homeless": 3})
    ]
    with pytest.raises(ValidationError) as refused:
        screening_record(child=child, by=worker, scheme=scheme(), answers=given)
    assert "Homeless is marked yes" in str(refused.value)
    assert not Screening.objects.exists()


def test_every_indicator_must_be_answered(child, worker, answers):
    with pytest.raises(ValidationError, match="Answer every indicator"):
        screening_record(child=child, by=worker, scheme=scheme(), answers=answers()[:-1])


def test_a_case_about_another_child_is_refused(child, worker, answers):
    with pytest.raises(ValidationError, match="another child"):
        screening_record(
            child=child, by=worker, scheme=scheme(), answers=answers(), case=CaseFactory()
        )


def test_break_glass_access_cannot_record_a_screening(child, answers):
    reader = StaffUserFactory(team__agency__area=child.area)
    BreakGlassAccess.objects.create(
        user=reader,
        child=child,
        reason="Synthetic emergency",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    with pytest.raises(PermissionDenied, match="read, not record"):
        screening_record(child=child, by=reader, scheme=scheme(), answers=answers())


def test_professional_judgement_needs_a_reason(child, worker, answers):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    with pytest.raises(ValidationError) as refused:
        screening_override(screening=screening, by=worker, band="significant", reason="  ")
    assert "reason" in refused.value.message_dict
    screening.refresh_from_db()
    assert not screening.is_overridden


def test_professional_judgement_wins_and_the_score_stays_beside_it(child, worker, answers):
    screening = screening_record(
        child=child, by=worker, scheme=scheme(), answers=answers({"Homeless": 3})
    )
    assert screening.band_code == "not-at-risk"
    screening_override(
        screening=screening,
        by=worker,
        band="significant",
        reason="She told her teacher a man collects her from school in a car.",
    )
    screening.refresh_from_db()
    assert screening.final_band == "significant"
    assert screening.final_label == "Significant"
    assert screening.band_label == "Not at risk"
    assert screening.score == 1
    assert screening.overridden_by == worker
    assert screening.history.count() == 2


def test_judgement_must_differ_from_the_score(child, worker, answers):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    with pytest.raises(ValidationError, match="already gives Not at risk"):
        screening_override(screening=screening, by=worker, band="not-at-risk", reason="Agree")


def test_a_judgement_based_on_an_old_copy_is_refused(child, worker, answers):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    colleague = StaffUserFactory(team__agency__area=child.area)
    relate(child, RelationshipKind.CASE_TEAM, user=colleague)
    seen_version = screening.version
    screening_override(
        screening=Screening.objects.get(pk=screening.pk),
        by=colleague,
        band="moderate",
        reason="Seen with older men at the retail park.",
        version=seen_version,
    )
    with pytest.raises(RecordModifiedError):
        screening_override(
            screening=Screening.objects.get(pk=screening.pk),
            by=worker,
            band="mild",
            reason="Synthetic reason",
            version=seen_version,
        )
    screening.refresh_from_db()
    assert screening.override_band == "moderate"


def test_only_a_yes_keeps_evidence_an_agency_and_a_date(child, worker, indicators):
    today = timezone.localdate()
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        answers=[
            AnswerInput(
                indicator=indicator,
                present=Presence.NOT_KNOWN if indicator.number == 1 else Presence.NO,
                evidence="Left over (synthetic).",
                source_agency=worker.agency,
                observed_on=today,
            )
            for indicator in indicators.values()
        ],
    )
    assert not screening.answers.exclude(evidence="", source_agency=None, observed_on=None).exists()
