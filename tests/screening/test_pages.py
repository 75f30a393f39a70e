"""Screening pages: the checklist form, the result with its explanation, professional
judgement, reassessment, and access (refused strangers, break-glass read only, withheld
evidence), all through the real database and parsed HTML."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from seemehearme.areas.models import AgencyKind
from seemehearme.audit.models import AccessLogEntry
from seemehearme.dates import long_date
from seemehearme.screening.models import Presence, Screening
from seemehearme.screening.services import AnswerInput, screening_record
from seemehearme.sharing.models import BreakGlassAccess
from tests.factories import AgencyFactory, AgreementFactory, CaseFactory, StaffUserFactory
from tests.screening.conftest import find
from tests.screening.factories import ScreeningFactory, scheme

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def form_data(indicators, *, yes: dict[str, dt.date] | None = None, agency=None, **extra):
    """POST data answering "no" to everything except ``yes`` (start of words: date seen)."""
    data = {"scheme": str(scheme("seraf").pk)}
    chosen = {find(indicators, start).pk: seen for start, seen in (yes or {}).items()}
    for indicator in indicators.values():
        pk = indicator.pk
        if pk in chosen:
            seen = chosen[pk]
            data |= {
                f"present_{pk}": "yes",
                f"evidence_{pk}": "Reported missing overnight; returned with new phone.",
                f"source_{pk}": str(agency.pk),
                f"seen_{pk}_day": str(seen.day),
                f"seen_{pk}_month": str(seen.month),
                f"seen_{pk}_year": str(seen.year),
            }
        else:
            data[f"present_{pk}"] = "no"
    return data | extra


def test_the_form_lists_every_indicator_grouped(child, worker, verified_client):
    response = verified_client(worker).get(f"/screening/child/{child.pk}/new")
    assert response.status_code == 200
    html = page(response)
    headings = [h.get_text(strip=True) for h in html.select("h2.govuk-heading-l")]
    assert headings == ["Vulnerabilities", "Warning signs"]
    assert len(html.select(".smh-indicator")) == 29
    assert len(html.select(".smh-indicator .govuk-date-input")) == 29
    options = {o.get_text(strip=True) for o in html.select("select option")}
    assert worker.agency.name in options


def test_yes_without_evidence_gives_the_govuk_error(child, worker, indicators, verified_client):
    missing = find(indicators, "Missing from home or care")
    data = form_data(
        indicators, yes={"Missing from home or care": dt.date(2026, 1, 5)}, agency=worker.agency
    )
    data[f"evidence_{missing.pk}"] = ""
    response = verified_client(worker).post(f"/screening/child/{child.pk}/new", data)
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("Error:")
    summary = html.select_one(".govuk-error-summary")
    link = summary.select_one(f'a[href="#id_evidence_{missing.pk}"]')
    assert link.get_text(strip=True) == "Missing from home or care: enter the evidence"
    assert html.select_one(f"#id_evidence_{missing.pk}-error")
    assert not Screening.objects.exists()


def test_an_unanswered_indicator_and_an_incomplete_date_name_the_indicator(
    child, worker, indicators, verified_client
):
    homeless = find(indicators, "Homeless")
    injuries = find(indicators, "Physical injuries")
    data = form_data(
        indicators, yes={"Physical injuries": dt.date(2026, 1, 5)}, agency=worker.agency
    )
    del data[f"present_{homeless.pk}"]
    data[f"seen_{injuries.pk}_month"] = ""
    response = verified_client(worker).post(f"/screening/child/{child.pk}/new", data)
    messages = [a.get_text(strip=True) for a in page(response).select(".govuk-error-summary a")]
    assert "Homeless: select yes, no or not known" in messages
    assert "Physical injuries: date last seen must include a month" in messages


def test_a_completed_screening_shows_how_the_result_was_reached(
    child, worker, indicators, verified_client
):
    seen = timezone.localdate() - dt.timedelta(days=20)
    client = verified_client(worker)
    response = client.post(
        f"/screening/child/{child.pk}/new",
        form_data(
            indicators,
            yes={"Missing from home or care": seen, "Self-harm": seen, "Homeless": seen},
            agency=worker.agency,
        ),
    )
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/screening/{screening.pk}/"

    html = page(client.get(response["Location"]))
    assert html.select_one(".smh-screening-level").get_text(strip=True) == "Level: Moderate"
    lines = [li.get_text(strip=True) for li in html.select(".smh-explanation li")]
    assert lines[:3] == [
        f"Homeless: vulnerability, seen {long_date(seen)}: 1 point",
        f"Missing from home or care: significant, {long_date(seen)} (within 6 months): 5 points",
        f"Self-harm: significant, {long_date(seen)} (within 6 months): 5 points",
    ]
    assert lines[-1] == "Total: 11 points, which is Moderate (11 to 15)."
    assert "CSE coordinator" in html.select_one(".smh-required-action").get_text()
    due = screening.completed_on + dt.timedelta(days=91)
    assert f"{due.day} {due:%B %Y}" in html.get_text()
    assert "Reassessment overdue" not in html.get_text()


def test_professional_judgement_is_recorded_on_the_page(child, worker, answers, verified_client):
    screening = screening_record(
        child=child, by=worker, scheme=scheme(), answers=answers({"Homeless": 3})
    )
    client = verified_client(worker)
    refused = client.post(
        f"/screening/{screening.pk}/",
        {"band": "significant", "reason": "", "version": screening.version},
    )
    summary = page(refused).select_one(".govuk-error-summary")
    assert "Explain why your professional judgement differs from the score" in summary.get_text()

    response = client.post(
        f"/screening/{screening.pk}/",
        {
            "band": "significant",
            "reason": "she said the men give her vodka",
            "version": screening.version,
        },
    )
    assert response.status_code == 302
    html = page(client.get(f"/screening/{screening.pk}/"))
    judgement = html.select_one(".smh-judgement").get_text(" ", strip=True)
    assert judgement.startswith(
        "Professional judgement: Significant (scored Not at risk) "
        "Reason given: she said the men give her vodka"
    )
    assert html.select_one(".smh-screening-level").get_text(strip=True) == "Level: Significant"
    assert "call 999" in html.select_one(".smh-required-action").get_text()


def test_a_judgement_on_an_out_of_date_copy_is_refused_with_a_message(
    child, worker, answers, verified_client
):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    old_version = screening.version
    client = verified_client(worker)
    client.post(
        f"/screening/{screening.pk}/",
        {"band": "moderate", "reason": "First judgement", "version": old_version},
    )
    response = client.post(
        f"/screening/{screening.pk}/",
        {"band": "mild", "reason": "Second judgement", "version": old_version},
    )
    assert response.status_code == 200
    assert (
        "Someone else changed this screening"
        in page(response).select_one(".govuk-error-summary").get_text()
    )
    assert Screening.objects.get().override_band == "moderate"


def test_a_past_reassessment_date_is_flagged_overdue_until_the_child_is_screened_again(
    child, worker, verified_client
):
    old = ScreeningFactory(
        child=child,
        completed_on=timezone.localdate() - dt.timedelta(days=120),
        reassess_due=timezone.localdate() - dt.timedelta(days=1),
    )
    client = verified_client(worker)
    assert "Reassessment overdue" in client.get(f"/screening/{old.pk}/").content.decode()
    listing = client.get(f"/screening/child/{child.pk}/").content.decode()
    assert "Reassessment overdue" in listing

    ScreeningFactory(child=child)
    assert "Reassessment overdue" not in client.get(f"/screening/{old.pk}/").content.decode()
    assert (
        "Reassessment overdue" not in client.get(f"/screening/child/{child.pk}/").content.decode()
    )


def test_a_stranger_is_refused_and_the_refusal_logged(child, answers, worker, verified_client):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    stranger = StaffUserFactory(team__agency__area=child.area)
    client = verified_client(stranger)
    for url in (
        f"/screening/{screening.pk}/",
        f"/screening/child/{child.pk}/",
        f"/screening/child/{child.pk}/new",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert child.given_name not in response.content.decode()
    response = client.post(
        f"/screening/{screening.pk}/", {"band": "significant", "reason": "x", "version": 1}
    )
    assert response.status_code == 403
    refusals = AccessLogEntry.objects.filter(child=child, user=stranger, allowed=False)
    assert refusals.count() == 4
    assert set(refusals.values_list("basis", flat=True)) == {"no_relationship"}
    assert not Screening.objects.get().is_overridden


def test_break_glass_reads_but_cannot_screen_or_judge(child, worker, answers, verified_client):
    screening = screening_record(child=child, by=worker, scheme=scheme(), answers=answers())
    reader = StaffUserFactory(team__agency__area=child.area)
    BreakGlassAccess.objects.create(
        user=reader,
        child=child,
        reason="Synthetic emergency",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client = verified_client(reader)
    detail = client.get(f"/screening/{screening.pk}/")
    assert detail.status_code == 200
    assert page(detail).select_one("#judgement") is None
    new = client.get(f"/screening/child/{child.pk}/new")
    assert new.status_code == 403
    assert "read, not record" in new.content.decode()


def test_evidence_another_agency_does_not_share_is_withheld_and_logged(
    child, worker, indicators, verified_client
):
    police = AgencyFactory(area=child.area, kind=AgencyKind.POLICE, name="Testshire Police")
    seen = timezone.localdate() - dt.timedelta(days=5)
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        answers=[
            AnswerInput(
                indicator=indicator,
                present=Presence.YES,
                evidence="Found at a flat on Mill Street at 2am (synthetic).",
                source_agency=police,
                observed_on=seen,
            )
            if indicator.text == "Missing from home or care"
            else AnswerInput(indicator=indicator, present=Presence.NO)
            for indicator in indicators.values()
        ],
    )
    client = verified_client(worker)
    text = client.get(f"/screening/{screening.pk}/").content.decode()
    assert "Mill Street" not in text
    assert "Withheld: Held by Testshire Police" in text
    assert "Missing from home or care: significant" in text  # the score still explains itself
    refused_item = AccessLogEntry.objects.filter(child=child, user=worker, action="view_item").get()
    assert refused_item.allowed is False
    assert refused_item.basis == "no_agreement"

    AgreementFactory(
        area=child.area, parties=[police, worker.agency], categories=["police-incidents"]
    )
    assert "Mill Street" in client.get(f"/screening/{screening.pk}/").content.decode()


def test_a_screening_for_a_case_must_name_the_childs_own_case(child, worker, verified_client):
    client = verified_client(worker)
    assert client.get(f"/screening/child/{child.pk}/new?case={CaseFactory().pk}").status_code == 404
    own = CaseFactory(child=child)
    response = client.get(f"/screening/child/{child.pk}/new?case={own.pk}")
    assert response.status_code == 200
    assert f"For case {own.pk}" in response.content.decode()


def test_withheld_sexual_health_evidence_names_neither_the_clinic_nor_the_kind(
    child, worker, indicators, verified_client
):
    clinic = AgencyFactory(area=child.area, kind=AgencyKind.HEALTH, name="Testshire Clinic")
    repeat = find(indicators, "Repeat sexually transmitted")
    screening = screening_record(
        child=child,
        by=worker,
        scheme=scheme(),
        answers=[
            AnswerInput(
                indicator=indicator,
                present=Presence.YES,
                evidence="Third attendance this term (synthetic).",
                source_agency=clinic,
                observed_on=timezone.localdate() - dt.timedelta(days=5),
            )
            if indicator == repeat
            else AnswerInput(indicator=indicator, present=Presence.NO)
            for indicator in indicators.values()
        ],
    )
    html = page(verified_client(worker).get(f"/screening/{screening.pk}/"))
    cell = next(
        row for row in html.select(".govuk-table__row") if "Repeat sexually" in row.get_text()
    ).select("td")[-1]
    assert cell.get_text(" ", strip=True) == (
        "Withheld: Not shared with your agency under current agreements."
    )
    assert "Testshire Clinic" not in html.get_text()


def test_a_no_is_not_saved_as_known_to_the_agency_the_form_defaulted_to(
    child, worker, indicators, verified_client
):
    """A browser sends every field on the page: for a "no", the agency list's default (the
    practitioner's own agency), and whatever was typed before the answer changed."""
    data = form_data(indicators)
    for indicator in indicators.values():
        data[f"source_{indicator.pk}"] = str(worker.agency.pk)
        data[f"evidence_{indicator.pk}"] = "Typed, then answered no (synthetic)."
        data[f"seen_{indicator.pk}_day"] = "31"
        data[f"seen_{indicator.pk}_month"] = "2"  # no such date: not an error for a "no"
        data[f"seen_{indicator.pk}_year"] = "2026"
    homeless = find(indicators, "Homeless")
    data[f"present_{homeless.pk}"] = "not_known"
    response = verified_client(worker).post(f"/screening/child/{child.pk}/new", data)
    assert response.status_code == 302
    answers = Screening.objects.get().answers.all()
    assert answers.count() == 29
    assert not answers.exclude(evidence="").exists()
    assert not answers.filter(source_agency__isnull=False).exists()
    assert not answers.filter(observed_on__isnull=False).exists()
    html = page(verified_client(worker).get(response["Location"]))
    assert "Known to" not in html.get_text()


def test_the_evidence_questions_belong_to_yes(child, worker, verified_client):
    html = page(verified_client(worker).get(f"/screening/child/{child.pk}/new"))
    indicator = html.select(".smh-indicator")[0]
    yes = indicator.select_one('input[value="yes"]')
    reveal = html.select_one(f"#{yes['data-aria-controls']}")
    assert "govuk-radios__conditional--hidden" in reveal["class"]
    assert reveal.select_one("textarea") is not None
    assert reveal.select_one("select") is not None
    assert reveal.select_one(".govuk-date-input") is not None
    assert indicator.select_one('input[value="no"]').get("data-aria-controls") is None
