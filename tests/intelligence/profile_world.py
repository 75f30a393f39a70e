"""A small partnership with known figures for the places page and the problem profile.

The period is 1 September to 30 November 2026 (91 days); the one before is 2 June to
31 August 2026. Counted by hand:

- cases open in the period: Zebedee's (opened 10 September, pattern: party), Ysolde's (opened
  in May, no pattern) and Xavier's (opened in July, closed 15 October; party and online);
  Wilf's case closed in August and is not counted. Opened in the period: 1; closed: 1; open at
  the end: 2.
- victims: 3 children (girls 2, boys 1; 13 to 15: 2, 16 to 17: 1; looked after: 1).
- The Test Hotel (hotel, NB1) linked to 4 children in the period (Zebedee, Ysolde, Xavier and
  Vera, who has no case); Quiet Park (park, NB2) to Zebedee. A withdrawn link to the hotel is
  not counted, nor one from July (the period before).
- Persons of concern: Testman Suspectson (suspect, male, born 1990) seen at the hotel; Testman
  Facilitatorson (facilitator, no date of birth) a member of the Test Gang and seen with
  Zebedee. The Test Gang is linked to Xavier. Gang-associated: 1 girl (Zebedee), 1 boy.
- Associations in the period: 7 with children, 2 between entities: 9.
- Agency events in the period: 3 (one with no postcode, two in NB1); 1 in the period before.
- Disruption: taxi licensing (done) and a CAWN (not started), both agreed in October.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seemehearme.areas.models import Role, StaffUser
from seemehearme.cases.models import AbusePattern, CasePattern, ClosureReason
from seemehearme.intelligence.models import Group, PersonOfConcern, Place
from seemehearme.people.models import Child
from seemehearme.plans.models import DisruptionTactic
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    CaseFactory,
    ChildFactory,
    PlanActionFactory,
    PlanFactory,
    StaffUserFactory,
)
from tests.feeds.factories import AgencyEventFactory, AgencyPersonFactory
from tests.intelligence.factories import (
    AssociationFactory,
    GroupFactory,
    PersonOfConcernFactory,
    PlaceFactory,
)

START = dt.date(2026, 9, 1)
END = dt.date(2026, 11, 30)
CHILD_NAMES = ["Zebedee", "Quillfeather", "Ysolde", "Xavier", "Vera", "Wilf"]


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@dataclass
class World:
    analyst: StaffUser
    hotel: Place
    park: Place
    suspect: PersonOfConcern
    facilitator: PersonOfConcern
    gang: Group
    zebedee: Child


def world_build() -> World:
    area = AreaFactory()
    police = AgencyFactory(area=area, kind="police", name="Testshire Police")
    analyst = StaffUserFactory(role=Role.INTELLIGENCE_ANALYST, agency=police)
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, agency=police)

    def child(given: str, gender: str, born: dt.date, **more) -> Child:
        return ChildFactory(
            area=area,
            given_name=given,
            family_name="Quillfeather",
            gender=gender,
            date_of_birth=born,
            **more,
        )

    zebedee = child("Zebedee", "female", dt.date(2011, 5, 17), care_status="looked_after")
    ysolde = child("Ysolde", "female", dt.date(2009, 1, 1))
    xavier = child("Xavier", "male", dt.date(2012, 6, 1))
    vera = child("Vera", "female", dt.date(2010, 3, 3))
    wilf = child("Wilf", "male", dt.date(2010, 3, 3))

    closure = ClosureReason.objects.first()
    party = AbusePattern.objects.get(code="party")
    online = AbusePattern.objects.get(code="online")
    zebedee_case = CaseFactory(
        child=zebedee, opened_by=coordinator, opened_at=at(dt.date(2026, 9, 10))
    )
    CaseFactory(child=ysolde, opened_by=coordinator, opened_at=at(dt.date(2026, 5, 1)))
    xavier_case = CaseFactory(
        child=xavier,
        opened_by=coordinator,
        opened_at=at(dt.date(2026, 7, 1)),
        status="closed",
        closed_at=at(dt.date(2026, 10, 15)),
        closure_reason=closure,
    )
    CaseFactory(
        child=wilf,
        opened_by=coordinator,
        opened_at=at(dt.date(2026, 1, 1)),
        status="closed",
        closed_at=at(dt.date(2026, 8, 1)),
        closure_reason=closure,
    )
    for case, pattern in [(zebedee_case, party), (xavier_case, party), (xavier_case, online)]:
        CasePattern.objects.create(
            case=case, pattern=pattern, why="Synthetic.", recorded_by=coordinator
        )

    made = {"source_agency": police, "recorded_by": analyst}
    hotel = PlaceFactory(name="The Test Hotel", venue_type="hotel", postcode="NB1 1AA", **made)
    park = PlaceFactory(name="Quiet Park", venue_type="park", postcode="nb2 9zz", **made)
    suspect = PersonOfConcernFactory(
        given_name="Testman",
        family_name="Suspectson",
        gender="male",
        ethnicity="asian",
        nationality="British",
        date_of_birth=dt.date(1990, 1, 1),
        concern="suspect",
        **made,
    )
    facilitator = PersonOfConcernFactory(
        given_name="Testman", family_name="Facilitatorson", concern="facilitator", **made
    )
    gang = GroupFactory(name="Test Gang", group_kind="gang", **made)
    gang.patterns.add(AbusePattern.objects.get(code="gang-associated"))

    on = dt.date(2026, 10, 5)
    link = {"source_agency": police, "recorded_by": analyst, "reported_on": on}
    for linked in (zebedee, ysolde, xavier, vera):
        AssociationFactory(entity=hotel, other=None, child=linked, **link)
    AssociationFactory(entity=park, other=None, child=zebedee, **link)
    AssociationFactory(
        entity=facilitator, other=None, child=zebedee, relationship="seen_with", **link
    )
    AssociationFactory(entity=gang, other=None, child=xavier, relationship="associate", **link)
    AssociationFactory(entity=suspect, other=hotel, relationship="seen_at", **link)
    AssociationFactory(entity=facilitator, other=gang, relationship="member", **link)
    AssociationFactory(
        entity=hotel,
        other=None,
        child=wilf,
        withdrawn_at=at(on),
        withdrawn_why="Wrong child.",
        **link,
    )
    AssociationFactory(
        entity=hotel,
        other=None,
        child=wilf,
        source_agency=police,
        recorded_by=analyst,
        reported_on=dt.date(2026, 7, 20),
    )

    person = AgencyPersonFactory(agency=police, child=zebedee)
    for day, postcode in [
        (dt.date(2026, 9, 5), ""),
        (dt.date(2026, 10, 6), "NB1 1AA"),
        (dt.date(2026, 11, 7), "nb1 2bb"),
        (dt.date(2026, 8, 8), "NB1 1AA"),
    ]:
        AgencyEventFactory(person=person, occurred_on=day, postcode=postcode)

    plan = PlanFactory(case=zebedee_case, created_by=coordinator)
    for code, status in [("taxi-licensing", "done"), ("cawn", "not_started")]:
        PlanActionFactory(
            plan=plan,
            owner=coordinator,
            status=status,
            disruption_tactic=DisruptionTactic.objects.get(code=code),
            disruption_target="The Test Hotel",
            created_at=at(dt.date(2026, 10, 20)),
        )
    return World(analyst, hotel, park, suspect, facilitator, gang, zebedee)
