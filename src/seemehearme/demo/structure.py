"""The shape of the Northbridge Safeguarding Partnership: its agencies, teams, panel and the
information-sharing agreements between them.

Data, not code paths: the agreements are chosen so the access policy has something to show —
a core protocol most agencies share under, police intelligence and sexual health shared only
with children's social care, an agreement that has ended and one still in draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from seemehearme.areas.models import AgencyKind
from seemehearme.sharing.models import AgreementStatus, LawfulBasis

DEMO_AREA_NAME = "Northbridge Safeguarding Partnership"
DEMO_AREA_SLUG = "northbridge"

SOCIAL_CARE = "Northbridge Children's Social Care"
POLICE = "Northbridge Police"
HOSPITALS = "Northbridge Hospitals NHS Trust"
SEXUAL_HEALTH = "Northbridge Sexual Health Service"
YOUTH_JUSTICE = "Northbridge Youth Justice Service"
VOLUNTARY = "Safe Steps Northbridge"
HOUSING = "Northbridge Homes"
PRIMARY_SCHOOL = "Fairfield Primary School"
SECONDARY_SCHOOLS = (
    "Northbridge Academy",
    "St Aidan's Catholic High School",
    "Riverside Community School",
)
COLLEGE = "Northbridge College"
SCHOOLS = (PRIMARY_SCHOOL, *SECONDARY_SCHOOLS, COLLEGE)

# Teams that matter to the seeding (case work is allocated through them).
CHILD_EXPLOITATION_TEAM = "Child Exploitation Team"
CHILDREN_IN_CARE_TEAM = "Children in Care Team"
MASH = "Multi-Agency Safeguarding Hub"
INFORMATION_GOVERNANCE = "Information Governance"
POLICE_EXPLOITATION_UNIT = "Child Exploitation Unit"
POLICE_INTELLIGENCE_UNIT = "Intelligence Unit"
HOSPITAL_SAFEGUARDING = "Safeguarding Children Team"
CLINIC = "Young People's Clinic"
SCHOOL_SAFEGUARDING = "Safeguarding Team"
YOUTH_JUSTICE_TEAM = "Youth Justice Team"
OUTREACH = "Outreach Team"
HOUSING_TEAM = "Young People's Housing Team"

MACE_PANEL = "Northbridge MACE Panel"


@dataclass(frozen=True)
class AgencySpec:
    name: str
    kind: str
    teams: tuple[str, ...]
    # Who signs agreements for the agency.
    signatory_title: str
    # Whether its involvement with a child is itself sensitive (see Agency).
    involvement_is_sensitive: bool = False


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        SOCIAL_CARE,
        AgencyKind.SOCIAL_CARE,
        (CHILD_EXPLOITATION_TEAM, CHILDREN_IN_CARE_TEAM, MASH, INFORMATION_GOVERNANCE),
        "Director of Children's Services",
    ),
    AgencySpec(
        POLICE,
        AgencyKind.POLICE,
        (POLICE_EXPLOITATION_UNIT, "Missing Persons Unit", POLICE_INTELLIGENCE_UNIT),
        "Detective Superintendent, Head of Public Protection",
    ),
    AgencySpec(
        HOSPITALS,
        AgencyKind.HEALTH,
        (HOSPITAL_SAFEGUARDING, "Emergency Department"),
        "Chief Nurse and Caldicott Guardian",
    ),
    AgencySpec(
        SEXUAL_HEALTH,
        AgencyKind.HEALTH,
        (CLINIC,),
        "Clinical Director and Caldicott Guardian",
        involvement_is_sensitive=True,
    ),
    AgencySpec(PRIMARY_SCHOOL, AgencyKind.SCHOOL, (SCHOOL_SAFEGUARDING,), "Headteacher"),
    *(
        AgencySpec(name, AgencyKind.SCHOOL, (SCHOOL_SAFEGUARDING,), "Headteacher")
        for name in SECONDARY_SCHOOLS
    ),
    AgencySpec(COLLEGE, AgencyKind.SCHOOL, (SCHOOL_SAFEGUARDING,), "Principal"),
    AgencySpec(
        YOUTH_JUSTICE,
        AgencyKind.YOUTH_JUSTICE,
        (YOUTH_JUSTICE_TEAM,),
        "Head of Youth Justice Service",
    ),
    AgencySpec(VOLUNTARY, AgencyKind.VOLUNTARY, (OUTREACH,), "Chief Executive"),
    AgencySpec(HOUSING, AgencyKind.HOUSING, (HOUSING_TEAM,), "Director of Housing Services"),
)


@dataclass(frozen=True)
class AgreementSpec:
    """An information-sharing agreement. Dates are days from the reference date (negative is
    the past), so the demo stays current whenever it is created."""

    reference: str
    title: str
    parties: tuple[str, ...]
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    lawful_basis: str
    lawful_basis_notes: str
    status: str
    start_in_days: int
    review_in_days: int
    end_in_days: int | None = None
    # Parties that have signed (all of them unless listed).
    signed_by: tuple[str, ...] | None = None


_CORE_PARTIES = (SOCIAL_CARE, POLICE, HOSPITALS, SEXUAL_HEALTH, *SCHOOLS, YOUTH_JUSTICE, VOLUNTARY)

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        reference="ISA-NB-001",
        title="Northbridge child exploitation information-sharing protocol",
        parties=_CORE_PARTIES,
        categories=(
            "identity",
            "social-care",
            "education",
            "child-voice",
            "youth-justice",
            "voluntary-sector",
            "health",
        ),
        purposes=("safeguarding",),
        lawful_basis=LawfulBasis.DPA_SCH1_PARA18,
        lawful_basis_notes=(
            "Shared without consent where consent cannot be given, cannot reasonably be obtained "
            "or seeking it would put the child at greater risk. Each agency records its decision "
            "to share, and why, whether or not it shares."
        ),
        status=AgreementStatus.ACTIVE,
        start_in_days=-700,
        review_in_days=150,
    ),
    AgreementSpec(
        reference="ISA-NB-002",
        title="Police intelligence and incidents for children's social care",
        parties=(POLICE, SOCIAL_CARE),
        categories=("police-intelligence", "police-incidents"),
        purposes=("safeguarding", "disruption"),
        lawful_basis=LawfulBasis.DPA_SCH8_PARA4,
        lawful_basis_notes=(
            "Law-enforcement processing to safeguard children. Intelligence is shared with "
            "social care only, never onwards, and graded before it is shared."
        ),
        status=AgreementStatus.ACTIVE,
        start_in_days=-540,
        review_in_days=90,
    ),
    AgreementSpec(
        reference="ISA-NB-003",
        title="Sexual health information for children at risk of exploitation",
        parties=(SEXUAL_HEALTH, SOCIAL_CARE),
        categories=("sexual-health",),
        purposes=("safeguarding",),
        lawful_basis=LawfulBasis.DPA_SCH1_PARA18,
        lawful_basis_notes=(
            "Shared with children's social care only, where the clinician judges the child to be "
            "at risk of exploitation, with the Caldicott Guardian's approval and, wherever it is "
            "safe, with the child's knowledge."
        ),
        status=AgreementStatus.ACTIVE,
        start_in_days=-400,
        review_in_days=200,
    ),
    AgreementSpec(
        reference="ISA-NB-004",
        title="Homelessness and temporary accommodation notifications",
        parties=(HOUSING, SOCIAL_CARE, POLICE),
        categories=("housing", "identity"),
        purposes=("safeguarding",),
        lawful_basis=LawfulBasis.GDPR_6_1_E,
        lawful_basis_notes="Ended at review and awaiting a replacement agreement.",
        status=AgreementStatus.ENDED,
        start_in_days=-1460,
        review_in_days=-400,
        end_in_days=-180,
    ),
    AgreementSpec(
        reference="ISA-NB-005",
        title="Missing-episode notifications to schools",
        parties=(POLICE, *SCHOOLS),
        categories=("police-incidents",),
        purposes=("safeguarding",),
        lawful_basis=LawfulBasis.DPA_SCH8_PARA4,
        lawful_basis_notes=(
            "Proposed: police tell a child's designated safeguarding lead of a missing episode "
            "before the next school day. Not yet signed by every party."
        ),
        status=AgreementStatus.DRAFT,
        start_in_days=30,
        review_in_days=395,
        signed_by=(POLICE, PRIMARY_SCHOOL, SECONDARY_SCHOOLS[0]),
    ),
    AgreementSpec(
        reference="ISA-NB-006",
        title="Intelligence for the partnership's child exploitation problem profile",
        parties=(POLICE, SOCIAL_CARE),
        categories=("police-intelligence",),
        purposes=("problem-profiling",),
        lawful_basis=LawfulBasis.DPA_SCH8_PARA4,
        lawful_basis_notes=(
            "The intelligence each agency holds, for the police intelligence analysts' problem "
            "profile and for the data protection officer who checks what analysts are shown. "
            "Children appear by pseudonym only."
        ),
        status=AgreementStatus.ACTIVE,
        start_in_days=-365,
        review_in_days=120,
    ),
)
