"""Factories for intelligence: entities and graded associations, all synthetic."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from seemehearme.intelligence.models import (
    Association,
    Group,
    OnlineAccount,
    PersonOfConcern,
    Phone,
    Place,
    Vehicle,
)
from tests.factories import AgencyFactory, StaffUserFactory, category


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    source_agency = factory.SubFactory(AgencyFactory)
    area = factory.LazyAttribute(lambda entity: entity.source_agency.area)
    category = factory.LazyFunction(lambda: category("police-intelligence"))
    recorded_by = factory.SubFactory(StaffUserFactory)


class PersonOfConcernFactory(EntityFactory):
    class Meta:
        model = PersonOfConcern

    given_name = "Testman"
    family_name = factory.Sequence(lambda n: f"Exampleton{n}")


class GroupFactory(EntityFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Test group {n}")


class PlaceFactory(EntityFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Test Hotel {n}")
    venue_type = "hotel"
    postcode = "NB1 1AA"


class VehicleFactory(EntityFactory):
    class Meta:
        model = Vehicle

    registration = factory.Sequence(lambda n: f"TE{n:02d} STX")


class PhoneFactory(EntityFactory):
    class Meta:
        model = Phone

    number = factory.Sequence(lambda n: f"07700 900{n:03d}")


class OnlineAccountFactory(EntityFactory):
    class Meta:
        model = OnlineAccount

    platform = "snapchat"
    handle = factory.Sequence(lambda n: f"test_handle_{n}")


class AssociationFactory(factory.django.DjangoModelFactory):
    """An association between two entities of the same agency; pass ``child=`` and
    ``other=None`` for one with a child."""

    class Meta:
        model = Association

    entity = factory.SubFactory(PersonOfConcernFactory)
    other = factory.SubFactory(
        PlaceFactory, source_agency=factory.SelfAttribute("..entity.source_agency")
    )
    area = factory.LazyAttribute(lambda a: a.entity.area)
    source_agency = factory.LazyAttribute(lambda a: a.entity.source_agency)
    category = factory.LazyFunction(lambda: category("police-intelligence"))
    relationship = "seen_at"
    reported_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    source_evaluation = "1"
    intelligence_assessment = "B"
    handling_code = "P"
    recorded_by = factory.SubFactory(StaffUserFactory)
