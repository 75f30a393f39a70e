"""A small synthetic partnership for identity resolution: three agencies and a triage team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.test import override_settings

from seemehearme.areas.models import Agency, AgencyKind, Area, Role, StaffUser, Team
from seemehearme.identity.linking import link_persons
from seemehearme.identity.models import AgencyPerson, CandidateStatus, LinkCandidate
from tests.factories import AgencyFactory, AreaFactory, StaffUserFactory, TeamFactory
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory

BORN = dt.date(2011, 5, 17)
# Make pairs land between the thresholds, so tests can put one to review without hunting for
# details that score exactly so.
REVIEW_EVERYTHING = {
    "SMH_IDENTITY_MATCH_THRESHOLD": 0.9999999,
    "SMH_IDENTITY_REVIEW_THRESHOLD": 0.01,
}


@dataclass
class Place:
    area: Area
    police: Agency
    health: Agency
    school: Agency
    social_care: Agency
    triage: Team
    reviewer: StaffUser
    sweeps: list[set[int]] = field(default_factory=list)

    def person(self, agency: Agency | None = None, **details) -> AgencyPerson:
        """An agency's record of a child: Jordan Testchild, born 17 May 2011, unless told."""
        values = {
            "given_name": "Jordan",
            "family_name": "Testchild",
            "date_of_birth": BORN,
            "gender": "female",
            "postcode": "ZZ1 1AA",
            **details,
        }
        return AgencyPersonFactory(agency=agency or self.police, **values)

    def events(self, person: AgencyPerson, count: int = 2) -> None:
        for _ in range(count):
            AgencyEventFactory(person=person, child=person.child)


@pytest.fixture
def place(db, monkeypatch) -> Place:
    area = AreaFactory()
    social_care = AgencyFactory(
        area=area, name="Testshire Children's Services", kind=AgencyKind.SOCIAL_CARE
    )
    triage = TeamFactory(agency=social_care, name="Exploitation triage")
    area.triage_team = triage
    area.save()
    made = Place(
        area=area,
        police=AgencyFactory(area=area, name="Testshire Police", kind=AgencyKind.POLICE),
        health=AgencyFactory(area=area, name="Testshire Hospital", kind=AgencyKind.HEALTH),
        school=AgencyFactory(area=area, name="Testshire Academy", kind=AgencyKind.SCHOOL),
        social_care=social_care,
        triage=triage,
        reviewer=StaffUserFactory(team=triage, role=Role.CSE_COORDINATOR),
    )

    def sweep_spy(*, area, child_ids=None, **kwargs):
        made.sweeps.append(set(child_ids or ()))
        return real_sweep(area=area, child_ids=child_ids, **kwargs)

    from seemehearme.earlywarning import sweep as sweep_module

    real_sweep = sweep_module.sweep
    monkeypatch.setattr(sweep_module, "sweep", sweep_spy)
    return made


def fresh(*persons: AgencyPerson) -> list[AgencyPerson]:
    return [AgencyPerson.objects.get(pk=person.pk) for person in persons]


@pytest.fixture
def pair(place):
    """Two records of one child that a run could not be sure about: two children and a
    pending candidate, each record with events and an NHS number identifier."""
    with override_settings(**REVIEW_EVERYTHING):
        first = place.person(place.school, nhs_number="")
        second = place.person(
            place.health,
            given_name="Jordon",
            nhs_number="9990000018",
            postcode="",
            date_of_birth=dt.date(2012, 5, 17),
        )
        link_persons(area=place.area)
    first, second = fresh(first, second)
    place.events(first, 2)
    place.events(second, 3)
    return first, second, LinkCandidate.objects.get(status=CandidateStatus.PENDING)
