"""A professional judgement above the score prompts a review of the case's risk level: the case
shows the review as due until a CSE coordinator or team manager changes or confirms the level
(or a review sets it), and the person who recorded the judgement is told plainly."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.cases.casework import case_risk_change
from seemehearme.cases.models import CaseStatus, ClosureReason
from seemehearme.people.models import RelationshipKind
from seemehearme.screening.scoring import rules_check
from seemehearme.screening.services import screening_override, screening_record
from tests.factories import CaseFactory, StaffUserFactory, relate, risk_level
from tests.screening.factories import scheme

pytestmark = pytest.mark.django_db

REASON = "She told her teacher a man collects her from school in a car."


@pytest.fixture
def case(child, worker):
    """Her open case, at category 1, with the key worker on it."""
    return CaseFactory(child=child, risk_level=risk_level("category-1"))


@pytest.fixture
def coordinator(child):
    user = StaffUserFactory(team__agency__area=child.area, role=Role.CSE_COORDINATOR)
    relate(child, RelationshipKind.CASE_TEAM, user=user)
    return user


def mild_screening(child, worker, answers, case=None):  # type: ignore[no-untyped-def]
    """A screening that scores Mild (6 points: one significant sign, one vulnerability)."""
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        case=case,
        answers=answers({"Missing from home or care": 10, "Homeless": 10}),
    )
    assert screening.band_code == "mild"
    return screening


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# --- When a review is due ---------------------------------------------------------------------


def test_a_judgement_above_the_score_and_the_case_level_makes_a_review_due(
    child, worker, answers, case
):
    screening = mild_screening(child, worker, answers, case)
    screening_override(screening=screening, by=worker, band="significant", reason=REASON)
    case.refresh_from_db()
    day = screening.completed_on
    assert case.risk_review_due == (
        f"Screening on {day.day} {day:%B %Y}: professional judgement Significant (scored Mild), "
        f"which points to Category 3: high risk or being exploited. Reason given: {REASON}"
    )
    assert case.risk_level.code == "category-1"  # the level itself is for a person to change


def test_the_childs_open_case_is_used_when_the_screening_names_none(child, worker, answers, case):
    screening = mild_screening(child, worker, answers)
    screening_override(screening=screening, by=worker, band="moderate", reason=REASON)
    case.refresh_from_db()
    assert "points to Category 2: medium risk" in case.risk_review_due


@pytest.mark.parametrize(
    ("level", "band"),
    [
        ("category-2", "moderate"),  # the case is already where the judgement points
        ("category-3", "significant"),
        ("category-1", "not-at-risk"),  # a judgement below the score
    ],
)
def test_no_review_when_the_case_already_reflects_the_judgement(
    child, worker, answers, case, level, band
):
    case.risk_level = risk_level(level)
    case.save()
    screening = mild_screening(child, worker, answers, case)
    screening_override(screening=screening, by=worker, band=band, reason=REASON)
    case.refresh_from_db()
    assert case.risk_review_due == ""


def test_no_review_without_an_open_case(child, worker, answers, case):
    case.status = CaseStatus.CLOSED
    case.closed_at = case.opened_at
    case.closure_reason = ClosureReason.objects.first()
    case.save()
    screening = mild_screening(child, worker, answers)
    screening_override(screening=screening, by=worker, band="significant", reason=REASON)
    case.refresh_from_db()
    assert case.risk_review_due == ""


def test_a_band_the_scheme_does_not_map_is_reviewed_to_be_safe(child, worker, answers, case):
    """A local scheme that does not say which case level a band points to: the judgement
    cannot be compared with the case's level, so the review is asked for."""
    seraf = scheme()
    for band in seraf.rules["bands"]:
        band.pop("case_risk_levels", None)
    seraf.save()
    screening = mild_screening(child, worker, answers, case)
    screening_override(screening=screening, by=worker, band="moderate", reason=REASON)
    case.refresh_from_db()
    assert "professional judgement Moderate (scored Mild). Reason given" in case.risk_review_due


def test_the_shipped_schemes_point_their_bands_to_case_levels():
    seraf = {band["code"]: band.get("case_risk_levels") for band in scheme().rules["bands"]}
    assert seraf["significant"] == {"category": "category-3", "stage": "at-risk"}
    assert seraf["not-at-risk"] is None
    high = scheme("three-or-more").rules["bands"][1]
    assert high["case_risk_levels"] == {"category": "category-3", "stage": "at-risk"}
    rules_check(scheme().rules)
    with pytest.raises(ValidationError, match="case_risk_levels"):
        rules_check(
            {
                "points": [{"match": {}, "points": 1}],
                "bands": [{"code": "a", "label": "A", "min": 0, "case_risk_levels": ["x"]}],
            }
        )


# --- Until someone reviews it -------------------------------------------------------------------


def test_keeping_the_level_is_a_review_while_one_is_due(child, worker, answers, case, coordinator):
    with pytest.raises(ValidationError, match="already"):
        case_risk_change(case=case, by=coordinator, risk_level=case.risk_level, reason="Same")
    screening = mild_screening(child, worker, answers, case)
    screening_override(screening=screening, by=worker, band="significant", reason=REASON)
    case.refresh_from_db()
    case_risk_change(
        case=case,
        by=coordinator,
        risk_level=case.risk_level,
        reason="Discussed with the police: the car is her uncle's. Category 1 stands.",
    )
    case.refresh_from_db()
    assert case.risk_review_due == ""
    assert case.risk_level.code == "category-1"


# --- What people see ----------------------------------------------------------------------------


def test_a_coordinator_is_taken_to_the_risk_level_with_the_screening_as_its_reason(
    child, worker, answers, case, coordinator, verified_client
):
    screening = mild_screening(child, worker, answers, case)
    client = verified_client(coordinator)
    response = client.post(
        reverse("screening:detail", args=[screening.pk]),
        {"band": "significant", "reason": REASON, "version": screening.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:case-risk", args=[case.pk])
    page = BeautifulSoup(response.content, "html.parser")
    banner = page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert (
        "Professional judgement recorded: Significant. It is higher than the score (Mild), and "
        "the case's risk level is Category 1: low or emerging risk. Review the case's risk "
        "level now." in banner
    )
    reason = page.select_one("textarea[name=reason]").get_text()
    assert reason.startswith("Screening on ")
    assert REASON in reason
    assert "A review of the risk level is due." in text(response)

    case_page = text(client.get(reverse("cases:case", args=[case.pk])))
    assert "Risk review due" in case_page

    response = client.post(
        reverse("cases:case-risk", args=[case.pk]),
        {
            "risk_level": risk_level("category-3").pk,
            "reason": reason,
            "version": case.__class__.objects.get(pk=case.pk).version,
        },
    )
    assert response.status_code == 302
    assert "Risk review due" not in text(client.get(reverse("cases:case", args=[case.pk])))


def test_a_key_worker_is_told_the_case_now_shows_a_review_is_due(
    child, worker, answers, case, verified_client
):
    screening = mild_screening(child, worker, answers, case)
    response = verified_client(worker).post(
        reverse("screening:detail", args=[screening.pk]),
        {"band": "significant", "reason": REASON, "version": screening.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("screening:detail", args=[screening.pk])
    page = text(response)
    assert (
        "The case now shows that its risk level is due for review by a CSE coordinator or "
        "team manager." in page
    )
    assert "a review of the case's risk level is due" in page
    assert "Review the case's risk level" not in page  # only those who may change it
