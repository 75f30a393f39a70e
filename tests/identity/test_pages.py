"""The review pages: who may use them, what they log, and the decisions they make."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import reverse

from seemehearme.areas.models import Role
from seemehearme.audit.models import AccessAction, AccessLogEntry
from seemehearme.identity.linking import link_persons
from seemehearme.identity.models import CandidateStatus, IdentityLink, LinkCandidate, LinkMethod
from seemehearme.people.models import Child, RelationshipKind
from tests.factories import StaffUserFactory, relate
from tests.identity.conftest import REVIEW_EVERYTHING, fresh


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def logged(user, child, action) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user=user, child=child, action=action))


def test_the_queue_lists_pending_pairs_and_logs_each_child_shown(place, pair, verified_client):
    first, second, _candidate = pair
    response = verified_client(place.reviewer).get(reverse("identity:review-queue"))
    assert response.status_code == 200
    page = text(response)
    assert "1 pair waiting" in page
    assert "Jordon" in page
    for person in (first, second):
        [entry] = logged(place.reviewer, person.child, AccessAction.LISTED)
        assert entry.allowed
        assert entry.basis == "identity_review"


def test_the_queue_is_refused_outside_the_triage_team(place, pair, verified_client):
    outsider = StaffUserFactory(team__agency=place.police, role=Role.CSE_COORDINATOR)
    response = verified_client(outsider).get(reverse("identity:review-queue"))
    assert response.status_code == 403
    assert "Jordon" not in text(response)


def test_a_pair_shows_both_childrens_records_and_logs_both(place, pair, verified_client):
    first, second, candidate = pair
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})
    response = verified_client(place.reviewer).get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Are these the same child?" in page
    assert "Testshire Academy" in page
    assert "Testshire Hospital" in page
    assert "ending 0018" in page
    assert "9990000018" not in page  # numbers are masked
    assert "Strongly towards the same child" in page or "Towards the same child" in page
    assert "Not compared" in page  # the postcode missing on one side
    for person in (first, second):
        [entry] = logged(place.reviewer, person.child, AccessAction.VIEW_RECORD)
        assert (entry.allowed, entry.purpose, entry.path) == (True, "safeguarding", url)


def test_a_pair_refused_is_still_logged_for_both_children(place, pair, verified_client):
    first, second, candidate = pair
    practitioner = StaffUserFactory(team=place.triage, role=Role.PRACTITIONER)
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})
    response = verified_client(practitioner).get(url)
    assert response.status_code == 403
    assert "Jordon" not in text(response)
    for person in (first, second):
        [entry] = logged(practitioner, person.child, AccessAction.VIEW_RECORD)
        assert entry.allowed is False
        assert entry.basis == "not_a_case_manager"


def test_accepting_on_the_page_merges_the_children(place, pair, verified_client):
    first, second, candidate = pair
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})
    response = verified_client(place.reviewer).post(
        url, {"action": "decide", "decision": "same", "reason": "Same NHS number"}
    )
    assert response.status_code == 302
    assert response.url == reverse("identity:review-queue")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED
    assert len({person.child_id for person in fresh(first, second)}) == 1


def test_rejecting_needs_a_reason(place, pair, verified_client):
    candidate = pair[2]
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})
    client = verified_client(place.reviewer)
    response = client.post(url, {"action": "decide", "decision": "different", "reason": ""})
    assert response.status_code == 400
    assert "Enter the reason for your decision" in text(response)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING

    response = client.post(
        url, {"action": "decide", "decision": "different", "reason": "Different schools"}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reason) == (CandidateStatus.REJECTED, "Different schools")


def test_a_merge_can_be_undone_from_the_pair(place, pair, verified_client):
    first, second, candidate = pair
    before = {first.child_id, second.child_id}
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})
    client = verified_client(place.reviewer)
    client.post(url, {"action": "decide", "decision": "same", "reason": "Same"})
    assert "Undo the merge" in text(client.get(url))

    response = client.post(url, {"action": "undo", "undo-reason": "Cousins, checked"})

    assert response.status_code == 302
    assert {person.child_id for person in fresh(first, second)} == before


def test_another_partnerships_pair_is_not_found(place, pair, verified_client):
    from tests.factories import AgencyFactory, AreaFactory, TeamFactory

    other = AreaFactory(name="Elsewhere", slug="elsewhere")
    team = TeamFactory(agency=AgencyFactory(area=other))
    other.triage_team = team
    other.save()
    stranger = StaffUserFactory(team=team, role=Role.CSE_COORDINATOR)
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": pair[2].pk})
    assert verified_client(stranger).get(url).status_code == 404


@pytest.fixture
def linked(place):
    school = place.person(place.school, given_name="William")
    police = place.person(place.police, given_name="Bill")
    link_persons(area=place.area)
    school, police = fresh(school, police)
    return school.child, IdentityLink.objects.get(method=LinkMethod.PROBABILISTIC)


def test_a_childs_records_are_listed_with_how_each_was_linked(place, linked, verified_client):
    child, _link = linked
    worker = StaffUserFactory(team__agency=place.police)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    response = verified_client(worker).get(
        reverse("identity:child-links", kwargs={"child_id": child.pk})
    )
    assert response.status_code == 200
    page = text(response)
    assert "Testshire Police" in page
    assert "Testshire Academy" in page
    assert "Probabilistic match" in page
    assert "undo this link" not in page  # not a reviewer
    assert logged(worker, child, AccessAction.VIEW_RECORD)[0].allowed


def _records_page_as_key_worker(place, child, verified_client) -> str:
    """The text of the child's agency records page, as a police key worker sees it."""
    worker = StaffUserFactory(team__agency=place.police)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    url = reverse("identity:child-links", kwargs={"child_id": child.pk})
    return text(verified_client(worker).get(url))


def test_an_nhs_number_failing_its_check_digit_is_flagged_on_the_childs_records(
    place, verified_client
):
    mistyped = place.person(place.health, nhs_number="9990000019")
    place.person(place.police, nhs_number="9990000018")
    link_persons(area=place.area)
    page = _records_page_as_key_worker(place, fresh(mistyped)[0].child, verified_client)

    assert page.count("NHS number fails its check digit") == 1  # the mistyped one only


def test_a_number_held_by_several_children_is_flagged_on_the_childs_records(place, verified_client):
    placeholder = "9990000026"
    ours = place.person(place.police, nhs_number=placeholder, upn="Z000000000001")
    place.person(place.health, nhs_number="9990000018")  # the same child, its real number
    for n, name in enumerate(["Morgan", "Riley"]):
        place.person(
            place.police,
            given_name=name,
            family_name=f"Other{n}",
            date_of_birth=dt.date(2008 + n, 3, 4),
            nhs_number=placeholder,
        )
    link_persons(area=place.area)
    page = _records_page_as_key_worker(place, fresh(ours)[0].child, verified_client)

    assert page.count("Held by several children: not used to match") == 1  # not the pupil number


def test_a_pair_flags_an_nhs_number_failing_its_check_digit(place, verified_client):
    with override_settings(**REVIEW_EVERYTHING):
        place.person(place.school, nhs_number="")
        place.person(
            place.health,
            given_name="Jordon",
            nhs_number="9990000019",
            postcode="",
            date_of_birth=dt.date(2012, 5, 17),
        )
        link_persons(area=place.area)
    candidate = LinkCandidate.objects.get(status=CandidateStatus.PENDING)
    url = reverse("identity:candidate", kwargs={"linkcandidate_id": candidate.pk})

    page = text(verified_client(place.reviewer).get(url))

    assert "NHS number fails its check digit" in page


def test_a_reviewer_undoes_a_link_from_the_childs_records(place, linked, verified_client):
    child, link = linked
    relate(child, RelationshipKind.FLAG_REVIEW, team=place.triage)
    url = reverse("identity:child-links", kwargs={"child_id": child.pk})
    client = verified_client(place.reviewer)
    assert "undo this link" in text(client.get(url))

    response = client.post(url, {"link": link.pk, "reason": ""})
    assert response.status_code == 400
    assert "Enter why this is not the same child" in text(response)

    response = client.post(url, {"link": link.pk, "reason": "Different boy"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.undone_by == place.reviewer
    assert Child.objects.filter(area=place.area).count() == 2


def test_a_non_reviewer_cannot_undo_a_link(place, linked, verified_client):
    child, link = linked
    worker = StaffUserFactory(team__agency=place.police)
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    url = reverse("identity:child-links", kwargs={"child_id": child.pk})
    response = verified_client(worker).post(url, {"link": link.pk, "reason": "Wrong"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.undone_at is None


def test_the_queue_counts_records_no_child_has_yet_without_naming_them(place, verified_client):
    place.person(place.police, given_name="Unplaced", date_of_birth=None, postcode="")
    place.person(place.school, given_name="Quillonia")  # imported, not yet linked
    response = verified_client(place.reviewer).get(reverse("identity:review-queue"))
    page = text(response)
    assert "Records not matched to a child" in page
    assert "Unplaced" not in page
    assert "Quillonia" not in page
    rows = {
        row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in BeautifulSoup(response.content, "html.parser").select(".smh-unmatched tbody tr")
    }
    assert rows == {place.police.name: ["1", "1"], place.school.name: ["1", "0"]}


def test_records_not_matched_are_listed_for_the_triage_team_and_logged(place, verified_client):
    place.person(place.school, given_name="Rowan", family_name="Nodate", date_of_birth=None)
    matched = place.person(place.health, given_name="Alex", family_name="Dated")
    link_persons(area=place.area)
    response = verified_client(place.reviewer).get(reverse("identity:unmatched"))
    assert response.status_code == 200
    page = text(response)
    assert "1 record not matched" in page
    assert "Rowan Nodate" in page
    assert "Not given" in page
    assert "Alex Dated" not in page
    assert fresh(matched)[0].child is not None
    [entry] = AccessLogEntry.objects.filter(user=place.reviewer, action=AccessAction.LISTED)
    assert entry.child is None
    assert entry.allowed
    assert entry.subject == "Agency records not matched to a child (1 shown)"


def test_records_not_matched_are_refused_and_logged_outside_the_triage_team(place, verified_client):
    place.person(place.school, given_name="Rowan", family_name="Nodate", date_of_birth=None)
    link_persons(area=place.area)
    outsider = StaffUserFactory(team__agency=place.police, role=Role.CSE_COORDINATOR)
    response = verified_client(outsider).get(reverse("identity:unmatched"))
    assert response.status_code == 403
    assert "Rowan" not in text(response)
    [entry] = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.LISTED)
    assert not entry.allowed
    assert entry.subject == "Agency records not matched to a child (0 shown)"
