"""The demo's intelligence picture: groups, places and a car that recur across children, held
mostly by the police, seen by each demo user as the agreements allow."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from seemehearme.areas.models import StaffUser
from seemehearme.demo.featured import featured_child_get
from seemehearme.demo.intelligence import LINKS, demo_intelligence_create
from seemehearme.intelligence.models import (
    AdultMatchCandidate,
    AdultRecord,
    Association,
    Entity,
    EntityKind,
    Group,
    PersonOfConcern,
    Place,
    VenueType,
)
from seemehearme.intelligence.selectors import visible_associations, visible_entities
from seemehearme.people.models import Ethnicity
from seemehearme.sharing.models import InformationSharingAgreement
from seemehearme.sharing.policy import intelligence_decision, intelligence_grants

POLICE = "Northbridge Police"
SOCIAL_CARE = "Northbridge Children's Social Care"


def user(username: str) -> StaffUser:
    return StaffUser.objects.select_related("agency").get(username=username)


def children_linked(entity: Entity) -> set[int]:
    return set(
        Association.objects.current()
        .filter(entity=entity, child__isnull=False)
        .values_list("child_id", flat=True)
    )


def recorded_by_hand(area) -> int:
    """Associations the picture records (the feeds' linked adults add their own, unrecorded
    by anyone)."""
    return Association.objects.filter(area=area, recorded_by__isnull=False).count()


def groups_of_each_child() -> dict[int, set[int]]:
    groups: dict[int, set[int]] = {}
    for child_id, group_id in (
        Association.objects.current()
        .filter(entity__kind=EntityKind.GROUP, child__isnull=False)
        .values_list("child_id", "entity_id")
    ):
        groups.setdefault(child_id, set()).add(group_id)
    return groups


def test_the_demo_has_three_groups_with_patterns_of_abuse(northbridge):
    groups = Group.objects.filter(area=northbridge)
    assert groups.count() == 3
    assert {g.group_kind for g in groups} == {"group", "gang", "online"}
    for group in groups:
        assert group.patterns.exists()
        members = Association.objects.current().filter(other=group, entity__kind="person")
        assert members.count() >= 3


def test_some_children_are_linked_to_two_groups_including_the_featured_child(northbridge):
    twice = {child for child, groups in groups_of_each_child().items() if len(groups) >= 2}
    assert len(twice) >= 3
    maisie = featured_child_get()
    assert maisie is not None
    assert maisie.pk in twice


def test_a_hotel_and_a_takeaway_recur_across_children(northbridge):
    hotel = Place.objects.get(area=northbridge, venue_type=VenueType.HOTEL)
    takeaway = Place.objects.get(area=northbridge, venue_type=VenueType.TAKEAWAY)
    assert len(children_linked(hotel)) >= 3
    assert len(children_linked(takeaway)) >= 3


def test_a_silver_car_with_a_plate_that_cannot_be_real_is_seen_with_several_children(
    northbridge,
):
    car = Entity.objects.get(area=northbridge, kind=EntityKind.VEHICLE).vehicle
    assert car.colour == "Silver"
    assert car.registration == "NB00IQX"  # no plate has the age identifier 00, nor I or Q
    assert len(children_linked(car)) >= 3


def test_persons_of_concern_vary_and_some_details_are_not_known(northbridge):
    persons = PersonOfConcern.objects.filter(area=northbridge)
    assert 10 <= persons.count() <= 15
    assert {p.concern for p in persons} == {"suspect", "facilitator", "associate"}
    assert {p.gender for p in persons} >= {"male", "female"}
    assert len({p.ethnicity for p in persons}) >= 4
    assert any(p.ethnicity == Ethnicity.NOT_KNOWN for p in persons)
    assert any(p.nationality == "" for p in persons)
    assert len({p.nationality for p in persons if p.nationality}) >= 3


def test_associations_are_graded_and_dated_across_the_last_year(northbridge):
    associations = Association.objects.filter(area=northbridge)
    today = timezone.localdate()
    dates = sorted(associations.values_list("reported_on", flat=True))
    assert dates[0] >= today - dt.timedelta(days=366)
    assert dates[-1] <= today
    assert (dates[-1] - dates[0]).days > 300
    assert len({a.grading for a in associations}) >= 6
    conditioned = associations.filter(handling_code="C")
    assert conditioned.count() == 1
    assert conditioned.get().handling_conditions
    assert associations.filter(child__isnull=True).exists()
    assert associations.filter(child__isnull=False).exists()
    assert associations.filter(event__isnull=False).exists()
    withdrawn = associations.filter(withdrawn_at__isnull=False)
    assert withdrawn.count() == 1
    assert withdrawn.get().withdrawn_why
    assert not Association.objects.current().filter(pk=withdrawn.get().pk).exists()


def test_most_is_held_by_the_police_and_a_little_by_social_care(northbridge):
    holders = list(Entity.objects.filter(area=northbridge).values_list("source_agency__name"))
    assert holders.count((SOCIAL_CARE,)) >= 1
    assert holders.count((POLICE,)) > 5 * holders.count((SOCIAL_CARE,))
    noted = Place.objects.get(area=northbridge, source_agency__name=SOCIAL_CARE)
    assert noted.recorded_by.username == "amara.social"


def test_the_analyst_sees_the_police_picture_and_social_cares_under_the_profiling_agreement(
    northbridge,
):
    leah = user("leah.analyst")
    seen = visible_entities(leah)
    police = Entity.objects.filter(area=northbridge, source_agency__name=POLICE)
    assert set(police) <= set(seen)
    grants = intelligence_grants(leah)
    for entity in seen.exclude(source_agency=leah.agency).select_related("source_agency"):
        decision = intelligence_decision(
            leah,
            area_id=entity.area_id,
            source_agency=entity.source_agency,
            category=entity.category,
            grants=grants,
        )
        assert decision.basis == "agreement:ISA-NB-006"
    # Without the problem-profiling agreement, social care's house drops out of her picture.
    InformationSharingAgreement.objects.get(reference="ISA-NB-006").purposes.clear()
    assert set(visible_entities(leah)) == set(police)


def test_the_social_worker_sees_what_isa_nb_002_shares_for_disruption(northbridge):
    amara = user("amara.social")
    seen = visible_entities(amara)
    assert seen.filter(source_agency__name=POLICE).exists()
    grants = intelligence_grants(amara)
    assert grants is not None
    assert grants.purpose == "disruption"
    for entity in seen.exclude(source_agency=amara.agency).select_related("source_agency"):
        decision = intelligence_decision(
            amara,
            area_id=entity.area_id,
            source_agency=entity.source_agency,
            category=entity.category,
            grants=grants,
        )
        assert decision.basis == "agreement:ISA-NB-002"
    associations = visible_associations(amara)
    assert associations.filter(source_agency__name=POLICE).exists()
    # Take disruption out of ISA-NB-002 and only social care's own intelligence is left.
    InformationSharingAgreement.objects.get(reference="ISA-NB-002").purposes.remove(
        *InformationSharingAgreement.objects.get(reference="ISA-NB-002").purposes.filter(
            code="disruption"
        )
    )
    assert {e.source_agency.name for e in visible_entities(amara)} == {SOCIAL_CARE}


@pytest.mark.parametrize("username", ["grace.school", "tom.nurse", "ben.outreach", "jo.panel"])
def test_agencies_no_agreement_shares_intelligence_with_see_none_of_it(northbridge, username):
    assert not visible_entities(user(username)).exists()
    assert not visible_associations(user(username)).exists()


def test_the_featured_child_is_named_to_her_key_worker_and_a_pseudonym_to_the_analyst(
    northbridge,
):
    from seemehearme.intelligence.selectors import children_shown

    maisie = featured_child_get()
    assert maisie is not None
    assert Association.objects.current().filter(child=maisie).count() >= 5
    assert children_shown(user("amara.social"), [maisie])[maisie.pk].named
    shown = children_shown(user("leah.analyst"), [maisie])[maisie.pk]
    assert not shown.named
    assert "Fernhollow" not in shown.label


def _picture(area) -> str:
    """A digest of the picture, by labels and dates (not database ids)."""
    rows = sorted(
        (
            a.entity.label,
            a.relationship,
            a.other.label if a.other else f"{a.child.given_name} {a.child.family_name}",
            a.reported_on.isoformat(),
            a.grading,
            a.source_agency.name,
            a.withdrawn_why,
        )
        for a in Association.objects.filter(area=area).select_related(
            "entity", "other", "child", "source_agency"
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_picture_is_the_same_every_time_it_is_recorded(northbridge):
    first = _picture(northbridge)
    Association.objects.filter(area=northbridge).delete()
    AdultMatchCandidate.objects.filter(area=northbridge).delete()
    AdultRecord.objects.filter(area=northbridge).delete()
    Entity.objects.filter(area=northbridge).delete()
    demo_intelligence_create(area=northbridge, as_of=timezone.localdate())
    assert _picture(northbridge) == first
    assert recorded_by_hand(northbridge) == len(LINKS)


def test_adults_the_police_feed_names_are_the_pictures_people_with_a_pair_to_review(northbridge):
    """The feeds' linked adults become persons of concern as every import's do; the picture
    builds on the police's own record of Lee Carver and Ricky Dunmere instead of copying them,
    and the second police reference for Ricky waits in the review queue."""
    for given, family in (("Lee", "Carver"), ("Ricky", "Dunmere")):
        person = PersonOfConcern.objects.get(area=northbridge, given_name=given, family_name=family)
        assert AdultRecord.objects.filter(person=person).count() == 1
        assert person.ethnicity != Ethnicity.NOT_KNOWN  # the picture's details, added
        assert person.associations.filter(event__isnull=False).exists()
    pair = AdultMatchCandidate.objects.get()
    assert {pair.first.family_name, pair.second.family_name} == {"Dunmere"}
    assert {pair.first.given_name, pair.second.given_name} == {"Ricky", "Rick"}
