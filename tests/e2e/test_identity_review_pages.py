"""The identity review pages in real Chromium: axe finds no serious problem, and a reviewer
decides a pair, error first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from seemehearme.identity.linking import link_persons
from seemehearme.identity.models import CandidateStatus, LinkCandidate
from seemehearme.people.models import RelationshipKind
from tests.e2e.accessibility import assert_accessible
from tests.factories import relate
from tests.identity.conftest import REVIEW_EVERYTHING, place  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reviewer_decides_a_pair_on_accessible_pages(place, page, sign_in_as):  # noqa: F811
    with override_settings(**REVIEW_EVERYTHING):
        place.person(place.school, school="Testshire Academy")
        place.person(
            place.health,
            given_name="Jordon",
            nhs_number="9990000018",
            postcode="",
            date_of_birth=dt.date(2012, 5, 17),
        )
        link_persons(area=place.area)
    candidate = LinkCandidate.objects.get()

    sign_in_as(place.reviewer)
    assert page.goto("/identity/review/").status == 200
    assert_accessible(page)
    page.get_by_role("link", name="Review").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Are these the same child?"
    assert_accessible(page)

    page.get_by_role("button", name="Record decision").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("No, different children: keep them apart").check()
    page.get_by_label("Why?").fill("Different schools and dates of birth, checked with both.")
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Possible matches to review"
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED

    child = candidate.person_a.child
    relate(child, RelationshipKind.FLAG_REVIEW, team=place.triage)
    assert page.goto(f"/identity/child/{child.pk}/").status == 200
    assert_accessible(page)
