"""Recommendations made to the partnership and its agencies, and each agency's response.

A recommendation has a source (the inquiry, a serious case review or child safeguarding
practice review, an inspection, the board itself), a reference, its words and a date. The
inquiry's own are seeded for every partnership. Each member organisation answers once (agreed,
partly agreed or not agreed, and why) and keeps its progress; the actions taken are plan
actions that cite the recommendation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.assurance.access import can_act_for_agency, can_edit_assurance, user_area
from seemehearme.assurance.actionplans import DONE, action_state
from seemehearme.assurance.models import (
    Action,
    Answer,
    Recommendation,
    RecommendationResponse,
    RecommendationSource,
)
from seemehearme.sharing.policy import require


def recommendations_for(area: Area) -> QuerySet[Recommendation]:
    """The partnership's own recommendations and the inquiry's, which are everyone's."""
    return Recommendation.objects.filter(Q(area=area) | Q(area__isnull=True))


def member_agencies(area: Area) -> QuerySet[Agency]:
    return Agency.objects.filter(area=area, is_active=True).order_by("name")


def recommendation_record(
    *, user: StaffUser, source: str, reference: str, text: str, made_on: dt.date
) -> Recommendation:
    """Record a recommendation made to ``user``'s partnership."""
    require(can_edit_assurance(user))
    area = user_area(user)
    assert area is not None
    errors: dict[str, str] = {}
    if source not in RecommendationSource.values:
        errors["source"] = "Choose where the recommendation came from"
    if not reference.strip():
        errors["reference"] = "Enter the recommendation's reference"
    elif recommendations_for(area).filter(reference=reference.strip()).exists():
        errors["reference"] = "A recommendation with this reference is already recorded"
    if not text.strip():
        errors["text"] = "Enter the recommendation as it was made"
    if errors:
        raise ValidationError(errors)
    return Recommendation.objects.create(
        area=area,
        source=source,
        reference=reference.strip(),
        text=text.strip(),
        made_on=made_on,
        recorded_by=user,
    )


def response_record(
    *,
    user: StaffUser,
    recommendation: Recommendation,
    agency: Agency,
    answer: str,
    reasons: str,
    progress: str,
    on: dt.date | None = None,
) -> RecommendationResponse:
    """Record (or change) ``agency``'s response. Only the agency's managers, the strategic lead
    and the CSE coordinators may; a partial or refused agreement must say why."""
    require(can_act_for_agency(user, agency))
    if recommendation.area_id not in (None, agency.area_id):
        raise PermissionDenied("That recommendation belongs to a different partnership.")
    if answer not in Answer.values:
        raise ValidationError({"answer": "Choose whether your agency agrees"})
    if answer != Answer.AGREED and not reasons.strip():
        raise ValidationError({"reasons": "Say why your agency does not fully agree"})
    response = RecommendationResponse.objects.filter(
        recommendation=recommendation, agency=agency
    ).first() or RecommendationResponse(recommendation=recommendation, agency=agency)
    response.answer = answer
    response.reasons = reasons.strip()
    response.progress = progress.strip()
    response.responded_on = on or timezone.localdate()
    response.recorded_by = user
    response._history_user = user  # type: ignore[attr-defined]
    response.save()
    return response


@dataclass(frozen=True)
class AgencyStatus:
    """One agency's position on a recommendation."""

    agency: Agency
    response: RecommendationResponse | None
    actions: list[Action]

    @property
    def actions_done(self) -> int:
        return sum(1 for action in self.actions if action_state(action) == DONE)


@dataclass(frozen=True)
class RecommendationStatus:
    recommendation: Recommendation
    agencies: list[AgencyStatus]

    def count(self, answer: str) -> int:
        return sum(1 for row in self.agencies if row.response and row.response.answer == answer)

    @property
    def agreed(self) -> int:
        return self.count(Answer.AGREED)

    @property
    def partly_agreed(self) -> int:
        return self.count(Answer.PARTLY_AGREED)

    @property
    def not_agreed(self) -> int:
        return self.count(Answer.NOT_AGREED)

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.agencies if row.response is None)

    @property
    def actions(self) -> int:
        return sum(len(row.actions) for row in self.agencies)

    @property
    def actions_done(self) -> int:
        return sum(row.actions_done for row in self.agencies)


def statuses(area: Area, recommendations: list[Recommendation]) -> list[RecommendationStatus]:
    """Each recommendation's responses and actions across ``area``'s agencies, in three
    queries however many there are."""
    agencies = list(member_agencies(area))
    ids = [recommendation.pk for recommendation in recommendations]
    responses = {
        (response.recommendation_id, response.agency_id): response
        for response in RecommendationResponse.objects.filter(
            recommendation_id__in=ids, agency__area=area
        ).select_related("recorded_by")
    }
    actions: dict[tuple[int, int], list[Action]] = {}
    for action in Action.objects.filter(recommendation_id__in=ids, plan__area=area).select_related(
        "plan", "owner"
    ):
        assert action.recommendation_id is not None
        actions.setdefault((action.recommendation_id, action.agency_id), []).append(action)
    return [
        RecommendationStatus(
            recommendation,
            [
                AgencyStatus(
                    agency,
                    responses.get((recommendation.pk, agency.pk)),
                    actions.get((recommendation.pk, agency.pk), []),
                )
                for agency in agencies
            ],
        )
        for recommendation in recommendations
    ]
