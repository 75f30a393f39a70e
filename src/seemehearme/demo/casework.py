"""What agencies know about the synthetic children, and how involved the partnership is.

Every phrase here is invented, plausible and deliberately non-graphic: enough for a demo to show
warning signs arriving from different agencies, never a description of abuse.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from seemehearme.people.models import CareStatus, Gender

from .places import LANDMARKS


@dataclass(frozen=True)
class Involvement:
    """How far the partnership is involved with a child: sets how much is known and who works
    with them."""

    code: str
    weight: float
    items: tuple[int, int]  # fewest and most information items
    recent_days: int  # items fall within this many days before the reference date
    case_team_chance: float  # chance each agency holding items puts someone on the case team
    any_items: float = 1.0  # chance anything is recorded at all


KNOWN, EMERGING, MODERATE, HIGH = "known", "emerging", "moderate", "high"

INVOLVEMENT: tuple[Involvement, ...] = (
    Involvement(KNOWN, 58, (1, 2), 540, 0.0, any_items=0.2),
    Involvement(EMERGING, 27, (1, 3), 365, 0.0),
    Involvement(MODERATE, 11, (3, 7), 365, 0.5),
    Involvement(HIGH, 4, (6, 14), 270, 0.9),
)

# Where an item comes from: a role in the area, resolved to an agency when seeding ("school" is
# the child's own school).
SOCIAL_CARE, POLICE, HOSPITAL, SEXUAL_HEALTH = "social_care", "police", "hospital", "sexual_health"
SCHOOL, YOUTH_JUSTICE, VOLUNTARY, HOUSING = "school", "youth_justice", "voluntary", "housing"


@dataclass(frozen=True)
class ItemTemplate:
    title: str
    detail: str
    min_age: int = 0
    looked_after_only: bool = False


@dataclass(frozen=True)
class ItemGroup:
    source: str
    category: str
    # Weight for each involvement level, in the order of INVOLVEMENT.
    weights: tuple[float, float, float, float]
    templates: tuple[ItemTemplate, ...]


CHILD_VOICE = (
    "I just want people to stop asking me where I've been.",
    "They're my friends. They look after me.",
    "School is the only place I feel normal.",
    "I don't want anyone getting into trouble because of me.",
    "I want to keep the same social worker. I'm sick of telling my story again.",
    "Nobody listens until something bad happens.",
    "I feel safer when I know what's going to happen next.",
    "I want to go back to football.",
    "My phone is the only way my mates can reach me. Please don't take it.",
    "I liked it when we went for food and just talked.",
    "I'm not a kid. I can look after myself.",
    "Mum worries too much. I'm fine.",
)

ITEM_GROUPS: tuple[ItemGroup, ...] = (
    ItemGroup(
        POLICE,
        "police-incidents",
        (30, 20, 18, 16),
        (
            ItemTemplate(
                "Reported missing from {missing_from}",
                "Reported missing by {reporter} at {time}. Found {hours} hours later at {place}. "
                "Return home interview offered.",
            ),
            ItemTemplate(
                "Found in the company of older adults",
                "Officers found {them} at {place} at {time} with adults not known to the family. "
                "Taken home; nothing disclosed.",
            ),
            ItemTemplate(
                "Passenger in a stopped vehicle",
                "Vehicle stopped near {place}. The adult driver gave no good reason for carrying "
                "{them}. Details passed to the Child Exploitation Unit.",
            ),
            ItemTemplate(
                "Arrested for shoplifting",
                "Arrested with an older young person at {place}; said {they} had been told to "
                "take the goods. Referred to the youth justice service.",
                min_age=10,
            ),
        ),
    ),
    ItemGroup(
        POLICE,
        "police-intelligence",
        (0, 3, 8, 12),
        (
            ItemTemplate(
                "Intelligence: seen getting into cars with adult men",
                "Graded B2. Seen on several evenings getting into different cars near {place}.",
            ),
            ItemTemplate(
                "Intelligence: phone number in an adult's contacts",
                "Graded B3. The child's phone number was found in the phone of an adult under "
                "investigation for child exploitation offences.",
            ),
            ItemTemplate(
                "Intelligence: visits an address of concern",
                "Graded C3. Said to visit a flat near {place} where adults give young people "
                "alcohol.",
            ),
            ItemTemplate(
                "Intelligence: part of a peer group of concern",
                "Graded B2. Named as one of a group of young people seen with older males at "
                "{place}.",
            ),
        ),
    ),
    ItemGroup(
        HOSPITAL,
        "health",
        (10, 10, 10, 10),
        (
            ItemTemplate(
                "Emergency department attendance: alcohol intoxication",
                "Brought in by ambulance from {place} at {time}. Discharged to {reporter} the "
                "next morning; safeguarding referral made.",
            ),
            ItemTemplate(
                "Emergency department attendance: minor injury",
                "Bruising to the arm; the explanation changed during the visit. Seen by the "
                "safeguarding nurse.",
            ),
            ItemTemplate(
                "Referred to the children's mental health service",
                "Referred after an emergency department visit for low mood and poor sleep.",
            ),
            ItemTemplate(
                "Self-harm disclosed at a health appointment",
                "Seen by the liaison team; a safety plan was agreed with {them}.",
                min_age=11,
            ),
        ),
    ),
    ItemGroup(
        SEXUAL_HEALTH,
        "sexual-health",
        (0, 3, 6, 8),
        (
            ItemTemplate(
                "Attended the young people's clinic",
                "Attended alone; advice and treatment given. The clinician was concerned about "
                "an older partner {they} would not name.",
                min_age=13,
            ),
            ItemTemplate(
                "Repeat attendance at the young people's clinic",
                "Third visit in six months. Safeguarding discussion held with the clinic's "
                "named nurse.",
                min_age=13,
            ),
            ItemTemplate(
                "Emergency contraception requested",
                "Assessed under the Fraser guidelines; safeguarding referral made.",
                min_age=13,
            ),
        ),
    ),
    ItemGroup(
        SCHOOL,
        "education",
        (45, 25, 16, 12),
        (
            ItemTemplate(
                "Attendance below 90% this half-term",
                "Attendance {percent}% this half-term, mostly afternoon absences.",
            ),
            ItemTemplate(
                "Suspended for two days",
                "Fixed-term suspension after a fight; reintegration meeting held with {reporter}.",
            ),
            ItemTemplate(
                "Change in behaviour noticed by form tutor",
                "Withdrawn in lessons, a new phone and expensive clothes, falling asleep in class.",
            ),
            ItemTemplate(
                "Collected from school by an unknown adult",
                "Staff saw {them} get into a car driven by an adult man at the end of the day.",
            ),
            ItemTemplate(
                "Concern about online contact",
                "Friends told staff that an adult has been messaging {them} on social media.",
            ),
        ),
    ),
    ItemGroup(
        SOCIAL_CARE,
        "social-care",
        (5, 15, 14, 12),
        (
            ItemTemplate(
                "Child and family assessment completed",
                "Assessment completed; concerns about exploitation outside the home.",
            ),
            ItemTemplate(
                "Strategy discussion held",
                "Multi-agency strategy discussion; a section 47 enquiry was agreed.",
            ),
            ItemTemplate(
                "Return home interview completed",
                "Completed by an independent worker; {they} would not say where {they} had been.",
            ),
            ItemTemplate(
                "Placement move",
                "Moved to a new placement after repeated missing episodes.",
                looked_after_only=True,
            ),
        ),
    ),
    ItemGroup(
        SOCIAL_CARE,
        "child-voice",
        (0, 6, 8, 8),
        (ItemTemplate("In {their} own words", "{quote}"),),
    ),
    ItemGroup(
        VOLUNTARY,
        "child-voice",
        (0, 2, 4, 5),
        (ItemTemplate("In {their} own words", "{quote}"),),
    ),
    ItemGroup(
        VOLUNTARY,
        "voluntary-sector",
        (5, 6, 7, 8),
        (
            ItemTemplate(
                "Outreach sessions started",
                "Weekly sessions agreed with {them}; the first was at the youth centre.",
            ),
            ItemTemplate(
                "Online safety concern",
                "Showed the worker messages from an unknown adult offering gifts and asking to "
                "meet.",
            ),
            ItemTemplate(
                "Missed two outreach sessions",
                "Not at home for planned sessions; {reporter} unsure of whereabouts in the "
                "evenings.",
            ),
        ),
    ),
    ItemGroup(
        YOUTH_JUSTICE,
        "youth-justice",
        (3, 4, 5, 6),
        (
            ItemTemplate(
                "Youth justice assessment completed",
                "Under pressure from older young people to carry and sell drugs.",
                min_age=10,
            ),
            ItemTemplate(
                "Referral order made",
                "Twelve-month referral order; the panel noted signs of exploitation.",
                min_age=10,
            ),
            ItemTemplate(
                "Youth caution",
                "Youth caution for possession of cannabis; referred for support.",
                min_age=10,
            ),
        ),
    ),
    ItemGroup(
        HOUSING,
        "housing",
        (2, 3, 3, 3),
        (
            ItemTemplate(
                "Family placed in temporary accommodation",
                "Placed in bed-and-breakfast accommodation after an eviction.",
            ),
            ItemTemplate(
                "Presented as homeless",
                "Presented as homeless after a family breakdown; joint assessment with "
                "children's social care requested.",
                min_age=16,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ItemDraft:
    source: str
    category: str
    title: str
    detail: str
    occurred_on: dt.date


@dataclass(frozen=True)
class Pronouns:
    they: str
    them: str
    their: str


PRONOUNS: dict[str, Pronouns] = {
    Gender.GIRL: Pronouns("she", "her", "her"),
    Gender.BOY: Pronouns("he", "him", "his"),
}
NEUTRAL = Pronouns("they", "them", "their")


_EVENING_HOURS = (19, 20, 21, 22, 23, 0, 1)


def _reporter(*, rng: random.Random, care_status: str, their: str) -> str:
    if care_status == CareStatus.LOOKED_AFTER:
        return rng.choice([f"{their} foster carer", f"staff at {their} children's home"])
    return f"{their} {rng.choice(['mother', 'mother', 'father', 'grandmother', 'aunt'])}"


def items_draw(
    *,
    rng: random.Random,
    involvement: Involvement,
    level: int,
    age: int,
    gender: str,
    care_status: str,
    has_school: bool,
    as_of: dt.date,
) -> list[ItemDraft]:
    """What agencies have recorded about one child, oldest first."""
    if rng.random() >= involvement.any_items:
        return []
    low, high = involvement.items
    count = rng.randint(low, high)
    looked_after = care_status == CareStatus.LOOKED_AFTER
    groups = [g for g in ITEM_GROUPS if has_school or g.source != SCHOOL]
    weights = [g.weights[level] for g in groups]
    pronouns = PRONOUNS.get(gender, NEUTRAL)
    drafts = []
    for _ in range(count):
        group = rng.choices(groups, weights)[0]
        fitting = [
            t
            for t in group.templates
            if t.min_age <= age and (looked_after or not t.looked_after_only)
        ]
        if not fitting:
            continue
        template = rng.choice(fitting)
        words = {
            "they": pronouns.they,
            "them": pronouns.them,
            "their": pronouns.their,
            "reporter": _reporter(rng=rng, care_status=care_status, their=pronouns.their),
            "missing_from": "care" if looked_after else "home",
            "place": rng.choice(LANDMARKS),
            "time": f"{rng.choice(_EVENING_HOURS):02d}:{rng.choice([0, 15, 30, 45]):02d}",
            "hours": rng.randint(3, 30),
            "percent": rng.randint(58, 89),
            "quote": rng.choice(CHILD_VOICE),
        }
        drafts.append(
            ItemDraft(
                source=group.source,
                category=group.category,
                title=template.title.format(**words),
                detail=template.detail.format(**words),
                occurred_on=as_of - dt.timedelta(days=rng.randint(1, involvement.recent_days)),
            )
        )
    drafts.sort(key=lambda draft: draft.occurred_on)
    return drafts
