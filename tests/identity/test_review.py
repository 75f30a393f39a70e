"""Reviewers' decisions: accepting merges two children, rejecting keeps them apart for good,
undoing moves records and their events back. All bind later runs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from seemehearme.areas.models import Role
from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.linking import NHS_NUMBER_SCHEME, link_persons
from seemehearme.identity.models import (
    AgencyPerson,
    CandidateStatus,
    IdentityLink,
    LinkCandidate,
    LinkMethod,
)
from seemehearme.identity.services import (
    candidate_accept,
    candidate_reject,
    link_undo,
    merge_undo,
)
from seemehearme.people.models import AgencyIdentifier, Child
from seemehearme.people.selectors import child_search
from tests.factories import CaseFactory, ReferralFactory, StaffUserFactory
from tests.identity.conftest import REVIEW_EVERYTHING, fresh


def children(*persons: AgencyPerson) -> set[int | None]:
    return {person.child_id for person in fresh(*persons)}


def test_accepting_merges_the_two_children(place, pair):
    first, second = pair[0], pair[1]
    candidate = pair[2]
    first_child, second_child = first.child, second.child

    affected = candidate_accept(candidate=candidate, user=place.reviewer, reason="Same NHS no.")

    assert affected == {first_child.pk, second_child.pk}
    [survivor] = children(first, second)
    merged = Child.objects.get(pk=({first_child.pk, second_child.pk} - {survivor}).pop())
    assert merged.merged_into_id == survivor
    assert set(AgencyEvent.objects.values_list("child_id", flat=True)) == {survivor}
    assert not AgencyIdentifier.objects.filter(child=merged).exists()
    assert AgencyIdentifier.objects.filter(child_id=survivor, scheme=NHS_NUMBER_SCHEME).exists()
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by, candidate.reason) == (
        CandidateStatus.ACCEPTED,
        place.reviewer,
        "Same NHS no.",
    )
    moved = IdentityLink.objects.get(method=LinkMethod.CLERICAL)
    assert (moved.previous_child_id, moved.child_id, moved.created_by) == (
        merged.pk,
        survivor,
        place.reviewer,
    )
    assert place.sweeps[-1] == affected


def test_a_merged_child_drops_out_of_search(place, pair):
    candidate_accept(candidate=pair[2], user=place.reviewer, reason="Same child")
    searcher = StaffUserFactory(team__agency__area=place.area)
    found = list(child_search(user=searcher, name="Testchild"))
    assert len(found) == 1
    assert found[0].merged_into_id is None


def test_the_child_with_case_work_survives_a_merge(place, pair):
    first, second, candidate = pair
    ReferralFactory(child=second.child, holding_team=place.triage)
    candidate_accept(candidate=candidate, user=place.reviewer, reason="Same child")
    assert children(first, second) == {second.child_id}


def test_two_children_with_case_work_are_not_merged(place, pair):
    first, second, candidate = pair
    CaseFactory(child=first.child)
    ReferralFactory(child=second.child, holding_team=place.triage)

    with pytest.raises(ValidationError, match="Both children have case work"):
        candidate_accept(candidate=candidate, user=place.reviewer, reason="Same child")

    assert children(first, second) == {first.child_id, second.child_id}
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING
    assert not Child.objects.filter(merged_into__isnull=False).exists()


def test_an_accepted_pair_stays_together_on_later_runs(place, pair):
    first, second, candidate = pair
    candidate_accept(candidate=candidate, user=place.reviewer, reason="Same child")
    [together] = children(first, second)
    with override_settings(**REVIEW_EVERYTHING):
        link_persons(area=place.area)
    assert children(first, second) == {together}
    assert not LinkCandidate.objects.filter(status=CandidateStatus.PENDING).exists()


def test_a_rejected_pair_stays_apart_on_later_runs(place, pair):
    first, second, candidate = pair
    candidate_reject(candidate=candidate, user=place.reviewer, reason="Different mothers")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    apart = children(first, second)

    outcome = link_persons(area=place.area)  # at the usual thresholds they would link

    assert children(first, second) == apart
    assert len(apart) == 2
    assert not LinkCandidate.objects.filter(status=CandidateStatus.PENDING).exists()
    assert outcome.affected_child_ids == set()


def test_a_rejected_pair_is_cut_out_of_a_group_that_would_join_them(place, pair):
    first, second, candidate = pair
    candidate_reject(candidate=candidate, user=place.reviewer, reason="Different children")
    bridge = place.person(place.police, given_name="Jordan", nhs_number="")

    link_persons(area=place.area, person_ids={bridge.pk})

    assert len(children(first, second)) == 2
    assert fresh(bridge)[0].child_id in children(first, second)


def test_a_decided_pair_cannot_be_decided_again(place, pair):
    candidate_reject(candidate=pair[2], user=place.reviewer, reason="Different")
    with pytest.raises(ValidationError, match="already decided"):
        candidate_accept(candidate=pair[2], user=place.reviewer, reason="Same")


def test_a_reason_is_required(place, pair):
    with pytest.raises(ValidationError):
        candidate_reject(candidate=pair[2], user=place.reviewer, reason="  ")


def test_only_the_triage_team_reviews(place, pair):
    outsider = StaffUserFactory(team__agency=place.police, role=Role.TEAM_MANAGER)
    practitioner = StaffUserFactory(team=place.triage, role=Role.PRACTITIONER)
    for user in (outsider, practitioner):
        with pytest.raises(PermissionDenied):
            candidate_accept(candidate=pair[2], user=user, reason="Same")


def test_undoing_a_merge_moves_records_events_and_identifiers_back(place, pair):
    first, second, candidate = pair
    first_child, second_child = first.child, second.child
    extra = AgencyIdentifier.objects.create(
        child=second_child, agency=place.police, scheme="Police person ID", value="NB-P-1"
    )
    candidate_accept(candidate=candidate, user=place.reviewer, reason="Same child")
    candidate.refresh_from_db()

    affected = merge_undo(candidate=candidate, user=place.reviewer, reason="Twins, checked")

    assert affected == {first_child.pk, second_child.pk}
    assert children(first, second) == {first_child.pk, second_child.pk}
    for person in (first, second):
        events = AgencyEvent.objects.filter(person=person).values_list("child_id", flat=True)
        assert set(events) == {person.child_id}
    assert Child.objects.filter(merged_into__isnull=False).count() == 0
    extra.refresh_from_db()
    assert extra.child_id == second_child.pk
    assert AgencyIdentifier.objects.get(scheme=NHS_NUMBER_SCHEME).child_id == second_child.pk
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert place.sweeps[-1] == affected
    link_persons(area=place.area)
    assert children(first, second) == {first_child.pk, second_child.pk}


def test_undoing_a_probabilistic_link_gives_the_record_a_child_of_its_own(place):
    school = place.person(place.school, given_name="William")
    police = place.person(place.police, given_name="Bill")
    link_persons(area=place.area)
    school, police = fresh(school, police)
    place.events(police, 2)
    shared = school.child_id
    link = IdentityLink.objects.get(method=LinkMethod.PROBABILISTIC)
    moved = fresh(school, police)[[school.pk, police.pk].index(link.person_id)]

    affected = link_undo(link=link, user=place.reviewer, reason="Different boy")

    moved = fresh(moved)[0]
    assert moved.child_id not in (None, shared)
    assert affected == {shared, moved.child_id}
    assert set(AgencyEvent.objects.filter(person=moved).values_list("child_id", flat=True)) <= {
        moved.child_id
    }
    link.refresh_from_db()
    assert (link.undone_by, link.undo_reason) == (place.reviewer, "Different boy")
    undo = IdentityLink.objects.get(method=LinkMethod.UNDO)
    assert (undo.child_id, undo.previous_child_id) == (moved.child_id, shared)
    assert LinkCandidate.objects.get().status == CandidateStatus.REJECTED

    link_persons(area=place.area)
    assert len(children(school, police)) == 2


def test_a_link_cannot_be_undone_twice_or_when_it_started_a_child(place):
    place.person(place.school, given_name="William")
    place.person(place.police, given_name="Bill")
    link_persons(area=place.area)
    start = IdentityLink.objects.get(method=LinkMethod.NEW_CHILD)
    with pytest.raises(ValidationError, match="started a child"):
        link_undo(link=start, user=place.reviewer, reason="No")
    link = IdentityLink.objects.get(method=LinkMethod.PROBABILISTIC)
    link_undo(link=link, user=place.reviewer, reason="Different")
    with pytest.raises(ValidationError, match="already been undone"):
        link_undo(link=link, user=place.reviewer, reason="Again")
