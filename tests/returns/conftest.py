"""A partnership with a year of case work whose national return was worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seemehearme.areas.models import Role
from seemehearme.cases.models import CasePattern, ClosureReason, Review
from seemehearme.intelligence.models import Association
from tests.factories import (
    AgencyFactory,
    AreaFactory,
    CaseFactory,
    ChildFactory,
    ReferralFactory,
    StaffUserFactory,
    category,
    risk_level,
)
from tests.intelligence.factories import PersonOfConcernFactory, PlaceFactory

START, END = dt.date(2026, 4, 1), dt.date(2027, 3, 31)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def link(entity, child, reported_on=dt.date(2026, 6, 1), **extra) -> Association:
    return Association.objects.create(
        area=entity.area,
        entity=entity,
        child=child,
        relationship="associate",
        source_agency=entity.source_agency,
        category=category("police-intelligence"),
        reported_on=reported_on,
        source_evaluation="B",
        intelligence_assessment="2",
        handling_code="P",
        **extra,
    )


@pytest.fixture
def world(db):
    return world_create()


def world_create():
    """By hand: 7 children being exploited (6 girls aged 13 to 15 with category 3 cases, and a
    boy aged 16 whose category 2 case a review in the period raised to category 3), 8 at risk
    (7 girls with category 2 cases, one boy referred in the period); a case closed before the
    period and a child of another area are not counted. 6 hotels and 1 park linked to children;
    5 persons of concern (4 men aged 25 to 34, British; 1 of unknown age and nationality)."""
    area = AreaFactory(ons_code="E06000999", child_population=20000)
    police = AgencyFactory(area=area, kind="police", name="Testshire Police")
    coordinator = StaffUserFactory(role=Role.CSE_COORDINATOR, team__agency=police)
    children = []
    for n in range(6):
        child = ChildFactory(area=area, given_name=f"Exploited{n}")
        case = CaseFactory(
            child=child,
            opened_by=coordinator,
            risk_level=risk_level("category-3"),
            opened_at=at(dt.date(2026, 5, 1)),
        )
        CasePattern.objects.create(
            case=case, pattern_id=_pattern("boyfriend"), why="Synthetic", recorded_by=coordinator
        )
        children.append(child)
    boy = ChildFactory(
        area=area, given_name="Raised", gender="male", date_of_birth=dt.date(2010, 6, 1)
    )
    raised = CaseFactory(child=boy, opened_by=coordinator, opened_at=at(dt.date(2026, 4, 2)))
    Review.objects.create(
        case=raised,
        held_on=dt.date(2026, 7, 1),
        recorded_by=coordinator,
        engagement="some",
        risk_level_before=risk_level("category-2"),
        risk_level_after=risk_level("category-3"),
        child_says_things_are="worse",
        summary="Synthetic review.",
    )
    for n in range(7):
        child = ChildFactory(area=area, given_name=f"AtRisk{n}", ethnicity="asian")
        case = CaseFactory(child=child, opened_by=coordinator, opened_at=at(dt.date(2026, 9, 1)))
        if n < 2:
            case.status = "closed"
            case.closed_at = at(dt.date(2027, 1, 10))
            case.closed_by = coordinator
            case.closure_reason = ClosureReason.objects.get(code="risk-reduced")
            case.save()
    referred = ChildFactory(
        area=area,
        given_name="Referred",
        gender="male",
        ethnicity="black",
        date_of_birth=dt.date(2015, 1, 1),
    )
    ReferralFactory(child=referred, received_at=at(dt.date(2026, 10, 1)))
    old = ChildFactory(area=area, given_name="Before")
    CaseFactory(
        child=old,
        opened_by=coordinator,
        opened_at=at(dt.date(2025, 1, 1)),
        status="closed",
        closed_at=at(dt.date(2025, 6, 1)),
        closed_by=coordinator,
        closure_reason=ClosureReason.objects.get(code="risk-reduced"),
    )
    elsewhere = AreaFactory(slug="elsewhere", name="Elsewhere Partnership", ons_code="E06000998")
    CaseFactory(child=ChildFactory(area=elsewhere), opened_at=at(dt.date(2026, 5, 1)))
    for n in range(6):
        link(PlaceFactory(source_agency=police), children[n])
    link(PlaceFactory(source_agency=police, venue_type="park"), boy)
    for n in range(4):
        person = PersonOfConcernFactory(
            source_agency=police,
            gender="male",
            date_of_birth=dt.date(1996, 1, 1),
            ethnicity="white",
            nationality="British",
        )
        link(person, children[n])
    link(PersonOfConcernFactory(source_agency=police), boy)
    withdrawn = PersonOfConcernFactory(source_agency=police)
    link(
        withdrawn,
        boy,
        withdrawn_at=timezone.now(),
        withdrawn_by=coordinator,
        withdrawn_why="Wrong person.",
    )
    return area


def _pattern(code: str) -> int:
    from seemehearme.cases.models import AbusePattern

    pattern, _ = AbusePattern.objects.get_or_create(code=code, defaults={"name": "Boyfriend model"})
    return pattern.pk
