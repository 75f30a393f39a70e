"""The intelligence model and its policy: who sees which entities and associations, and how a
child appears in them (by name only through a working relationship)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.intelligence import services
from seemehearme.intelligence.models import Association, EntityKind, Place, Vehicle
from seemehearme.intelligence.selectors import (
    children_shown,
    visible_associations,
    visible_entities,
)
from seemehearme.sharing.pseudonyms import pseudonym
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    ChildFactory,
    StaffUserFactory,
    relate,
)
from tests.intelligence.factories import (
    AssociationFactory,
    PersonOfConcernFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


def other_area():
    return AreaFactory(name="Otherwhere Safeguarding Partnership", slug="otherwhere")


def analyst_of(agency):
    return StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=agency)


def test_entities_keep_their_label_and_kind_from_their_details(police):
    vehicle = services.record_entity(
        analyst_of(police), EntityKind.VEHICLE, registration="te12 stx", colour="Silver"
    )
    assert vehicle.kind == "vehicle"
    assert vehicle.registration == "TE12STX"
    assert vehicle.label == "TE12STX (Silver)"
    assert vehicle.pole_class == "Object"
    place = services.record_entity(
        analyst_of(police), EntityKind.PLACE, name="Test Hotel", venue_type="hotel",
        postcode="nb3 4qx",
    )  # fmt: skip
    assert (place.postcode, place.district) == ("NB3 4QX", "NB3")
    assert Place.objects.get(pk=place.pk).label == "Test Hotel"


def test_roles_without_intelligence_cannot_record(police):
    admin = StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police)
    with pytest.raises(PermissionDenied):
        services.record_entity(admin, EntityKind.VEHICLE, registration="TE12STX")
    assert not Vehicle.objects.exists()


def test_an_agencys_own_intelligence_is_visible_to_it_and_no_one_else_without_agreement(
    police, council
):
    person = PersonOfConcernFactory(source_agency=police)
    assert list(visible_entities(analyst_of(police))) == [person.entity_ptr]
    assert not visible_entities(analyst_of(council)).exists()
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=council)
    assert not visible_entities(coordinator).exists()


def test_an_agreement_shares_intelligence_for_the_purpose_it_names(area, police, council):
    person = PersonOfConcernFactory(source_agency=police)
    AgreementFactory(
        area=area,
        parties=[police, council],
        categories=["police-intelligence"],
        purposes=["disruption"],
    )
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=council)
    assert list(visible_entities(coordinator)) == [person.entity_ptr]
    # Shared for disruption, not for problem profiling: the council's analyst sees nothing.
    assert not visible_entities(analyst_of(council)).exists()


def test_another_partnerships_intelligence_is_never_visible(area, police):
    elsewhere = AgencyFactory(area=other_area(), kind="police")
    PersonOfConcernFactory(source_agency=elsewhere)
    AgreementFactory(
        area=area, parties=[police, elsewhere], categories=["police-intelligence"],
        purposes=["problem-profiling"],
    )  # fmt: skip
    assert not visible_entities(analyst_of(police)).exists()


def test_withdrawn_associations_drop_out_but_stay_on_record(police):
    analyst = analyst_of(police)
    association = AssociationFactory(entity__source_agency=police)
    assert list(visible_associations(analyst)) == [association]
    with pytest.raises(ValidationError):
        services.withdraw_association(analyst, association, "  ")
    services.withdraw_association(analyst, association, "Wrong car: misread plate")
    assert not visible_associations(analyst).exists()
    assert Association.objects.get(pk=association.pk).withdrawn_why == "Wrong car: misread plate"


def test_only_the_recording_agency_withdraws(area, police, council):
    association = AssociationFactory(entity__source_agency=police)
    with pytest.raises(PermissionDenied):
        services.withdraw_association(analyst_of(council), association, "Not ours")


def grading(**overrides):
    values = {
        "relationship": "seen_with",
        "reported_on": timezone.localdate(),
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling_code": "P",
    }
    return values | overrides


def test_recording_an_association_checks_both_ends_and_the_grading(area, police, council):
    analyst = analyst_of(police)
    person = PersonOfConcernFactory(source_agency=police)
    hidden = PlaceFactory(source_agency=council)
    child = ChildFactory(area=area)
    with pytest.raises(PermissionDenied):
        services.record_association(analyst, entity=person, other=hidden, **grading())
    with pytest.raises(ValidationError):
        services.record_association(analyst, entity=person, **grading())
    with pytest.raises(ValidationError):
        services.record_association(
            analyst, entity=person, child=child, **grading(handling_code="C")
        )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.record_association(
            analyst, entity=person, child=child, **grading(reported_on=tomorrow)
        )
    with pytest.raises(PermissionDenied):
        services.record_association(
            analyst,
            entity=person,
            child=ChildFactory(area=other_area()),
            **grading(),
        )
    assert not Association.objects.exists()
    association = services.record_association(
        analyst,
        entity=person,
        child=child,
        **grading(handling_code="C", handling_conditions="Not to be shared with the family"),
    )
    assert association.grading == "2C C"
    assert association.source_agency == police


def test_the_database_refuses_an_association_with_both_or_neither_end(police, area):
    association = AssociationFactory(entity__source_agency=police)
    association.child = ChildFactory(area=area)
    with pytest.raises(IntegrityError), transaction.atomic():
        association.save()


def test_children_are_named_only_through_a_working_relationship(area, police):
    child = ChildFactory(area=area, given_name="Zephyrine", family_name="Quillborough")
    worker = StaffUserFactory(role=Role.PRACTITIONER, agency=police)
    relate(child, user=worker)
    stranger = StaffUserFactory(role=Role.PRACTITIONER, agency=police)
    assert children_shown(worker, [child])[child.pk].label == "Zephyrine Quillborough"
    for user in (stranger, analyst_of(police)):
        shown = children_shown(user, [child])[child.pk]
        assert not shown.named
        assert shown.label == pseudonym(area, child.pk)
