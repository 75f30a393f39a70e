"""The featured child: one made-up girl whose record shows what each agency may and may not see.

Maisie Fernhollow, 14, is known to every agency. Her key worker is the social worker
``amara.social``; the police officer, her school's designated safeguarding lead, a hospital
nurse, a sexual health nurse and an outreach worker are on her case team, and she is listed at
the MACE panel. Police intelligence and sexual health reach social care only; the housing item
is shared with nobody because that agreement has ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seemehearme.areas.models import StaffUser
from seemehearme.people.models import (
    AgencyIdentifier,
    CareStatus,
    Child,
    Disability,
    Ethnicity,
    Gender,
    InformationItem,
    RelationshipKind,
    WorkingRelationship,
)

from . import structure as s
from .children import (
    CASE_NUMBER,
    NHS_NUMBER,
    POLICE_PERSON_ID,
    AreaDirectory,
    children_count,
)
from .identifiers import demo_case_number, demo_nhs_number, demo_police_person_id

FEATURED_GIVEN_NAME = "Maisie"
FEATURED_FAMILY_NAME = "Fernhollow"
FEATURED_AGE = 14
FEATURED_SCHOOL = s.SECONDARY_SCHOOLS[0]  # Northbridge Academy, where grace.school is the DSL


@dataclass(frozen=True)
class FeaturedItem:
    source: str  # an agency name
    category: str
    title: str
    detail: str
    days_ago: int
    recorded_by: str = ""


FEATURED_ITEMS: tuple[FeaturedItem, ...] = (
    FeaturedItem(
        s.HOUSING,
        "housing",
        "Family placed in temporary accommodation",
        "Maisie, her mother and younger brother placed in a bed-and-breakfast after an "
        "eviction; moved to a council flat after seven weeks.",
        210,
    ),
    FeaturedItem(
        s.SOCIAL_CARE,
        "social-care",
        "Referral from the school",
        "Designated safeguarding lead reported falling attendance and an older 'boyfriend'.",
        120,
    ),
    FeaturedItem(
        s.POLICE,
        "police-incidents",
        "Reported missing from home",
        "Reported missing by her mother at 22:40. Found the next morning at a flat on Foundry "
        "Lane with adults not known to the family. Return home interview offered.",
        64,
        "dan.police",
    ),
    FeaturedItem(
        s.POLICE,
        "police-intelligence",
        "Intelligence: seen getting into cars with adult men",
        "Graded B2. Seen on three evenings getting into a grey hatchback near Northbridge bus "
        "station; the driver is an adult under investigation.",
        48,
        "dan.police",
    ),
    FeaturedItem(
        s.HOSPITALS,
        "health",
        "Emergency department attendance: alcohol intoxication",
        "Brought in by ambulance from Riverside Park at 23:15. Discharged to her mother the next "
        "morning; safeguarding referral made.",
        41,
        "tom.nurse",
    ),
    FeaturedItem(
        s.POLICE,
        "police-incidents",
        "Reported missing from home",
        "Reported missing by her mother at 21:00. Found six hours later at Northbridge railway "
        "station. Return home interview completed.",
        35,
        "dan.police",
    ),
    FeaturedItem(
        s.SEXUAL_HEALTH,
        "sexual-health",
        "Attended the young people's clinic",
        "Attended with an older friend; advice and treatment given. The nurse was concerned "
        "about an older partner she would not name, and told her a referral would be made.",
        30,
        "nina.clinic",
    ),
    FeaturedItem(
        s.SOCIAL_CARE,
        "social-care",
        "Strategy discussion held",
        "Police, school, health and social care met; a section 47 enquiry was agreed.",
        28,
        "amara.social",
    ),
    FeaturedItem(
        FEATURED_SCHOOL,
        "education",
        "Attendance 71% this half-term",
        "Mostly afternoon absences; a new phone and expensive trainers noticed by her tutor.",
        25,
        "grace.school",
    ),
    FeaturedItem(
        s.SOCIAL_CARE,
        "social-care",
        "Child protection plan agreed",
        "Plan focuses on risks outside the home: a consistent key worker, safe transport and "
        "weekly outreach sessions.",
        21,
        "amara.social",
    ),
    FeaturedItem(
        s.POLICE,
        "police-intelligence",
        "Intelligence: phone number in an adult's contacts",
        "Graded B3. Her number was found in the phone of the same adult; a Child Abduction "
        "Warning Notice is being considered.",
        20,
        "dan.police",
    ),
    FeaturedItem(
        s.VOLUNTARY,
        "voluntary-sector",
        "Outreach sessions started",
        "Weekly sessions agreed with Maisie; she chose to meet at the youth centre.",
        18,
        "ben.outreach",
    ),
    FeaturedItem(
        FEATURED_SCHOOL,
        "education",
        "Collected from school by an unknown adult",
        "Staff saw her get into a grey hatchback driven by an adult man at the end of the day.",
        15,
        "grace.school",
    ),
)

# (username, kind, days ago it started)
FEATURED_RELATIONSHIPS: tuple[tuple[str, str, int], ...] = (
    ("amara.social", RelationshipKind.KEY_WORKER, 90),
    ("dan.police", RelationshipKind.CASE_TEAM, 60),
    ("grace.school", RelationshipKind.CASE_TEAM, 90),
    ("tom.nurse", RelationshipKind.CASE_TEAM, 40),
    ("nina.clinic", RelationshipKind.CASE_TEAM, 28),
    ("ben.outreach", RelationshipKind.CASE_TEAM, 18),
)


def featured_child_create(*, directory: AreaDirectory, as_of: dt.date) -> Child:
    """Create the featured child with her items, references and working relationships."""
    sequence = children_count(area=directory.area) + 1
    agencies = directory.agencies
    birthday = as_of.replace(year=as_of.year - FEATURED_AGE, day=min(as_of.day, 28))
    child = Child(
        area=directory.area,
        given_name=FEATURED_GIVEN_NAME,
        family_name=FEATURED_FAMILY_NAME,
        date_of_birth=birthday - dt.timedelta(days=100),
        gender=Gender.GIRL,
        ethnicity=Ethnicity.WHITE,
        address="Flat 7, Kestrel House, Foundry Lane, Northbridge",
        postcode="NB3 4QX",
        school=agencies[FEATURED_SCHOOL],
        care_status=CareStatus.CHILD_PROTECTION,
        disability=Disability.SEN_SUPPORT,
        first_language="English",
    )
    child.full_clean()
    child.save()
    AgencyIdentifier.objects.bulk_create(
        [
            AgencyIdentifier(
                child=child,
                agency=agencies[s.HOSPITALS],
                scheme=NHS_NUMBER,
                value=demo_nhs_number(sequence=sequence),
            ),
            AgencyIdentifier(
                child=child,
                agency=agencies[s.SOCIAL_CARE],
                scheme=CASE_NUMBER,
                value=demo_case_number(sequence=sequence),
            ),
            AgencyIdentifier(
                child=child,
                agency=agencies[s.POLICE],
                scheme=POLICE_PERSON_ID,
                value=demo_police_person_id(sequence=sequence),
            ),
        ]
    )
    staff = {
        user.username: user
        for user in StaffUser.objects.filter(
            username__in=[u for u, _, _ in FEATURED_RELATIONSHIPS]
            + [i.recorded_by for i in FEATURED_ITEMS if i.recorded_by]
        )
    }
    InformationItem.objects.bulk_create(
        [
            InformationItem(
                child=child,
                source_agency=agencies[item.source],
                category=directory.categories[item.category],
                title=item.title,
                detail=item.detail,
                occurred_on=as_of - dt.timedelta(days=item.days_ago),
                recorded_by=staff.get(item.recorded_by),
            )
            for item in FEATURED_ITEMS
        ]
    )
    day = dt.timedelta(days=1)
    relationships = [
        # The front door held the referral until the case was allocated.
        WorkingRelationship(
            child=child,
            kind=RelationshipKind.REFERRAL_HOLDER,
            team=directory.teams[(s.SOCIAL_CARE, s.MASH)],
            started_on=as_of - 120 * day,
            ended_on=as_of - 90 * day,
            reason="Referral screened and passed to the Child Exploitation Team",
        ),
        WorkingRelationship(
            child=child,
            kind=RelationshipKind.REFERRAL_HOLDER,
            team=directory.teams[(s.SOCIAL_CARE, s.CHILD_EXPLOITATION_TEAM)],
            started_on=as_of - 90 * day,
            reason="Open case",
        ),
        WorkingRelationship(
            child=child,
            kind=RelationshipKind.PANEL,
            panel=directory.panel,
            started_on=as_of - 14 * day,
            reason="Listed: missing episodes continuing despite the plan",
        ),
    ]
    relationships += [
        WorkingRelationship(
            child=child,
            kind=kind,
            user=staff[username],
            started_on=as_of - days * day,
            reason="Key worker" if kind == RelationshipKind.KEY_WORKER else "Case team",
        )
        for username, kind, days in FEATURED_RELATIONSHIPS
    ]
    WorkingRelationship.objects.bulk_create(relationships)
    return child


def featured_child_get() -> Child | None:
    return (
        Child.objects.filter(
            area__slug=s.DEMO_AREA_SLUG,
            given_name=FEATURED_GIVEN_NAME,
            family_name=FEATURED_FAMILY_NAME,
        )
        .order_by("pk")
        .first()
    )
