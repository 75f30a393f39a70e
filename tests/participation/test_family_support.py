"""Support offered to a child's family is child data: only those with a working relationship
see it, every look is logged, and only those who may add to the record add to it."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessLogEntry
from seemehearme.cases.casework import case_close
from seemehearme.cases.models import ClosureReason
from seemehearme.participation.models import FamilySupportKind, FamilySupportOffer, SupportOutcome
from seemehearme.participation.services import family_support_offer, family_support_outcome
from seemehearme.people.services import break_glass_start
from tests.factories import CaseFactory, StaffUserFactory, relate

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def case():
    return CaseFactory()


@pytest.fixture
def key_worker(case):
    worker = StaffUserFactory(team__agency__area=case.child.area)
    relate(case.child, user=worker)
    return worker


@pytest.fixture
def stranger(case):
    return StaffUserFactory(team__agency__area=case.child.area)


def _kind(code: str = "family-group-conference") -> FamilySupportKind:
    return FamilySupportKind.objects.get(code=code)


def _offer(case, by, **overrides):
    values = {
        "kind": _kind(),
        "offered_to": "mother",
        "offered_on": timezone.localdate(),
        "agency": by.agency,
    }
    return family_support_offer(by=by, case=case, **(values | overrides))


def test_the_kinds_of_support_are_seeded():
    names = set(FamilySupportKind.objects.values_list("name", flat=True))
    assert {"Parent support worker", "Family group conference", "Family therapy"} <= names


def test_a_key_worker_records_an_offer_and_its_outcome(case, key_worker):
    offer = _offer(case, key_worker)
    assert offer.outcome == SupportOutcome.WAITING
    family_support_outcome(by=key_worker, offer=offer, outcome=SupportOutcome.ACCEPTED)
    offer.refresh_from_db()
    assert offer.outcome == SupportOutcome.ACCEPTED


def test_declined_needs_a_reason_and_keeps_it(case, key_worker):
    with pytest.raises(ValidationError) as error:
        _offer(case, key_worker, outcome=SupportOutcome.DECLINED)
    assert "reason" in error.value.message_dict
    offer = _offer(
        case, key_worker, outcome=SupportOutcome.DECLINED, reason="Mother wants to wait."
    )
    assert offer.reason == "Mother wants to wait."


def test_someone_without_a_relationship_cannot_record(case, stranger):
    with pytest.raises(PermissionDenied):
        _offer(case, stranger)


def test_break_glass_reads_but_does_not_record(case, stranger):
    break_glass_start(user=stranger, child=case.child, reason="Found at 2am (synthetic).", hours=1)
    with pytest.raises(PermissionDenied):
        _offer(case, stranger)


def test_nothing_is_added_to_a_closed_case(case, key_worker):
    offer = _offer(case, key_worker)
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, team=key_worker.team)
    relate(case.child, user=coordinator)
    case_close(
        case=case,
        by=coordinator,
        reason=ClosureReason.objects.get(code="risk-reduced"),
        summary="Risk reduced (synthetic).",
    )
    with pytest.raises(PermissionDenied):
        _offer(case, key_worker)
    with pytest.raises(PermissionDenied):
        family_support_outcome(by=key_worker, offer=offer, outcome=SupportOutcome.ACCEPTED)


def test_the_page_is_refused_to_someone_without_a_relationship_and_logged(
    verified_client, case, key_worker, stranger
):
    _offer(case, key_worker, offered_to="grandmother")
    for path in (
        f"/participation/cases/{case.pk}/family-support/",
        f"/participation/cases/{case.pk}/family-support/new",
        f"/participation/family-support/{FamilySupportOffer.objects.get().pk}/outcome",
    ):
        response = verified_client(stranger).get(path)
        assert response.status_code == 403
        assert "grandmother" not in _text(response)
    refusals = AccessLogEntry.objects.filter(user=stranger, child=case.child, allowed=False)
    assert refusals.count() == 3
    response = verified_client(stranger).post(
        f"/participation/cases/{case.pk}/family-support/new", {"offered_to": "father"}
    )
    assert response.status_code == 403
    assert FamilySupportOffer.objects.count() == 1


def test_the_key_worker_sees_it_and_the_look_is_logged(verified_client, case, key_worker):
    _offer(case, key_worker, offered_to="grandmother")
    response = verified_client(key_worker).get(f"/participation/cases/{case.pk}/family-support/")
    assert response.status_code == 200
    assert "Family group conference" in _text(response)
    assert "To grandmother" in _text(response)
    entry = AccessLogEntry.objects.get(user=key_worker, child=case.child)
    assert entry.allowed
    assert entry.subject == "Support for the family"


def test_the_case_page_shows_the_familys_support(verified_client, case, key_worker):
    _offer(case, key_worker, kind=_kind("parent-support-worker"), offered_to="father")
    text = _text(verified_client(key_worker).get(f"/cases/{case.pk}/"))
    assert "Support for the family" in text
    assert "Parent support worker" in text


def test_recording_through_the_page(verified_client, case, key_worker):
    client = verified_client(key_worker)
    today = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(
        f"/participation/cases/{case.pk}/family-support/new",
        {
            "kind": str(_kind("advice-and-information").pk),
            "offered_to": "foster carers",
            "offered_on_day": str(today.day),
            "offered_on_month": str(today.month),
            "offered_on_year": str(today.year),
            "agency": str(key_worker.agency_id),
            "outcome": "not_possible",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert "Say why the support was not possible." in _text(response)
    offer_form = {
        "kind": str(_kind("advice-and-information").pk),
        "offered_to": "foster carers",
        "offered_on_day": str(today.day),
        "offered_on_month": str(today.month),
        "offered_on_year": str(today.year),
        "agency": str(key_worker.agency_id),
        "outcome": "accepted",
    }
    assert (
        client.post(f"/participation/cases/{case.pk}/family-support/new", offer_form).status_code
        == 302
    )
    offer = FamilySupportOffer.objects.get()
    assert offer.offered_on == today
    assert offer.recorded_by == key_worker
    response = client.post(
        f"/participation/family-support/{offer.pk}/outcome",
        {"outcome": "declined", "reason": "Carers said they had enough support."},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.outcome == SupportOutcome.DECLINED
