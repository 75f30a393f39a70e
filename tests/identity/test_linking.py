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
from seemehearme.identity.selectors import unmatched_records
from seemehearme.identity.services import link_undo
from seemehearme.people.models import AgencyIdentifier, Child
from tests.factories import AgencyFactory, AreaFactory, ChildFactory, relate
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory
from tests.identity.conftest import BORN, REVIEW_EVERYTHING, fresh


def test_the_same_nhs_number_is_the_same_child_whatever_the_family_name(place):
    health = place.person(place.health, given_name="Ashley", nhs_number="9990000018")
    police = place.person(
        place.police, given_name="Ash", family_name="Otherfamily", nhs_number="9990000018"
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


@override_settings(**REVIEW_EVERYTHING)
def test_the_same_nhs_number_with_a_different_given_name_goes_to_a_reviewer(place):
    # A twin's record carrying the other twin's number: all but the given name and gender agree.
    health = place.person(place.health, given_name="Ashley", nhs_number="9990000018")
    police = place.person(place.police, given_name="Morgan", gender="male", nhs_number="9990000018")

    link_persons(area=place.area)

    health, police = fresh(health, police)
    assert None not in (health.child_id, police.child_id)
    assert health.child_id != police.child_id
    candidate = LinkCandidate.objects.get(status=CandidateStatus.PENDING)
    assert {candidate.person_a_id, candidate.person_b_id} == {health.pk, police.pk}


def test_a_pupil_number_or_agency_reference_held_by_an_existing_child_joins_that_child(place):
    child = ChildFactory(
        area=place.area, given_name="Alexis", family_name="Elsewhere", date_of_birth=BORN
    )
    AgencyIdentifier.objects.create(
        child=child, agency=place.school, scheme=UPN_SCHEME, value="Z123456789012"
    )
    AgencyIdentifier.objects.create(
        child=child, agency=place.police, scheme="Police person ID", value="NB-P-0000042"
    )
    # A new family name, but the given name and date of birth agree with the pupil number's.
    at_school = place.person(place.school, given_name="Alexis", upn="z123456789012")
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


def test_records_with_different_nhs_numbers_and_another_difference_are_kept_apart(place):
    health_a = place.person(place.health, nhs_number="9990000018")
    health_b = place.person(place.health, nhs_number="9990000026", given_name="Jordon")
    link_persons(area=place.area)
    health_a, health_b = fresh(health_a, health_b)
    assert health_a.child_id != health_b.child_id


def test_records_alike_in_everything_but_their_nhs_numbers_are_linked(place):
    health_a = place.person(place.health, nhs_number="9990000018")
    police_b = place.person(place.police, nhs_number="9990000026")
    link_persons(area=place.area)
    health_a, police_b = fresh(health_a, police_b)
    assert health_a.child_id is not None
    assert health_a.child_id == police_b.child_id


def test_a_siblings_nhs_number_does_not_merge_the_children_and_goes_to_review(place):
    jordan = place.person(place.health, nhs_number="9990000018")
    # Casey's police record carries Jordan's NHS number by mistake.
    casey = place.person(
        place.police, given_name="Casey", date_of_birth=dt.date(2014, 9, 2), nhs_number="9990000018"
    )

    outcome = link_persons(area=place.area)

    jordan, casey = fresh(jordan, casey)
    assert None not in (jordan.child_id, casey.child_id)
    assert jordan.child_id != casey.child_id
    candidate = LinkCandidate.objects.get(status=CandidateStatus.PENDING)
    assert {candidate.person_a_id, candidate.person_b_id} == {jordan.pk, casey.pk}
    assert outcome.run.sent_to_review == 1


def test_a_number_held_by_a_child_with_another_name_and_birthday_is_not_joined(place):
    child = ChildFactory(area=place.area, given_name="Alexis", date_of_birth=dt.date(2015, 1, 9))
    AgencyIdentifier.objects.create(
        child=child, agency=place.health, scheme=NHS_NUMBER_SCHEME, value="9990000018"
    )
    person = place.person(place.police, nhs_number="9990000018")

    link_persons(area=place.area)

    assert fresh(person)[0].child_id not in (None, child.pk)


def test_a_record_with_no_date_of_birth_does_not_chain_two_children(place):
    older = place.person(place.school, school="Testshire Academy")
    unknown = place.person(place.police, date_of_birth=None, school="Testshire Academy")
    younger = place.person(place.health, date_of_birth=dt.date(2015, 11, 3))

    link_persons(area=place.area)

    older, unknown, younger = fresh(older, unknown, younger)
    assert None not in (older.child_id, younger.child_id)
    assert older.child_id != younger.child_id
    # It could be either child's: it is left without a child, on the triage team's list.
    assert unknown.child_id is None
    assert list(unmatched_records(area=place.area)) == [unknown]


def test_an_nhs_number_failing_its_check_digit_is_counted_and_not_used(place):
    first = place.person(place.health, nhs_number="9990000019")
    other = place.person(
        place.police,
        given_name="Casey",
        family_name="Elsewhere",
        date_of_birth=dt.date(2014, 9, 2),
        nhs_number="9990000019",
    )

    outcome = link_persons(area=place.area)

    first, other = fresh(first, other)
    assert first.child_id != other.child_id
    assert outcome.invalid_nhs_numbers == 2
    assert outcome.run.model["invalid_nhs_numbers"] == 2
    assert not AgencyIdentifier.objects.filter(scheme=NHS_NUMBER_SCHEME).exists()


def test_a_record_matching_two_children_with_case_work_joins_one_and_they_go_to_review(place):
    first = ChildFactory(area=place.area, given_name="Sam", family_name="First")
    second = ChildFactory(area=place.area, given_name="Sam", family_name="Second")
    for child in (first, second):
        relate(child, user=place.reviewer)  # case work: never merged by a run
    AgencyIdentifier.objects.create(
        child=first, agency=place.health, scheme=NHS_NUMBER_SCHEME, value="9990000018"
    )
    AgencyIdentifier.objects.create(
        child=second, agency=place.school, scheme=UPN_SCHEME, value="Z000000000001"
    )
    place.person(place.health, nhs_number="9990000018", upn="", given_name="Sam")
    person = place.person(
        place.social_care, nhs_number="9990000018", upn="Z000000000001", given_name="Sam"
    )

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
    # Not named, but without a child: every run tries such records again.
    assert unrelated.child_id not in {None, old.child_id}
    assert outcome.affected_child_ids == {old.child_id, unrelated.child_id}
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


NHS = "9990000018"
UPN = "Z000000000001"


def _one_import_at_a_time(place):
    """Two records of one child arriving in two imports, which a run does not link (every
    score is below the match threshold here), then the bridge: a third record holding the first
    one's NHS number and the second one's pupil number, alike to both."""
    first = place.person(place.school, given_name="Jordan", nhs_number=NHS)
    link_persons(area=place.area, person_ids={first.pk})
    second = place.person(place.police, given_name="Jordan", family_name="Newname", upn=UPN)
    link_persons(area=place.area, person_ids={second.pk})
    first, second = fresh(first, second)
    assert first.child_id != second.child_id, "the test needs two children before the bridge"
    return first, second


def _bridge(place):
    return place.person(place.health, given_name="Jordan", nhs_number=NHS, upn=UPN)


@override_settings(**REVIEW_EVERYTHING)
def test_children_made_by_earlier_runs_merge_when_a_later_record_joins_them(place):
    first, second = _one_import_at_a_time(place)
    bridge = _bridge(place)

    outcome = link_persons(area=place.area, person_ids={bridge.pk})

    first, second, bridge = fresh(first, second, bridge)
    assert first.child_id == second.child_id == bridge.child_id
    assert outcome.children_merged == 1
    merged = Child.objects.get(merged_into=first.child_id)
    assert merged.pk in outcome.affected_child_ids
    moved = IdentityLink.objects.get(method=LinkMethod.MERGED)
    assert moved.previous_child_id == merged.pk
    assert moved.run_id == outcome.run.pk


@override_settings(**REVIEW_EVERYTHING)
def test_one_import_at_a_time_ends_with_the_children_of_one_run_over_all(place):
    _one_import_at_a_time(place)
    bridge = _bridge(place)
    link_persons(area=place.area, person_ids={bridge.pk})
    one_at_a_time = _partition()

    AgencyPerson.objects.update(child=None)
    AgencyIdentifier.objects.all().delete()
    LinkCandidate.objects.all().delete()
    IdentityLink.objects.all().delete()
    Child.objects.update(merged_into=None)
    Child.objects.all().delete()
    link_persons(area=place.area)

    assert _partition() == one_at_a_time
    assert len(one_at_a_time) == 1


def _partition() -> set[frozenset[str]]:
    children: dict[int, set[str]] = {}
    for reference, child_id in AgencyPerson.objects.values_list("source_person_id", "child_id"):
        children.setdefault(child_id, set()).add(reference)
    return {frozenset(references) for references in children.values()}


@override_settings(**REVIEW_EVERYTHING)
def test_a_merge_by_a_run_can_be_undone_record_by_record(place):
    _one_import_at_a_time(place)
    bridge = _bridge(place)
    link_persons(area=place.area, person_ids={bridge.pk})
    moved = IdentityLink.objects.get(method=LinkMethod.MERGED)

    link_undo(link=moved, user=place.reviewer, reason="Two children after all")

    moved_person = fresh(moved.person)[0]
    assert moved_person.child_id == moved.previous_child_id
    assert Child.objects.get(pk=moved.previous_child_id).merged_into_id is None
    again = link_persons(area=place.area)
    assert again.children_merged == 0
    assert fresh(moved_person)[0].child_id == moved.previous_child_id


@override_settings(**REVIEW_EVERYTHING)
def test_a_child_with_case_work_keeps_its_records_and_takes_the_others(place):
    first, second = _one_import_at_a_time(place)
    relate(Child.objects.get(pk=second.child_id), user=place.reviewer)
    bridge = _bridge(place)

    link_persons(area=place.area, person_ids={bridge.pk})

    first, second, bridge = fresh(first, second, bridge)
    assert first.child_id == second.child_id == bridge.child_id
    assert Child.objects.get(merged_into__isnull=False).merged_into_id == second.child_id


def test_a_record_left_without_a_child_is_placed_when_its_match_arrives_later(place):
    waiting = place.person(place.police, date_of_birth=None)
    link_persons(area=place.area, person_ids={waiting.pk})
    assert fresh(waiting)[0].child_id is None
    arrived = place.person(place.school)

    link_persons(area=place.area, person_ids={arrived.pk})

    waiting, arrived = fresh(waiting, arrived)
    assert arrived.child_id is not None
    assert waiting.child_id == arrived.child_id


def test_a_placeholder_number_on_several_childrens_records_is_counted_and_not_kept(place):
    placeholder = "9990000026"
    place.person(place.police, given_name="Ashley", nhs_number=placeholder)
    place.person(
        place.police,
        given_name="Morgan",
        family_name="Otherfamily",
        date_of_birth=dt.date(2009, 2, 1),
        nhs_number=placeholder,
    )
    place.person(
        place.police,
        given_name="Riley",
        family_name="Thirdfamily",
        date_of_birth=dt.date(2013, 8, 9),
        nhs_number=placeholder,
    )

    outcome = link_persons(area=place.area)

    assert outcome.shared_numbers == 3
    assert outcome.run.model["shared_numbers"] == 3
    assert Child.objects.filter(area=place.area).count() == 3
    assert not AgencyIdentifier.objects.filter(value=placeholder).exists()
    flagged = AgencyPerson.objects.filter(nhs_number_shared=True)
    assert flagged.count() == 3
    assert not AgencyPerson.objects.filter(upn_shared=True).exists()

    # Once only one child holds the number, the next run takes the flags off.
    flagged.exclude(given_name="Ashley").update(nhs_number="")
    link_persons(area=place.area)
    assert not AgencyPerson.objects.filter(nhs_number_shared=True).exists()
