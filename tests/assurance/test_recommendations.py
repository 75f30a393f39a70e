"""Recommendations: the inquiry's seeded for every partnership, the partnership's own, each
agency's response (only for itself) and the status across agencies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.assurance import actionplans as ap
from seemehearme.assurance import recommendations as rec
from seemehearme.assurance.models import PlanKind, Recommendation, RecommendationSource

pytestmark = pytest.mark.django_db


def test_the_inquirys_eight_recommendations_are_seeded_word_for_word(area):
    inquiry = rec.recommendations_for(area).filter(source=RecommendationSource.INQUIRY)
    assert inquiry.count() == 8
    texts = list(inquiry.values_list("text", flat=True))
    assert "Local agencies must share information in an agreed way" in texts


def test_a_recommendation_is_recorded_once_per_reference(lead, practitioner):
    made = rec.recommendation_record(
        user=lead,
        source="case_review",
        reference="CSPR 1",
        text="Train taxi drivers.",
        made_on=dt.date(2026, 9, 1),
    )
    assert made.area == lead.agency.area
    with pytest.raises(ValidationError):
        rec.recommendation_record(
            user=lead, source="board", reference="CSPR 1", text="Again", made_on=dt.date(2026, 9, 1)
        )
    with pytest.raises(PermissionDenied):
        rec.recommendation_record(
            user=practitioner, source="board", reference="B1", text="x", made_on=dt.date(2026, 9, 1)
        )


def test_each_agency_answers_for_itself_and_the_status_counts_them(
    area, lead, council, police, police_manager, police_officer, coordinator
):
    item = Recommendation.objects.filter(source="inquiry").first()
    police_response = rec.response_record(
        user=police_manager,
        recommendation=item,
        agency=police,
        answer="partly_agreed",
        reasons="Resources",
        progress="Half done",
    )
    with pytest.raises(PermissionDenied):
        rec.response_record(
            user=police_manager,
            recommendation=item,
            agency=council,
            answer="agreed",
            reasons="",
            progress="",
        )
    with pytest.raises(PermissionDenied):
        rec.response_record(
            user=police_officer,
            recommendation=item,
            agency=police,
            answer="agreed",
            reasons="",
            progress="",
        )
    with pytest.raises(ValidationError):
        rec.response_record(
            user=lead,
            recommendation=item,
            agency=council,
            answer="not_agreed",
            reasons="",
            progress="",
        )
    rec.response_record(
        user=lead, recommendation=item, agency=council, answer="agreed", reasons="", progress=""
    )
    # Answering again changes the agency's one response.
    rec.response_record(
        user=police_manager,
        recommendation=item,
        agency=police,
        answer="agreed",
        reasons="",
        progress="Done",
    )
    police_response.refresh_from_db()
    assert police_response.answer == "agreed"
    assert police_response.history.count() == 2

    plan = ap.plan_create(user=police_manager, kind=PlanKind.AGENCY, agency=police, title="P")
    action = ap.action_add(
        user=police_manager,
        plan=plan,
        description="Brief officers",
        owner=police_officer,
        agency=police,
        due_on=dt.date(2027, 1, 1),
        recommendation=item,
    )
    ap.action_update(user=police_officer, action=action, status="done", note="")
    (status,) = rec.statuses(area, [item])
    assert (status.agreed, status.partly_agreed, status.not_agreed, status.waiting) == (2, 0, 0, 0)
    by_agency = {row.agency: row for row in status.agencies}
    assert [a.description for a in by_agency[police].actions] == ["Brief officers"]
    assert by_agency[police].actions_done == 1
    assert by_agency[council].actions == []
    assert (status.actions_done, status.actions) == (1, 1)
