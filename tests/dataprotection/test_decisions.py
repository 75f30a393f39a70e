"""Decisions to share or not to share: what a decision must say, who may record and read one,
and the data protection lead's pseudonymised list."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seemehearme.audit.models import AccessLogEntry
from seemehearme.dataprotection.decisions import sharing_decision_record
from seemehearme.dataprotection.models import Consent, ConsentNotSought, SharingDecision
from seemehearme.people.models import RelationshipKind
from seemehearme.sharing.models import LawfulBasis
from seemehearme.sharing.pseudonyms import pseudonym
from tests.factories import (
    AgreementFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    purpose,
    relate,
)

pytestmark = pytest.mark.django_db


def _record(p, **changes):
    values = {
        "by": p.worker,
        "child": p.child,
        "shared": True,
        "purpose": purpose("safeguarding"),
        "categories": [category("social-care")],
        "with_agency": p.police,
        "reason": "Police need to know where she was found to plan the return interview.",
        "lawful_basis": LawfulBasis.DPA_SCH1_PARA18,
        "consent": Consent.GIVEN,
    }
    values.update(changes)
    return sharing_decision_record(**values)


def _problems(p, **changes) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        _record(p, **changes)
    return raised.value.message_dict


def test_a_complete_decision_is_recorded_for_the_recorders_agency(partnership):
    decision = _record(partnership)
    assert decision.agency == partnership.council
    assert list(decision.categories.all()) == [category("social-care")]


def test_not_sharing_needs_a_reason_but_no_lawful_basis(partnership):
    problems = _problems(partnership, shared=False, reason=" ", lawful_basis="")
    assert set(problems) == {"reason"}
    assert "whether or not you share" in problems["reason"][0]
    assert _record(partnership, shared=False, lawful_basis="").shared is False


def test_sharing_needs_a_lawful_basis_and_someone_to_share_with(partnership):
    problems = _problems(partnership, lawful_basis="", with_agency=None, with_person="")
    assert set(problems) == {"lawful_basis", "with_person"}


def test_what_was_shared_is_needed(partnership):
    assert set(_problems(partnership, categories=[], what="")) == {"what"}
    assert _record(partnership, categories=[], what="Her missing episode dates").pk


def test_overridden_consent_needs_the_reason(partnership):
    problems = _problems(partnership, consent=Consent.OVERRIDDEN, consent_notes="")
    assert set(problems) == {"consent_notes"}
    decision = _record(
        partnership, consent=Consent.OVERRIDDEN, consent_notes="Risk of serious harm tonight."
    )
    assert decision.consent == Consent.OVERRIDDEN


def test_consent_not_sought_needs_why(partnership):
    assert set(_problems(partnership, consent=Consent.NOT_SOUGHT)) == {"consent_not_sought_because"}
    decision = _record(
        partnership,
        consent=Consent.NOT_SOUGHT,
        consent_not_sought_because=ConsentNotSought.PREJUDICE,
    )
    assert decision.consent_not_sought_because == ConsentNotSought.PREJUDICE


def test_sharing_after_refusal_must_be_recorded_as_an_override(partnership):
    assert set(_problems(partnership, consent=Consent.REFUSED)) == {"consent"}
    assert _record(partnership, shared=False, consent=Consent.REFUSED, lawful_basis="").pk


def test_consent_as_the_basis_needs_consent_given(partnership):
    problems = _problems(
        partnership,
        lawful_basis=LawfulBasis.CONSENT,
        consent=Consent.NOT_SOUGHT,
        consent_not_sought_because=ConsentNotSought.CANNOT_GIVE,
    )
    assert set(problems) == {"lawful_basis"}


def test_only_someone_who_may_record_on_the_record_may_record(partnership):
    stranger = StaffUserFactory(team=TeamFactory(agency=partnership.council))
    with pytest.raises(PermissionDenied):
        _record(partnership, by=stranger)
    with pytest.raises(PermissionDenied):
        _record(partnership, by=partnership.dpo)
    assert not SharingDecision.objects.exists()


def test_the_childs_page_shows_decisions_to_those_the_policy_allows(partnership, verified_client):
    _record(partnership, reason="Shared the return interview notes.")
    officer = StaffUserFactory(team=TeamFactory(agency=partnership.police))
    relate(partnership.child, RelationshipKind.CASE_TEAM, user=officer)
    url = f"/data-protection/children/{partnership.child.pk}/decisions/"
    # No agreement shares the council's case work with the police: counted, not shown.
    page = verified_client(officer).get(url).content.decode()
    assert "Shared the return interview notes." not in page
    assert "1 decision: Held by Testshire Council" in page
    refused = AccessLogEntry.objects.filter(user=officer, allowed=False, basis="no_agreement")
    assert refused.count() == 1
    AgreementFactory(
        area=partnership.council.area,
        parties=[partnership.council, partnership.police],
        categories=["social-care"],
    )
    page = verified_client(officer).get(url).content.decode()
    assert "Shared the return interview notes." in page


def test_a_stranger_is_refused_the_page_and_the_form(partnership, verified_client):
    stranger = StaffUserFactory(team=TeamFactory(agency=partnership.council))
    client = verified_client(stranger)
    base = f"/data-protection/children/{partnership.child.pk}/decisions/"
    assert client.get(base).status_code == 403
    assert client.post(base + "new", {"shared": "no"}).status_code == 403
    assert not SharingDecision.objects.exists()


def test_the_form_records_a_decision_not_to_share(partnership, verified_client):
    url = f"/data-protection/children/{partnership.child.pk}/decisions/new"
    form = {
        "shared": "no",
        "what": "Her school attendance record",
        "with_person": "Her uncle, who asked",
        "purpose": purpose("safeguarding").pk,
        "reason": "",
        "consent": Consent.NOT_SOUGHT,
        "consent_not_sought_because": ConsentNotSought.PREJUDICE,
        "decided_on_day": "1",
        "decided_on_month": "12",
        "decided_on_year": "2026",
    }
    client = verified_client(partnership.worker)
    page = client.post(url, form).content.decode()
    assert "Give the reason for not sharing" in page
    response = client.post(url, {**form, "reason": "He has no need to know."})
    assert response.status_code == 302
    assert SharingDecision.objects.get().with_person == "Her uncle, who asked"


def test_the_leads_list_names_no_child_and_logs_once(partnership, verified_client):
    _record(partnership)
    _record(partnership, consent=Consent.OVERRIDDEN, consent_notes="Immediate danger.")
    _record(partnership, shared=False, lawful_basis="", with_agency=partnership.council)
    client = verified_client(partnership.dpo)
    before = AccessLogEntry.objects.count()
    page = client.get("/data-protection/decisions/").content.decode()
    assert "3 decisions" in page
    assert partnership.child.given_name not in page
    assert pseudonym(partnership.child.area, partnership.child.pk) in page
    entries = AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before]
    assert [(e.child_id, e.basis) for e in entries] == [(None, "sharing_decisions_listing")]
    assert "1 decision" in client.get("/data-protection/decisions/?overridden=on").content.decode()
    assert "1 decision" in client.get("/data-protection/decisions/?shared=no").content.decode()
    police = client.get(f"/data-protection/decisions/?agency={partnership.police.pk}")
    assert "2 decisions" in police.content.decode()
