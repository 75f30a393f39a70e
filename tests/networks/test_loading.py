"""Loading a network from the intelligence tables: what one user may see, or a whole area."""

from __future__ import annotations

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.intelligence import services
from seemehearme.networks import connected_groups, shortest_link
from seemehearme.networks.loading import (
    area_network,
    child_node,
    is_child,
    node_pk,
    user_network,
)
from tests.factories import AgencyFactory, AreaFactory, ChildFactory, StaffUserFactory
from tests.intelligence.factories import (
    AssociationFactory,
    PersonOfConcernFactory,
    PlaceFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return AgencyFactory(area=AreaFactory(), kind="police")


def analyst_of(agency):
    return StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=agency)


def link(entity, other=None, child=None, **extra):
    return AssociationFactory(entity=entity, other=other, child=child, **extra)


def test_children_are_negative_nodes_and_entities_their_own_ids():
    assert child_node(7) == -7
    assert is_child(child_node(7))
    assert not is_child(7)
    assert node_pk(child_node(7)) == 7
    assert node_pk(7) == 7


def test_a_users_network_has_entities_children_and_their_links(police):
    analyst = analyst_of(police)
    man = PersonOfConcernFactory(source_agency=police)
    hotel = PlaceFactory(source_agency=police)
    car = VehicleFactory(source_agency=police)
    alone = PlaceFactory(source_agency=police)
    child = ChildFactory(area=police.area)
    link(man, other=hotel)
    link(man, other=car)
    link(car, child=child)
    link(man, other=hotel, relationship="lives_at")  # a second link between the same two

    network = user_network(analyst)

    assert network.kind(man.pk) == "person"
    assert network.kind(hotel.pk) == "place"
    assert network.kind(car.pk) == "vehicle"
    assert network.kind(child_node(child.pk)) == "child"
    assert network.graph.ecount() == 3  # repeated links count once
    assert connected_groups(network) == [
        sorted([man.pk, hotel.pk, car.pk, child_node(child.pk)], key=network.index.get)
    ]
    assert alone.pk in network.index  # a subject with no links is still a node
    path = shortest_link(network, hotel.pk, child_node(child.pk))
    assert [node for node, _ in path] == [hotel.pk, man.pk, car.pk, child_node(child.pk)]


def test_withdrawn_hidden_and_merged_links_are_left_out(police):
    analyst = analyst_of(police)
    other_agency = AgencyFactory(area=police.area, kind="social_care")
    man = PersonOfConcernFactory(source_agency=police)
    hotel = PlaceFactory(source_agency=police)
    withdrawn = link(man, other=hotel)
    services.withdraw_association(analyst, withdrawn, "Wrong hotel")
    # Another agency's entity and link, not shared with the police by any agreement.
    theirs = PlaceFactory(source_agency=other_agency)
    link(theirs, other=PlaceFactory(source_agency=other_agency))
    # The police's own link to an entity the analyst cannot see is left out too.
    link(man, other=theirs)
    # A merged record drops out with its links.
    merged = PersonOfConcernFactory(source_agency=police, merged_into=man)
    link(merged, other=hotel)

    network = user_network(analyst)

    assert theirs.pk not in network.index
    assert merged.pk not in network.index
    assert network.graph.ecount() == 0
    assert set(network.ids) == {man.pk, hotel.pk}


def test_a_role_without_intelligence_gets_an_empty_network(police):
    link(PersonOfConcernFactory(source_agency=police), child=ChildFactory(area=police.area))
    network = user_network(StaffUserFactory(role=Role.SYSTEM_ADMINISTRATOR, agency=police))
    assert network.graph.vcount() == 0


def test_the_area_network_ignores_who_holds_what_but_not_other_areas(police):
    other_agency = AgencyFactory(area=police.area, kind="social_care")
    a = link(PersonOfConcernFactory(source_agency=police), other=None,
             child=ChildFactory(area=police.area))  # fmt: skip
    b = link(
        PlaceFactory(source_agency=other_agency), other=PlaceFactory(source_agency=other_agency)
    )
    elsewhere = AgencyFactory(area=AreaFactory(name="Elsewhere", slug="elsewhere"), kind="police")
    link(
        PersonOfConcernFactory(source_agency=elsewhere), other=PlaceFactory(source_agency=elsewhere)
    )
    b.withdrawn_at = timezone.now()
    b.withdrawn_why = "Wrong"
    b.save()

    network = area_network(police.area_id)

    assert network.graph.vcount() == 4
    assert network.graph.ecount() == 1
    assert {a.entity_id, child_node(a.child_id)} <= set(network.ids)
