"""Link runs: agency records resolved to children, through the real database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from seemehearme.feeds.models import AgencyEvent
from seemehearme.identity.linking import NHS_NUMBER_SCHEME, UPN_SCHEME, link_persons
from seemehearme.identity.models import (
    AgencyPerson,
    CandidateStatus,
    IdentityLink,
    LinkCandidate,
    LinkMethod,
    LinkRunStatus,
)
from seemehearme.people.models import AgencyIdentifier, Child
from tests.factories import AgencyFactory, AreaFactory, ChildFactory
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory
from tests.identity.conftest import BORN, REVIEW_EVERYTHING, fresh


def test_the_same_nhs_number_is_the_same_child_however_the_names_differ(place):
    health = place.person(place.health, given_name="Ash", nhs_number="9990000018")
    police = place.person(
        place.police, given_name="Morgan", family_name="Otherfamily", nhs_number="9990000018"
    )

    outcome = link_persons(area=place.area)

    health, police = fresh(health, police)
    assert health.child_id is not None
    assert health.child_id == police.child_id
    assert outcome.affected_child_ids == {health.child_id}
    methods = set(IdentityLink.objects.values_list("method", flat=True))
    assert methods == {LinkMethod.NEW_CHILD, LinkMethod.IDENTIFIER}
    recorded = AgencyIdentifier.objects.filter(child_id=health.child_id, scheme=NHS_NUMBER_SCHEME)
    assert {(i.agency_id, i.value) for i in recorded} == {
        (place.health.pk, "9990000018"),
        (place.police.pk, "9990000018"),
    }
    assert outcome.run.status == LinkRunStatus.COMPLETED
    assert outcome.run.model["parameters"]["version"]
    assert outcome.run.model["settings"]["comparisons"]


def test_a_pupil_number_or_agency_reference_held_by_an_existing_child_joins_that_child(place):
    child = ChildFactory(area=place.area, given_name="Alexis", family_name="Elsewhere")
    AgencyIdentifier.objects.create(
        child=child, agency=place.school, scheme=UPN_SCHEME, value="Z123456789012"
    )
    AgencyIdentifier.objects.create(
        child=child, agency=place.police, scheme="Police person ID", value="NB-P-0000042"
    )
    at_school = place.person(place.school, upn="z123456789012")
    by_police = place.person(place.police, given_name="Lexi", source_person_id="NB-P-0000042")

    link_persons(area=place.area)

    at_school, by_police = fresh(at_school, by_police)
    assert at_school.child_id == child.pk
    assert by_police.child_id == child.pk
    assert Child.objects.filter(area=place.area).count() == 1


def test_alike_records_are_linked_by_probability_and_others_become_new_children(place):
    school = place.person(place.school, given_name="William", school="St Anne's School")
    police = place.person(place.police, given_name="Bill", school="St. Annes")
    stranger = place.person(
        place.health,
        given_name="Priya",
        family_name="Unrelated",
        date_of_birth=dt.date(2009, 2, 3),
        postcode="ZZ9 9ZZ",
        ethnicity="asian",
    )
    place.events(police, 3)

    outcome = link_persons(area=place.area)

    school, police, stranger = fresh(school, police, stranger)
    assert school.child_id == police.child_id
    assert stranger.child_id not in (None, school.child_id)
    link = IdentityLink.objects.get(person__in=[school, police], method=LinkMethod.PROBABILISTIC)
    assert link.match_probability >= 0.95
    assert outcome.run.children_created == 2
    assert outcome.run.links_made == 1
    new = Child.objects.get(pk=stranger.child_id)
    assert (new.given_name, new.family_name, new.date_of_birth) == (
        "Priya",
        "Unrelated",
        dt.date(2009, 2, 3),
    )
    assert (new.ethnicity, new.postcode, new.area) == ("asian", "ZZ9 9ZZ", place.area)
    assert set(AgencyEvent.objects.values_list("child_id", flat=True)) == {police.child_id}


def test_a_new_childs_ethnicity_is_not_known_unless_the_record_gives_a_valid_one(place):
    person = place.person(ethnicity="")
    link_persons(area=place.area)
    assert fresh(person)[0].child.ethnicity == "not_known"


def test_a_record_matching_no_one_and_without_a_date_of_birth_is_left_unresolved(place):
    person = place.person(date_of_birth=None, given_name="Quinn", family_name="Nobody")
    outcome = link_persons(area=place.area)
    assert outcome.unresolved == 1
    assert fresh(person)[0].child_id is None
    assert outcome.run.model["unresolved"] == 1


def test_a_record_without_a_date_of_birth_joins_a_child_it_matches(place):
    child = ChildFactory(
        area=place.area, given_name="Jordan", family_name="Testchild", date_of_birth=BORN,
        postcode="ZZ1 1AA", school=place.school,
    )  # fmt: skip
    person = place.person(date_of_birth=None, school="Testshire Academy")
    outcome = link_persons(area=place.area)
    assert fresh(person)[0].child_id == child.pk
    assert outcome.unresolved == 0


def test_a_referral_child_is_found_by_the_feeds(place):
    referred = ChildFactory(area=place.area, given_name="Jordan", family_name="Testchild")
    person = place.person(given_name="Jordan")
    link_persons(area=place.area)
    assert fresh(person)[0].child_id == referred.pk
    assert Child.objects.filter(area=place.area).count() == 1


@override_settings(**REVIEW_EVERYTHING)
def test_an_uncertain_pair_goes_to_review_as_two_children(place):
    first = place.person(place.school)
    second = place.person(
        place.police, given_name="Jordon", postcode="", date_of_birth=dt.date(2012, 5, 17)
    )

    outcome = link_persons(area=place.area)

    first, second = fresh(first, second)
    assert first.child_id != second.child_id
    candidate = LinkCandidate.objects.get()
    assert candidate.status == CandidateStatus.PENDING
    assert {candidate.person_a_id, candidate.person_b_id} == {first.pk, second.pk}
    assert candidate.person_a_id < candidate.person_b_id
    assert 0.01 <= candidate.match_probability < 0.9999999
    fields = {row["field"]: row for row in candidate.explanation}
    assert fields["family_name"]["level"] == "the same"
    assert fields["given_name"]["level"].startswith("sound the same")  # Jordan, Jordon: JRTN
    assert fields["given_name"]["weight"] > 0
    assert fields["dob"]["level"] == "one digit different"
    assert fields["postcode"]["level"].startswith("missing")
    assert fields["postcode"]["weight"] == 0
    assert outcome.run.sent_to_review == 1


def test_twins_are_never_linked_automatically(place):
    first = place.person(place.health, given_name="Amelia", nhs_number="")
    second = place.person(place.school, given_name="Georgia", nhs_number="")
    link_persons(area=place.area)
    first, second = fresh(first, second)
    assert first.child_id != second.child_id
    assert LinkCandidate.objects.filter(status=CandidateStatus.PENDING).count() == 1


def test_records_with_different_nhs_numbers_are_kept_apart(place):
    health_a = place.person(place.health, nhs_number="9990000018")
    health_b = place.person(place.health, nhs_number="9990000026")
    link_persons(area=place.area)
    health_a, health_b = fresh(health_a, health_b)
    assert health_a.child_id != health_b.child_id


def test_a_record_matching_two_children_joins_one_and_the_children_go_to_review(place):
    first = ChildFactory(area=place.area, given_name="Sam", family_name="First")
    second = ChildFactory(area=place.area, given_name="Sam", family_name="Second")
    AgencyIdentifier.objects.create(
        child=first, agency=place.health, scheme=NHS_NUMBER_SCHEME, value="9990000018"
    )
    AgencyIdentifier.objects.create(
        child=second, agency=place.school, scheme=UPN_SCHEME, value="Z000000000001"
    )
    place.person(place.health, nhs_number="9990000018", upn="", given_name="Sam")
    person = place.person(place.social_care, nhs_number="9990000018", upn="Z000000000001")

    link_persons(area=place.area)

    assert fresh(person)[0].child_id in {first.pk, second.pk}
    assert Child.objects.filter(merged_into__isnull=False).count() == 0
    candidate = LinkCandidate.objects.get(status=CandidateStatus.PENDING)
    children = {candidate.person_a.child_id, candidate.person_b.child_id}
    assert children == {first.pk, second.pk}


def test_a_second_run_changes_nothing(place):
    place.person(place.school, given_name="William")
    place.person(place.police, given_name="Bill")
    link_persons(area=place.area)
    before = list(AgencyPerson.objects.order_by("pk").values_list("pk", "child_id"))

    again = link_persons(area=place.area)

    assert list(AgencyPerson.objects.order_by("pk").values_list("pk", "child_id")) == before
    assert again.affected_child_ids == set()
    assert again.run.children_created == 0


def test_an_incremental_run_links_new_records_against_everyone(place):
    old = place.person(place.school)
    link_persons(area=place.area)
    old = fresh(old)[0]
    new = place.person(place.police, given_name="Jordan")
    unrelated = place.person(place.health, given_name="Casey", family_name="Waiting")
    AgencyEventFactory(person=new, child=None)

    outcome = link_persons(area=place.area, person_ids={new.pk})

    new, unrelated = fresh(new, unrelated)
    assert new.child_id == old.child_id
    assert unrelated.child_id is None  # not in this run's scope
    assert outcome.affected_child_ids == {old.child_id}
    assert AgencyEvent.objects.get(person=new).child_id == old.child_id
    assert outcome.run.model["scope"] == "incremental"


def test_an_empty_incremental_run_does_nothing(place):
    outcome = link_persons(area=place.area, person_ids=set())
    assert outcome.affected_child_ids == set()
    assert outcome.run.status == LinkRunStatus.COMPLETED


def test_other_partnerships_records_are_never_linked(place):
    mine = place.person(place.police)
    elsewhere = AgencyPersonFactory(
        agency=AgencyFactory(area=AreaFactory(name="Elsewhere", slug="elsewhere")),
        given_name="Jordan",
        family_name="Testchild",
        date_of_birth=BORN,
        postcode="ZZ1 1AA",
    )
    link_persons(area=place.area)
    assert fresh(mine)[0].child_id is not None
    assert fresh(elsewhere)[0].child_id is None


def test_an_unknown_backend_is_refused(place):
    with pytest.raises(ValueError, match="backend"):
        link_persons(area=place.area, backend="excel")  # type: ignore[arg-type]
