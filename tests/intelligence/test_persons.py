"""Persons of concern from agencies' feeds: adults linked to children in events become agency
records and graded associations, are resolved across agencies, and are merged and split with a
history. Every person here is made up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from typer.testing import CliRunner

from seemehearme.areas.models import Role
from seemehearme.cli import app
from seemehearme.feeds.importer import import_records
from seemehearme.feeds.models import ImportChannel
from seemehearme.feeds.pipeline import after_import
from seemehearme.intelligence import persons
from seemehearme.intelligence.adults import adults_from_events, derived_key, resolve_adults
from seemehearme.intelligence.models import (
    AdultMatchCandidate,
    AdultRecord,
    Association,
    CandidateStatus,
    PersonMerge,
    PersonOfConcern,
)
from seemehearme.intelligence.selectors import visible_entities
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    ChildFactory,
    StaffUserFactory,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory, event_row
from tests.intelligence.factories import AssociationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 10, 1)
BORN = dt.date(1996, 3, 14)  # 30 on the day


@pytest.fixture
def shared(area, police, council):
    """Police and council share their intelligence with each other's analysts."""
    return AgreementFactory(
        area=area,
        parties=[police, council],
        categories=["police-intelligence"],
        purposes=["problem-profiling"],
    )


def analyst_of(agency):
    return StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=agency)


def adult(**changes):
    entry = {
        "role": "adult of concern",
        "person_id": "A-100",
        "given_name": "Lee",
        "family_name": "Testcarver",
        "date_of_birth": BORN.isoformat(),
    }
    entry.update(changes)
    return entry


def event(agency, *linked, child=None, on=ON):
    child = child or ChildFactory(area=agency.area)
    person = AgencyPersonFactory(agency=agency, child=child)
    return AgencyEventFactory(person=person, occurred_on=on, linked_people=list(linked))


def test_linked_adults_become_records_and_graded_associations_once(area, police):
    found = event(police, adult())
    outcome = adults_from_events(area)
    assert (outcome.records_created, outcome.persons_created, outcome.associations_created) == (
        1, 1, 1,
    )  # fmt: skip
    record = AdultRecord.objects.get()
    assert (record.agency, record.source_key, record.key_derived) == (police, "A-100", False)
    assert (record.first_seen, record.last_seen, record.role) == (ON, ON, "adult of concern")
    person = record.person
    assert person.label == "Lee Testcarver"
    assert person.source_agency == police
    assert person.recorded_by is None  # recorded by the service, from the feed
    assert person.concern == "associate"
    link = Association.objects.get()
    assert (link.entity_id, link.child, link.event) == (person.pk, found.child, found)
    assert (link.relationship, link.grading, link.source_agency) == ("seen_with", "2C P", police)
    assert link.reported_on == ON
    assert link.source_reference == found.source_id

    again = adults_from_events(area)
    assert (again.records_created, again.records_updated, again.associations_created) == (0, 0, 0)
    assert again.persons_created == 0
    assert (AdultRecord.objects.count(), PersonOfConcern.objects.count()) == (1, 1)
    assert Association.objects.count() == 1


def test_a_later_event_updates_the_record_and_adds_a_link(area, police):
    event(police, adult())
    adults_from_events(area)
    event(police, adult(role="suspect", family_name="Testcarver-Smith"), on=ON + dt.timedelta(5))
    outcome = adults_from_events(area)
    assert (outcome.records_updated, outcome.associations_created) == (1, 1)
    record = AdultRecord.objects.get()
    assert (record.first_seen, record.last_seen) == (ON, ON + dt.timedelta(5))
    assert (record.role, record.family_name) == ("suspect", "Testcarver-Smith")
    assert set(Association.objects.values_list("relationship", flat=True)) == {
        "seen_with",
        "suspected_abuse",
    }


def test_children_never_become_records(area, police):
    sixteen = dt.date(2010, 1, 1)
    event(police, adult(role="suspect", date_of_birth=sixteen.isoformat(), person_id="C-1"))
    event(police, adult(role="friend", date_of_birth=None, person_id="C-2"))
    event(police, adult(role="adult of concern", date_of_birth=None, person_id="A-3"))
    outcome = adults_from_events(area)
    assert outcome.children_left_out == 2
    assert list(AdultRecord.objects.values_list("source_key", flat=True)) == ["A-3"]


def test_a_linked_adult_without_an_id_gets_a_stable_key(area, police):
    event(police, adult(person_id=""))
    event(police, adult(person_id="", given_name="LEE", family_name="Test-carver"))
    adults_from_events(area)
    record = AdultRecord.objects.get()
    assert record.key_derived
    assert record.source_key == derived_key("Lee", "Testcarver", BORN)
    assert Association.objects.count() == 2


def test_events_waiting_for_their_child_are_left_for_a_later_run(area, police):
    waiting = AgencyEventFactory(
        person=AgencyPersonFactory(agency=police, child=None), linked_people=[adult()]
    )
    assert adults_from_events(area).waiting_for_child == 1
    assert not AdultRecord.objects.exists()
    waiting.child = ChildFactory(area=area)
    waiting.save()
    assert adults_from_events(area).associations_created == 1


def test_a_sure_match_across_two_agencies_makes_one_person(area, police, council):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Lee", role="suspect"))
    outcome = adults_from_events(area)
    assert (outcome.records_created, outcome.persons_created, outcome.records_joined) == (2, 1, 1)
    person = PersonOfConcern.objects.get()
    assert set(person.adult_records.values_list("agency", flat=True)) == {police.pk, council.pk}
    assert Association.objects.filter(entity=person).count() == 2
    assert not AdultMatchCandidate.objects.exists()


def test_same_reference_in_one_agency_is_one_record_even_with_other_details(area, police):
    event(police, adult())
    event(police, adult(given_name="Leon", date_of_birth="1990-01-01"), on=ON + dt.timedelta(1))
    adults_from_events(area)
    assert AdultRecord.objects.count() == 1
    assert PersonOfConcern.objects.count() == 1


def test_a_near_match_goes_to_the_review_queue(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))  # same family name and birth
    outcome = adults_from_events(area)
    assert (outcome.persons_created, outcome.sent_to_review) == (2, 1)
    candidate = AdultMatchCandidate.objects.get()
    assert candidate.status == CandidateStatus.PENDING
    levels = {row["field"]: row["level"] for row in candidate.explanation}
    assert levels == {"given_name": "different", "family_name": "the same", "dob": "the same"}
    assert list(persons.visible_candidates(analyst_of(police))) == [candidate]
    # Once queued, a pair is not queued again.
    event(council, adult(person_id="SC-77", given_name="Dean"))
    assert adults_from_events(area).sent_to_review == 0


def test_different_dates_of_birth_keep_namesakes_apart(area, police, council):
    event(police, adult())
    event(council, adult(person_id="SC-77", date_of_birth="1971-08-02"))
    outcome = adults_from_events(area)
    assert (outcome.persons_created, outcome.sent_to_review) == (2, 0)


def test_accepting_a_pair_merges_its_persons_and_binds_later_runs(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))
    adults_from_events(area)
    candidate = AdultMatchCandidate.objects.get()
    merge = persons.candidate_accept(analyst_of(police), candidate, "Same address (synthetic).")
    assert merge is not None
    assert merge.candidate == candidate
    assert AdultRecord.objects.values("person").distinct().count() == 1
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED
    event(council, adult(person_id="SC-77", given_name="Dean"), on=ON + dt.timedelta(3))
    outcome = adults_from_events(area)
    assert (outcome.persons_created, outcome.sent_to_review) == (0, 0)
    assert visible_entities(analyst_of(police), "person").count() == 1


def test_rejecting_a_pair_keeps_them_apart_in_later_runs(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))
    adults_from_events(area)
    candidate = AdultMatchCandidate.objects.get()
    persons.candidate_reject(analyst_of(council), candidate, "Brothers (synthetic).")
    # A third agency's record of the council's Dean joins Dean, and the rejected pair with the
    # police's Lee is not asked again.
    health = AgencyFactory(area=area, kind="health", name="Testshire Hospital")
    event(health, adult(person_id="H-5", given_name="Dean"))
    outcome = adults_from_events(area)
    assert (outcome.records_joined, outcome.sent_to_review) == (1, 1)
    dean = AdultRecord.objects.get(agency=council).person
    assert AdultRecord.objects.get(agency=health).person == dean
    assert AdultMatchCandidate.objects.filter(status=CandidateStatus.REJECTED).count() == 1
    assert PersonOfConcern.objects.filter(merged_into__isnull=True).count() == 2


def test_a_rejected_pair_stops_a_sure_match_joining(area, police, council):
    event(police, adult())
    adults_from_events(area)
    second = AdultRecord.objects.create(
        area=area, agency=council, source_key="SC-1", given_name="Lee", family_name="Testcarver",
        date_of_birth=BORN, first_seen=ON, last_seen=ON,
    )  # fmt: skip
    police_record = AdultRecord.objects.get(agency=police)
    AdultMatchCandidate.objects.create(
        area=area, first=police_record, second=second, probability=0.99,
        status=CandidateStatus.REJECTED,
    )  # fmt: skip
    resolve_adults(area)
    second.refresh_from_db()
    assert second.person is not None
    assert second.person != police_record.person


def _snapshot(*people):
    return {
        "records": sorted(AdultRecord.objects.values_list("pk", "person_id")),
        "links": sorted(Association.objects.values_list("pk", "entity_id", "other_id")),
        "merged": sorted(
            PersonOfConcern.objects.filter(pk__in=[p.pk for p in people]).values_list(
                "pk", "merged_into_id"
            )
        ),
    }


def test_merge_then_split_restores_exactly(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-9", given_name="Kim", family_name="Testrow",
                         date_of_birth="1980-05-05"))  # fmt: skip
    adults_from_events(area)
    lee, kim = (
        AdultRecord.objects.get(agency=police).person,
        AdultRecord.objects.get(agency=council).person,
    )
    place = PlaceFactory(source_agency=police)
    seen_at = AssociationFactory(entity=kim, other=place, source_agency=council)
    place_link = AssociationFactory(entity=place, other=kim, source_agency=police)
    between = AssociationFactory(entity=kim, other=lee, source_agency=council)
    before = _snapshot(lee, kim)
    analyst = analyst_of(police)

    merge = persons.merge_persons(analyst, lee, kim, "One person, two names (synthetic).")
    kim.refresh_from_db()
    assert kim.merged_into_id == lee.pk
    assert set(lee.adult_records.values_list("agency", flat=True)) == {police.pk, council.pk}
    seen_at.refresh_from_db()
    place_link.refresh_from_db()
    between.refresh_from_db()
    assert (seen_at.entity_id, place_link.other_id) == (lee.pk, lee.pk)
    assert (between.entity_id, between.other_id) == (kim.pk, lee.pk)  # left as it was
    assert list(visible_entities(analyst, "person")) == [lee.entity_ptr]
    assert merge.moved_associations_to == [place_link.pk]
    assert kim.history.count() >= 2

    persons.split_person(analyst, merge, "Different people after all (synthetic).")
    assert _snapshot(lee, kim) == before
    merge.refresh_from_db()
    assert merge.split_at is not None
    assert merge.split_by == analyst
    with pytest.raises(ValidationError, match="already been split"):
        persons.split_person(analyst, merge, "Again.")


def test_splitting_an_accepted_pair_rejects_it(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))
    adults_from_events(area)
    candidate = AdultMatchCandidate.objects.get()
    analyst = analyst_of(police)
    merge = persons.candidate_accept(analyst, candidate, "Same person (synthetic).")
    persons.split_person(analyst, merge, "Not the same (synthetic).")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert AdultRecord.objects.values("person").distinct().count() == 2
    assert adults_from_events(area).sent_to_review == 0


def test_a_split_must_undo_later_merges_of_the_kept_person_first(area, police):
    analyst = analyst_of(police)
    event(police, adult(person_id="A-1", given_name="Ann", family_name="Testone"))
    event(police, adult(person_id="A-2", given_name="Bob", family_name="Testtwo"))
    event(police, adult(person_id="A-3", given_name="Cat", family_name="Testthree"))
    adults_from_events(area)
    ann, bob, cat = (AdultRecord.objects.get(source_key=k).person for k in ("A-1", "A-2", "A-3"))
    first = persons.merge_persons(analyst, ann, bob, "Same (synthetic).")
    persons.merge_persons(analyst, cat, ann, "Same (synthetic).")
    with pytest.raises(ValidationError, match="split that merge first"):
        persons.split_person(analyst, first, "Wrong (synthetic).")


def test_permission_refusals(area, police, council):
    event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))
    adults_from_events(area)
    lee = AdultRecord.objects.get(agency=police).person
    dean = AdultRecord.objects.get(agency=council).person
    candidate = AdultMatchCandidate.objects.get()
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police)
    with pytest.raises(PermissionDenied):
        persons.merge_persons(admin, lee, dean, "Why not.")
    # Without an agreement, the police analyst cannot see the council's person.
    analyst = analyst_of(police)
    with pytest.raises(PermissionDenied):
        persons.merge_persons(analyst, lee, dean, "Same (synthetic).")
    assert not persons.visible_candidates(analyst).exists()
    with pytest.raises(PermissionDenied):
        persons.candidate_accept(analyst, candidate, "Same (synthetic).")
    other_area = AreaFactory(name="Otherwhere", slug="otherwhere")
    stranger = analyst_of(AgencyFactory(area=other_area, kind="police"))
    with pytest.raises(PermissionDenied):
        persons.candidate_reject(stranger, candidate, "No.")
    assert PersonMerge.objects.count() == 0


def test_split_refused_to_those_who_cannot_see_both(area, police, council, shared):
    event(police, adult())
    event(council, adult(person_id="SC-9", given_name="Kim", family_name="Testrow"))
    adults_from_events(area)
    lee = AdultRecord.objects.get(agency=police).person
    kim = AdultRecord.objects.get(agency=council).person
    merge = persons.merge_persons(analyst_of(police), lee, kim, "Same (synthetic).")
    outsider = analyst_of(AgencyFactory(area=area, kind="health"))
    with pytest.raises(PermissionDenied):
        persons.split_person(outsider, merge, "No (synthetic).")
    with pytest.raises(PermissionDenied):
        persons.split_person(
            StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police), merge, "No."
        )


def test_the_import_pipeline_records_linked_adults(area, police):
    row = event_row(
        linked_person_role="adult of concern",
        linked_person_id="NB-7",
        linked_person_given_name="Lee",
        linked_person_family_name="Testcarver",
        linked_person_date_of_birth=BORN.isoformat(),
    )
    result = import_records(agency=police, records=[(2, row)], channel=ImportChannel.COMMAND)
    after_import(result)
    record = AdultRecord.objects.get()
    assert record.source_key == "NB-7"
    assert Association.objects.filter(entity=record.person, child__isnull=False).count() == 1


def test_the_command_reports_counts_and_no_names(area, police):
    event(police, adult())
    result = CliRunner().invoke(app, ["intelligence-adults", "--area", area.slug])
    assert result.exit_code == 0, result.output
    assert "agency records of adults new 1" in result.output
    assert "Testcarver" not in result.output
    unknown = CliRunner().invoke(app, ["intelligence-adults", "--area", "Nowhere"])
    assert unknown.exit_code == 1


# --- Pages ------------------------------------------------------------------------------------


def test_review_pages_show_the_pair_and_record_a_decision(
    area, police, council, shared, verified_client
):
    found = event(police, adult())
    event(council, adult(person_id="SC-77", given_name="Dean"))
    adults_from_events(area)
    candidate = AdultMatchCandidate.objects.get()
    client = verified_client(analyst_of(police))
    queue = client.get(reverse("intelligence:adult-review"))
    assert queue.status_code == 200
    assert "Dean Testcarver" in queue.content.decode()
    page = client.get(reverse("intelligence:adult-candidate", args=[candidate.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Testshire Council" in content
    assert "SC-77" in content
    assert found.child.family_name not in content  # never a child
    missing = client.post(reverse("intelligence:adult-candidate", args=[candidate.pk]), {})
    assert missing.status_code == 400
    done = client.post(
        reverse("intelligence:adult-candidate", args=[candidate.pk]),
        {"decision": "different", "reason": "Brothers (synthetic)."},
    )
    assert done.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED


def test_merge_and_split_pages(area, police, council, shared, verified_client):
    event(police, adult())
    event(council, adult(person_id="SC-9", given_name="Kim", family_name="Testrow"))
    adults_from_events(area)
    lee = AdultRecord.objects.get(agency=police).person
    kim = AdultRecord.objects.get(agency=council).person
    client = verified_client(analyst_of(police))
    form = client.get(reverse("intelligence:person-merge", args=[lee.pk]))
    assert form.status_code == 200
    assert "Kim Testrow" in form.content.decode()
    merged = client.post(
        reverse("intelligence:person-merge", args=[lee.pk]),
        {"other": kim.pk, "why": "Same person (synthetic)."},
    )
    assert merged.status_code == 302
    merge = PersonMerge.objects.get()
    history = client.get(reverse("intelligence:person-merges", args=[lee.pk]))
    assert "Split Kim Testrow off again" in history.content.decode()
    refused = client.post(reverse("intelligence:person-split", args=[merge.pk]), {})
    assert refused.status_code == 400
    split = client.post(
        reverse("intelligence:person-split", args=[merge.pk]),
        {f"split-{merge.pk}-why": "Different people (synthetic)."},
    )
    assert split.status_code == 302
    kim.refresh_from_db()
    assert kim.merged_into is None


def test_pages_refuse_staff_without_intelligence(area, police, verified_client):
    event(police, adult())
    adults_from_events(area)
    person = PersonOfConcern.objects.get()
    client = verified_client(StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police))
    for url in (
        reverse("intelligence:adult-review"),
        reverse("intelligence:person-merge", args=[person.pk]),
        reverse("intelligence:person-merges", args=[person.pk]),
    ):
        assert client.get(url).status_code == 403
    # An analyst of another agency with no agreement does not find the person at all.
    other = verified_client(analyst_of(AgencyFactory(area=area, kind="health")))
    assert other.get(reverse("intelligence:person-merges", args=[person.pk])).status_code == 404
