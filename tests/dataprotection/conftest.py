"""A small partnership for the data protection tests: a council and the police, a data
protection lead, and a practitioner who is a child's key worker."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from seemehearme.areas.models import Agency, AgencyKind, Role, StaffUser
from seemehearme.people.models import Child, RelationshipKind
from tests.factories import AgencyFactory, ChildFactory, StaffUserFactory, TeamFactory, relate


@dataclass
class Partnership:
    council: Agency
    police: Agency
    dpo: StaffUser
    worker: StaffUser
    child: Child


@pytest.fixture
def partnership() -> Partnership:
    council = AgencyFactory(name="Testshire Council", kind=AgencyKind.SOCIAL_CARE)
    police = AgencyFactory(area=council.area, name="Testshire Police", kind=AgencyKind.POLICE)
    dpo = StaffUserFactory(
        team=TeamFactory(agency=council),
        role=Role.DATA_PROTECTION_LEAD,
        first_name="Dana",
        last_name="Protector",
    )
    worker = StaffUserFactory(
        team=TeamFactory(agency=council), first_name="Kim", last_name="Worker"
    )
    child = ChildFactory(area=council.area, given_name="Maisie", family_name="Subjectson")
    relate(child, RelationshipKind.KEY_WORKER, user=worker)
    return Partnership(council, police, dpo, worker, child)
