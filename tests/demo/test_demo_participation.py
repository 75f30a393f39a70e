"""The demo's participation, family support and questionnaire rounds."""

from __future__ import annotations

import pytest

from seemehearme.areas.models import StaffUser
from seemehearme.participation.models import FamilySupportOffer, ParticipationActivity
from seemehearme.questionnaires.models import ResponseStatus, Round
from seemehearme.questionnaires.report import change_report

pytestmark = pytest.mark.django_db


def test_a_consultation_with_you_said_we_did(northbridge):
    consultation = ParticipationActivity.objects.get(area=northbridge, kind="consultation")
    assert "what happens after you tell someone" in consultation.they_said
    assert consultation.changes.count() == 2
    assert ParticipationActivity.objects.filter(area=northbridge).count() == 2


def test_maisies_family_was_offered_support(northbridge):
    offers = FamilySupportOffer.objects.filter(case__child__given_name="Maisie")
    assert {offer.get_outcome_display() for offer in offers} >= {"Accepted", "Declined"}
    assert all(offer.recorded_by.username == "amara.social" for offer in offers)


def test_two_rounds_the_first_answered_the_second_partly(northbridge):
    spring, autumn = Round.objects.filter(questionnaire__area=northbridge).order_by("sent_at")
    assert {r.status for r in spring.responses.all()} == {ResponseStatus.SUBMITTED}
    statuses = {r.agency.name: r.status for r in autumn.responses.all()}
    assert statuses == {
        "Northbridge Police": ResponseStatus.SUBMITTED,
        "Northbridge Hospitals NHS Trust": ResponseStatus.DRAFT,
        "Northbridge Children's Social Care": ResponseStatus.NOT_STARTED,
    }
    report = change_report(autumn)
    assert report.previous == spring
    strategy = next(q for q in report.questions if q.question.key == "strategy")
    assert strategy.changes == ["Northbridge Police: partly → yes"]
    # The coordinator has one waiting for social care; the police manager can sign in.
    assert StaffUser.objects.get(username="rowan.police").has_usable_password()
