"""The assurance pages as each role meets them: readers read, editors edit, a practitioner is
refused, an agency answers only for itself, and the menu offers what the pages allow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.assurance import actionplans as ap
from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import Assessment, PlanKind, Recommendation
from seemehearme.web.navigation import destinations_for
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

PAGES = ("assurance:assessments", "assurance:plans", "assurance:recommendations")


def test_readers_see_the_pages_and_a_practitioner_is_refused(
    verified_client, council, lead, practitioner
):
    for role in (Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD, Role.STRATEGIC_LEAD):
        client = verified_client(StaffUserFactory(role=role, agency=council, team__agency=council))
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 200
    client = verified_client(practitioner)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "do not read the partnership" in response.content.decode()


def test_the_menu_offers_the_pages_to_readers_only(rf, lead, practitioner):
    def offered(user):
        user.is_verified = lambda: True
        return {destination.url_name for destination in destinations_for(user)}

    assert set(PAGES) <= offered(lead)
    assert not set(PAGES) & offered(practitioner)


def test_a_self_assessment_is_rated_completed_and_reported(verified_client, lead, expectations):
    client = verified_client(lead)
    response = client.post(
        reverse("assurance:assessment-start"),
        {
            "title": "Self-assessment 2026",
            "assessed_on_day": "1",
            "assessed_on_month": "12",
            "assessed_on_year": "2026",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("assurance:assessment", args=[assessment.pk])
    for entry in assessment.entries.all():
        response = client.post(
            reverse("assurance:entry", args=[entry.pk]),
            {"rating": "amber", "evidence": "Minutes of the board", "owner": lead.pk},
        )
        assert response.status_code == 302
    client.post(reverse("assurance:assessment-complete", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.is_complete
    page = client.get(reverse("assurance:assessment", args=[assessment.pk])).content.decode()
    assert "can no longer be changed" in page
    assert "Complete the self-assessment" not in page
    locked = client.get(reverse("assurance:entry", args=[assessment.entries.first().pk]))
    assert locked.status_code == 302
    report = client.get(reverse("assurance:assessment-report", args=[assessment.pk]))
    assert "Minutes of the board" in report.content.decode()
    pdf = client.get(reverse("assurance:assessment-report-pdf", args=[assessment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_another_partnership_cannot_open_an_assessment(verified_client, lead, expectations):
    from tests.factories import AgencyFactory, AreaFactory

    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 12, 1))
    elsewhere = AgencyFactory(area=AreaFactory(slug="elsewhere", name="Elsewhere"))
    other_lead = StaffUserFactory(
        role=Role.STRATEGIC_LEAD, agency=elsewhere, team__agency=elsewhere
    )
    client = verified_client(other_lead)
    assert client.get(reverse("assurance:assessment", args=[assessment.pk])).status_code == 404


def test_an_agency_manager_records_only_their_own_agencys_response(
    verified_client, police, council, police_manager
):
    item = Recommendation.objects.filter(source="inquiry").first()
    client = verified_client(police_manager)
    page = client.get(reverse("assurance:recommendation", args=[item.pk])).content.decode()
    assert reverse("assurance:response", args=[item.pk, police.pk]) in page
    assert reverse("assurance:response", args=[item.pk, council.pk]) not in page
    refused = client.post(
        reverse("assurance:response", args=[item.pk, council.pk]), {"answer": "agreed"}
    )
    assert refused.status_code == 403
    saved = client.post(
        reverse("assurance:response", args=[item.pk, police.pk]),
        {"answer": "not_agreed", "reasons": "Not ours to do"},
    )
    assert saved.status_code == 302
    assert item.responses.get().agency == police


def test_the_plan_page_hides_a_findings_words_from_those_without_intelligence(
    verified_client, area, lead, coordinator, council
):
    from tests.assurance.test_actionplans import _finding

    finding = _finding(area, coordinator)
    plan = ap.plan_create(user=lead, kind=PlanKind.STRATEGY, title="Strategy")
    ap.action_add(
        user=lead,
        plan=plan,
        description="Visit hotels",
        owner=coordinator,
        agency=council,
        due_on=dt.date(2027, 1, 1),
        finding=finding,
    )
    url = reverse("assurance:plan", args=[plan.pk])
    as_lead = verified_client(lead).get(url).content.decode()
    assert "Larkspur" not in as_lead
    assert f"A finding of problem profile {finding.profile_id}" in as_lead
    assert "Larkspur" in verified_client(coordinator).get(url).content.decode()


def test_an_entry_page_offers_the_ratings_and_its_history(verified_client, lead, expectations):
    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 12, 1))
    entry = assessment.entries.first()
    sa.entry_update(user=lead, entry=entry, rating="red", evidence="", owner=None, actions="")
    page = verified_client(lead).get(reverse("assurance:entry", args=[entry.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for label in ("Red", "Amber", "Green"):
        assert f'">{label}</label>' in html
    assert "Rating history" in html
    assert "Last time" not in html  # no earlier self-assessment


def test_an_entry_page_shows_last_times_rating_and_evidence(verified_client, lead, expectations):
    last = sa.assessment_start(user=lead, title="Twenty25", assessed_on=dt.date(2025, 12, 1))
    for entry in last.entries.all():
        sa.entry_update(
            user=lead, entry=entry, rating="amber", evidence="Old minutes", owner=None, actions=""
        )
    sa.assessment_complete(user=lead, assessment=last)
    current = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 12, 1))
    html = (
        verified_client(lead)
        .get(reverse("assurance:entry", args=[current.entries.first().pk]))
        .content.decode()
    )
    assert "Last time, in Twenty25" in html
    assert "Old minutes" in html


def test_an_actions_owner_updates_it_without_reading_the_plans(
    verified_client, lead, police, police_officer, police_manager
):
    plan = ap.plan_create(user=police_manager, kind=PlanKind.AGENCY, agency=police, title="P")
    action = ap.action_add(
        user=police_manager,
        plan=plan,
        description="Hotel visits",
        owner=police_officer,
        agency=police,
        due_on=dt.date(2027, 1, 1),
    )
    client = verified_client(police_officer)
    assert client.get(reverse("assurance:plan", args=[plan.pk])).status_code == 403
    url = reverse("assurance:action-update", args=[action.pk])
    response = client.post(url, {"status": "in_progress", "note": "Two hotels visited"})
    assert response.url == url
    assert action.notes.get().text == "Two hotels visited"
    other = StaffUserFactory(agency=police, team__agency=police)
    assert verified_client(other).get(url).status_code == 403
