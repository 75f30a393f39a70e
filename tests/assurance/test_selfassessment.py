"""Self-assessment: versioned expectations, entries, rating history, the change since the last
assessment, the lock on completion and the board report's PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.assurance import selfassessment as sa
from seemehearme.assurance.models import Assessment, Expectation, ExpectationSource
from seemehearme.assurance.selfassessment_views import report_document
from seemehearme.meetings.pdf import render_document, render_pdf

pytestmark = pytest.mark.django_db


def _pdf_text(html: str) -> str:
    """The words WeasyPrint laid out on the PDF's pages."""

    def walk(box, out: list[str]) -> list[str]:
        if getattr(box, "text", None):
            out.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child, out)
        return out

    document = render_document(html)
    return " ".join(" ".join(walk(page._page_box, [])) for page in document.pages)


def _rate_all(user, assessment, rating="amber", evidence=""):
    for entry in assessment.entries.all():
        sa.entry_update(
            user=user, entry=entry, rating=rating, evidence=evidence, owner=None, actions=""
        )


def test_the_seeded_expectations_cover_the_guidance_principles_and_questions(expectations):
    sources = {expectation.source for expectation in expectations}
    assert sources == set(ExpectationSource.values)
    guidance = [e.text for e in expectations if e.source == ExpectationSource.GUIDANCE_2009]
    assert len(guidance) == 6
    assert any("pursues" in text for text in guidance)
    assert len([e for e in expectations if e.source == ExpectationSource.PRINCIPLE]) == 7


def test_a_new_assessment_offers_no_retired_expectation_and_an_old_one_keeps_it(lead, expectations):
    old = sa.assessment_start(user=lead, title="2025", assessed_on=dt.date(2025, 11, 1))
    _rate_all(lead, old)
    sa.assessment_complete(user=lead, assessment=old)
    retired = expectations[0]
    retired.is_active = False
    retired.save()
    replacement = Expectation.objects.create(
        source=retired.source,
        code=f"{retired.code}-v2",
        text="A proactive strategy, reworded.",
        order=retired.order,
        version=2,
        replaces=retired,
    )
    new = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    assert old.entries.filter(expectation=retired).exists()
    assert not new.entries.filter(expectation=retired).exists()
    assert new.entries.filter(expectation=replacement).exists()
    assert new.entries.count() == old.entries.count()


def test_only_one_assessment_is_in_progress_at_a_time(lead, expectations):
    first = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="2026 is still in progress"):
        sa.assessment_start(user=lead, title="Again", assessed_on=dt.date(2026, 11, 2))
    _rate_all(lead, first)
    sa.assessment_complete(user=lead, assessment=first)
    second = sa.assessment_start(user=lead, title="2027", assessed_on=dt.date(2027, 11, 1))
    assert second.previous == first
    assert Assessment.objects.filter(completed_at__isnull=True).get() == second


def test_rating_history_keeps_every_change(lead, expectations):
    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    entry = assessment.entries.first()
    for rating in ("red", "amber", "amber", "green"):
        sa.entry_update(
            user=lead, entry=entry, rating=rating, evidence="Minutes", owner=lead, actions=""
        )
    history = sa.rating_history(entry)
    assert [change.rating for change in history] == ["Red", "Amber", "Green"]
    assert {change.by for change in history} == {lead.display_name}


def test_the_change_since_last_time_follows_ratings_evidence_and_new_versions(lead, expectations):
    last = sa.assessment_start(user=lead, title="2025", assessed_on=dt.date(2025, 11, 1))
    _rate_all(lead, last, "amber", "Strategy 2025")
    sa.assessment_complete(user=lead, assessment=last)
    first, second, third = expectations[:3]
    # The third is reworded before the next assessment: its new version is compared too.
    third.is_active = False
    third.save()
    reworded = Expectation.objects.create(
        source=third.source, code="reworded", text="Reworded", version=2, replaces=third
    )
    added = Expectation.objects.create(source=third.source, code="added", text="Brand new")

    current = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    assert current.previous == last
    entries = {entry.expectation_id: entry for entry in current.entries.all()}
    sa.entry_update(
        user=lead,
        entry=entries[first.pk],
        rating="green",
        evidence="Strategy 2025",
        owner=None,
        actions="",
    )
    sa.entry_update(
        user=lead,
        entry=entries[second.pk],
        rating="red",
        evidence="New audit",
        owner=None,
        actions="",
    )
    sa.entry_update(
        user=lead, entry=entries[reworded.pk], rating="amber", evidence="", owner=None, actions=""
    )
    changes = sa.changes_since_last(current)
    assert changes[entries[first.pk].pk].kind == "up"
    assert not changes[entries[first.pk].pk].new_evidence
    assert changes[entries[second.pk].pk].kind == "down"
    assert changes[entries[second.pk].pk].new_evidence
    assert changes[entries[second.pk].pk].words == "Down from amber; new evidence"
    assert changes[entries[reworded.pk].pk].kind == "same"
    assert changes[entries[added.pk].pk].kind == "new"


def test_completing_needs_every_rating_and_then_locks(lead, expectations):
    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="not rated yet"):
        sa.assessment_complete(user=lead, assessment=assessment)
    _rate_all(lead, assessment, "green")
    sa.assessment_complete(user=lead, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.is_complete
    assert assessment.completed_by == lead
    entry = assessment.entries.first()
    with pytest.raises(ValidationError, match="complete"):
        sa.entry_update(user=lead, entry=entry, rating="red", evidence="", owner=None, actions="")
    entry.refresh_from_db()
    assert entry.rating == "green"
    with pytest.raises(ValidationError):
        sa.assessment_complete(user=lead, assessment=assessment)


def test_only_the_lead_and_coordinators_assess(coordinator, practitioner, police_manager):
    assessment = sa.assessment_start(
        user=coordinator, title="2026", assessed_on=dt.date(2026, 11, 1)
    )
    for user in (practitioner, police_manager):
        with pytest.raises(PermissionDenied):
            sa.assessment_start(user=user, title="x", assessed_on=dt.date(2026, 11, 1))
        with pytest.raises(PermissionDenied):
            sa.entry_update(
                user=user,
                entry=assessment.entries.first(),
                rating="red",
                evidence="",
                owner=None,
                actions="",
            )
    assert Assessment.objects.count() == 1


def test_an_owner_must_be_of_the_partnership(lead, expectations):
    from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory

    elsewhere = AgencyFactory(area=AreaFactory(slug="elsewhere", name="Elsewhere"))
    stranger = StaffUserFactory(agency=elsewhere, team__agency=elsewhere)
    assessment = sa.assessment_start(user=lead, title="2026", assessed_on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError):
        sa.entry_update(
            user=lead,
            entry=assessment.entries.first(),
            rating="red",
            evidence="",
            owner=stranger,
            actions="",
        )


def test_the_board_report_pdf_holds_the_expectations_and_counts(lead, expectations):
    assessment = sa.assessment_start(
        user=lead, title="Board 2026", assessed_on=dt.date(2026, 11, 1)
    )
    entry = assessment.entries.get(expectation__code="guidance-sub-group")
    sa.entry_update(
        user=lead,
        entry=entry,
        rating="red",
        evidence="No sub-group meets",
        owner=lead,
        actions="Set one up",
    )
    report = sa.assessment_report(assessment)
    assert report.counts["red"] == 1
    assert report.counts["unrated"] == len(expectations) - 1
    html = report_document(assessment)
    assert render_pdf(html).startswith(b"%PDF")
    text = " ".join(_pdf_text(html).split())
    assert "multi-agency sub-group" in text
    assert "No sub-group meets" in text
