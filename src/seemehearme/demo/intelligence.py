"""The demo area's intelligence picture: three groups, the adults around them, the places,
car, phones and accounts they use, and the children they are linked to.

- The **Hallam Road group**: adult men around the Hallam Grill takeaway, where Jayden Mensah
  was found in the flat above with Lee Carver (as the police feed has it). Ricky Dunmere, the
  older "boyfriend" in Maisie's case, drives the silver hatchback seen with several children.
- The **Wharfside Crew**: a gang of older teenagers and young adults on the canal side.
- The **Model scout network**: an online network contacting girls through fake "model scout"
  accounts.

Children are linked to two groups where the stories cross (Maisie: the Hallam Road group and the
online network; Jayden: the Hallam Road group and the gang; Chloe Whitmore: the online network
and the gang); the Northbank Lodge Hotel, the takeaway and the car recur across children. The
children are the featured child, the children of the demo feeds and the children of the demo's
referrals, so the picture joins up with their case work; in a smaller area any that are missing
are replaced by the first other children of the area.

Most of it is held by Northbridge Police (recorded by ``leah.analyst`` and ``dan.police``); a
house noted by the social worker ``amara.social`` is held by children's social care, so what
each user sees follows the agreements (ISA-NB-002 for disruption, ISA-NB-006 for problem
profiling). Everything goes through ``intelligence.services``, so the policy is checked as for
anyone recording intelligence. Fixed data, dated relative to ``as_of``: the same on every build.

Every person, place, number plate, phone number and account here is made up. The registration
``NB00IQX`` cannot be real (no plate has the age identifier 00, or I or Q in its last three
letters); the phone numbers are in Ofcom's range kept for drama (07700 900000 to 900999); the
handles end in ``.demo``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seemehearme.areas.models import Area, StaffUser
from seemehearme.cases.models import AbusePattern, Referral
from seemehearme.feeds.models import AgencyEvent
from seemehearme.intelligence.adults import adults_from_events
from seemehearme.intelligence.models import (
    Association,
    Concern,
    Entity,
    EntityKind,
    Group,
    GroupKind,
    PersonOfConcern,
    Platform,
    Relationship,
    VenueType,
)
from seemehearme.intelligence.services import (
    record_association,
    record_entity,
    withdraw_association,
)
from seemehearme.people.models import Child, Ethnicity, Gender

from . import episodes as ep
from .featured import FEATURED_FAMILY_NAME, FEATURED_GIVEN_NAME

ANALYST = "leah.analyst"  # police: most of the picture
OFFICER = "dan.police"  # police: what officers saw
SOCIAL_WORKER = "amara.social"  # children's social care: a house she noted

# --- Persons of concern ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    key: str
    given_name: str
    family_name: str
    aliases: str
    # Age in years and days past that birthday on ``as_of``; None if the date of birth is not known.
    age: tuple[int, int] | None
    gender: str
    ethnicity: str
    nationality: str  # blank: not known
    concern: str


M, F = Gender.BOY, Gender.GIRL

PERSONS: tuple[PersonSpec, ...] = (
    # The Hallam Road group. Lee Carver's date of birth is the police feed's.
    PersonSpec(
        "lee", "Lee", "Carver", "", (28, 140), M, Ethnicity.WHITE, "British", Concern.SUSPECT
    ),
    PersonSpec(
        "ricky", "Ricky", "Dunmere", "Rix", (23, 51), M, Ethnicity.WHITE, "British", Concern.SUSPECT
    ),
    PersonSpec(
        "tariq", "Tariq", "Rahman", "", (36, 210), M, Ethnicity.ASIAN, "British", Concern.SUSPECT
    ),
    PersonSpec(
        "dariusz",
        "Dariusz",
        "Wrona",
        "",
        (44, 17),
        M,
        Ethnicity.WHITE,
        "Polish",
        Concern.FACILITATOR,
    ),
    PersonSpec("stevie", "", "", "Stevie", None, M, Ethnicity.NOT_KNOWN, "", Concern.ASSOCIATE),
    # The Wharfside Crew.
    PersonSpec(
        "kai", "Kai", "Okafor", "K-Dot", (19, 300), M, Ethnicity.BLACK, "British", Concern.SUSPECT
    ),
    PersonSpec(
        "connor", "Connor", "Rafferty", "", (18, 95), M, Ethnicity.WHITE, "Irish", Concern.SUSPECT
    ),
    PersonSpec(
        "jordan", "Jordan", "Pryce", "", (20, 160), M, Ethnicity.MIXED, "British", Concern.ASSOCIATE
    ),
    PersonSpec(
        "demi", "Demi", "Castell", "", (19, 12), F, Ethnicity.WHITE, "British", Concern.FACILITATOR
    ),
    PersonSpec("mo", "", "", "Mo, Little Mo", None, M, Ethnicity.ASIAN, "", Concern.ASSOCIATE),
    # The Model scout network.
    PersonSpec(
        "adrian",
        "Adrian",
        "Petrescu",
        "",
        (37, 222),
        M,
        Ethnicity.WHITE,
        "Romanian",
        Concern.SUSPECT,
    ),
    PersonSpec(
        "nathan",
        "Nathan",
        "Greaves",
        "",
        (29, 80),
        M,
        Ethnicity.NOT_KNOWN,
        "British",
        Concern.SUSPECT,
    ),
    PersonSpec("bex", "", "", "Bex", None, F, Ethnicity.NOT_KNOWN, "", Concern.FACILITATOR),
)

# --- Groups, places and objects ---------------------------------------------------------------

# key -> (name, kind of group, pattern codes from the seeded patterns of abuse)
GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "hallam": ("Hallam Road group", GroupKind.GROUP, ("organised-networked", "party", "boyfriend")),
    "crew": ("Wharfside Crew", GroupKind.GANG, ("gang-associated", "peer-on-peer")),
    "scouts": ("Model scout network", GroupKind.ONLINE, ("online", "organised-networked")),
}

# key -> (name, venue type, address, postcode, who records it)
PLACES: dict[str, tuple[str, str, str, str, str]] = {
    "hotel": (
        "Northbank Lodge Hotel",
        VenueType.HOTEL,
        "112 Northbank Road, Northbridge",
        "NB1 4TD",
        ANALYST,
    ),
    "takeaway": (
        "Hallam Grill",
        VenueType.TAKEAWAY,
        "14 Hallam Road, Northbridge",
        "NB7 2HX",
        ANALYST,
    ),
    "bus": (
        "Northbridge bus station",
        VenueType.TRANSPORT,
        "Station Approach, Northbridge",
        "NB1 1BS",
        ANALYST,
    ),
    "towpath": (
        "Canal towpath by Wharfside",
        VenueType.PARK,
        "Between Wharfside Street and Canal Road, Northbridge",
        "",
        ANALYST,
    ),
    # Noted by the social worker: held by children's social care.
    "netherby": (
        "23 Netherby Close",
        VenueType.HOUSE,
        "23 Netherby Close, Northbridge",
        "NB4 6RJ",
        SOCIAL_WORKER,
    ),
}

CAR = (
    "car",
    {"registration": "NB00 IQX", "make": "Vauxhall", "model": "Corsa", "colour": "Silver"},
)
PHONES: dict[str, str] = {"lee_phone": "07700 900412", "kai_phone": "07700 900873"}
ACCOUNTS: dict[str, tuple[str, str]] = {
    "kingz": (Platform.SNAPCHAT, "wharfside.kingz.demo"),
    "scout": (Platform.INSTAGRAM, "nb.modelscout.demo"),
    "treats": (Platform.SNAPCHAT, "treats4u.demo"),
}

# --- Children ---------------------------------------------------------------------------------

# The demo children the picture joins: by name (the featured child and the feeds' children) or
# by the concerns of their referral (the demo's case work).
CHILDREN_BY_NAME: dict[str, tuple[str, str]] = {
    "maisie": (FEATURED_GIVEN_NAME, FEATURED_FAMILY_NAME),
    "jayden": ("Jayden", "Mensah"),
    "chloe": ("Chloe", "Whitmore"),
    "amir": ("Amir", "Hussain"),
}
CHILDREN_BY_REFERRAL: dict[str, str] = {
    "car_child": ep.CONCERN_CAR_AT_NIGHT,
    "house_child": ep.CONCERN_HOUSE_OF_INTEREST,
    "cars_child": ep.CONCERN_DIFFERENT_CARS,
    "online_child": ep.CONCERN_ONLINE,
    "peers_child": ep.CONCERN_OLDER_PEERS,
}

# --- Associations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One association: ``subject`` to ``to`` (an entity key, or a child's key in CHILDREN_*)."""

    days_ago: int
    subject: str
    relationship: str
    to: str
    grading: str  # source evaluation and intelligence assessment, e.g. "2B"
    by: str = ANALYST
    conditions: str = ""  # handling code C with these conditions; P when blank
    event: tuple[str, int] | None = None  # (event type code, days ago) of the child's feed event
    withdrawn_why: str = ""


R = Relationship
CONDITIONS = (
    "Source protection: do not act on this or share it beyond the police and children's social "
    "care without speaking to the Intelligence Unit first."
)

LINKS: tuple[Link, ...] = (
    # Who is in which group, and the bridges between them.
    Link(330, "lee", R.LEADS, "hallam", "2B"),
    Link(300, "ricky", R.MEMBER, "hallam", "2B"),
    Link(280, "tariq", R.MEMBER, "hallam", "3C"),
    Link(250, "dariusz", R.MEMBER, "hallam", "2C"),
    Link(120, "stevie", R.ASSOCIATE, "hallam", "3D"),
    Link(350, "kai", R.LEADS, "crew", "1B"),
    Link(340, "connor", R.MEMBER, "crew", "2B"),
    Link(200, "jordan", R.MEMBER, "crew", "2C"),
    Link(160, "demi", R.MEMBER, "crew", "2B", conditions=CONDITIONS),
    Link(90, "mo", R.ASSOCIATE, "crew", "3C"),
    Link(310, "adrian", R.LEADS, "scouts", "2B"),
    Link(230, "nathan", R.MEMBER, "scouts", "2C"),
    Link(110, "bex", R.MEMBER, "scouts", "3D"),
    Link(140, "ricky", R.ASSOCIATE, "kai", "2B"),
    Link(75, "nathan", R.ASSOCIATE, "lee", "2C"),
    Link(60, "demi", R.ASSOCIATE, "bex", "3C"),
    # Objects and places.
    Link(200, "lee", R.USES, "lee_phone", "1A"),
    Link(180, "kai", R.USES, "kai_phone", "2B"),
    Link(290, "ricky", R.USES, "car", "1A"),
    Link(95, "tariq", R.USES, "car", "2B"),
    Link(170, "kai", R.USES, "kingz", "2B"),
    Link(260, "adrian", R.USES, "scout", "2B"),
    Link(150, "nathan", R.USES, "treats", "2C"),
    Link(240, "lee", R.LIVES_AT, "takeaway", "2B"),
    Link(245, "dariusz", R.SEEN_AT, "takeaway", "1A"),
    Link(210, "lee", R.SEEN_AT, "hotel", "2B"),
    Link(130, "tariq", R.SEEN_AT, "hotel", "2C"),
    Link(190, "kai", R.SEEN_AT, "towpath", "2B"),
    Link(65, "lee", R.SEEN_AT, "netherby", "2B", by=OFFICER),
    Link(100, "car", R.SEEN_AT, "hotel", "1A"),
    Link(48, "car", R.SEEN_AT, "bus", "1B"),
    # Maisie: the Hallam Road group and the online network.
    Link(100, "ricky", R.SEEN_WITH, "maisie", "2B", by=OFFICER),
    Link(95, "hallam", R.ASSOCIATE, "maisie", "2B"),
    Link(85, "takeaway", R.SEEN_AT, "maisie", "3C"),
    Link(65, "netherby", R.SEEN_AT, "maisie", "2B", by=SOCIAL_WORKER),
    Link(52, "hotel", R.SEEN_AT, "maisie", "2B", event=("missing-episode", 52)),
    Link(48, "car", R.SEEN_WITH, "maisie", "2B", by=OFFICER),
    Link(48, "bus", R.SEEN_AT, "maisie", "2B", by=OFFICER),
    Link(40, "ricky", R.GAVE_GIFTS, "maisie", "2C"),
    Link(35, "scout", R.CONTACTED, "maisie", "2B"),
    Link(30, "scouts", R.ASSOCIATE, "maisie", "3C"),
    Link(20, "lee_phone", R.CONTACTED, "maisie", "1B"),
    # Jayden: the Hallam Road group and the Wharfside Crew.
    Link(68, "car", R.SEEN_WITH, "jayden", "3C", event=("missing-episode", 68)),
    Link(60, "kai_phone", R.CONTACTED, "jayden", "2B"),
    Link(37, "towpath", R.SEEN_AT, "jayden", "2B", event=("missing-episode", 37)),
    Link(37, "crew", R.ASSOCIATE, "jayden", "2C"),
    Link(9, "lee", R.SEEN_WITH, "jayden", "1A", by=OFFICER, event=("found-with-adult", 9)),
    Link(9, "takeaway", R.SEEN_AT, "jayden", "1A", by=OFFICER, event=("found-with-adult", 9)),
    Link(9, "hallam", R.ASSOCIATE, "jayden", "2B"),
    # Chloe Whitmore: the online network and the Wharfside Crew.
    Link(55, "treats", R.CONTACTED, "chloe", "2B"),
    Link(50, "scouts", R.ASSOCIATE, "chloe", "2C"),
    Link(25, "demi", R.SEEN_WITH, "chloe", "2B"),
    Link(25, "crew", R.ASSOCIATE, "chloe", "3C"),
    Link(20, "hotel", R.SEEN_AT, "chloe", "2B"),
    # Amir Hussain: the Wharfside Crew; one sighting found to be someone else.
    Link(80, "kai", R.SEEN_WITH, "amir", "2B"),
    Link(80, "crew", R.ASSOCIATE, "amir", "2C"),
    Link(
        30,
        "connor",
        R.SEEN_WITH,
        "amir",
        "3C",
        by=OFFICER,
        withdrawn_why="Mistaken identity: the young man seen with Amir was Connor Rafferty's "
        "cousin, who is not of concern. CCTV reviewed by the Child Exploitation Unit.",
    ),
    # The child found in a car at 1am.
    Link(200, "car", R.SEEN_WITH, "car_child", "1A", by=OFFICER),
    Link(200, "ricky", R.SEEN_WITH, "car_child", "1A", by=OFFICER),
    Link(190, "hallam", R.ASSOCIATE, "car_child", "2B"),
    Link(170, "tariq", R.TRANSPORTED, "car_child", "2C"),
    Link(160, "hotel", R.SEEN_AT, "car_child", "2B"),
    Link(150, "takeaway", R.SEEN_AT, "car_child", "2C"),
    # The child found at a house of interest.
    Link(40, "tariq", R.SEEN_WITH, "house_child", "2C"),
    Link(40, "takeaway", R.SEEN_AT, "house_child", "2C"),
    Link(40, "hallam", R.ASSOCIATE, "house_child", "3C"),
    Link(6, "hotel", R.SEEN_AT, "house_child", "2B", by=OFFICER),
    # The child a shopkeeper saw getting into different cars.
    Link(14, "car", R.SEEN_WITH, "cars_child", "2C"),
    Link(14, "bus", R.SEEN_AT, "cars_child", "2B"),
    Link(7, "stevie", R.SEEN_WITH, "cars_child", "3D"),
    # The child sent sexualised messages online.
    Link(3, "scout", R.CONTACTED, "online_child", "1B"),
    Link(3, "scouts", R.ASSOCIATE, "online_child", "2B"),
    Link(2, "adrian", R.SUSPECTED_ABUSE, "online_child", "2C"),
    # The child truanting with older girls, seen again at the same house a year on.
    Link(360, "demi", R.SEEN_WITH, "peers_child", "2B"),
    Link(360, "netherby", R.SEEN_AT, "peers_child", "2C", by=SOCIAL_WORKER),
    Link(330, "crew", R.ASSOCIATE, "peers_child", "2C"),
    Link(300, "hotel", R.SEEN_AT, "peers_child", "3C"),
    Link(0, "netherby", R.SEEN_AT, "peers_child", "2B", by=SOCIAL_WORKER),
)


# --- Building it -----------------------------------------------------------------------------


def _born(as_of: dt.date, age: tuple[int, int] | None) -> dt.date | None:
    """A birthday ``age`` (years, days) before ``as_of``, as the demo feeds work them out."""
    if age is None:
        return None
    years, days = age
    return as_of.replace(year=as_of.year - years, day=min(as_of.day, 28)) - dt.timedelta(days)


def _moment(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock on ``day``, never later than now."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return min(moment, timezone.now())


def _children(area: Area) -> dict[str, Child]:
    """The picture's children by key: found by name or referral, the rest of the area in order
    standing in for any that this area does not have."""
    found: dict[str, Child] = {}
    live = Child.objects.filter(area=area, merged_into__isnull=True).order_by("pk")
    for key, (given, family) in CHILDREN_BY_NAME.items():
        child = live.filter(given_name=given, family_name=family).first()
        if child is not None:
            found[key] = child
    for key, concerns in CHILDREN_BY_REFERRAL.items():
        referral = (
            Referral.objects.filter(area=area, concerns=concerns, child__merged_into__isnull=True)
            .select_related("child")
            .order_by("received_at", "pk")
            .first()
        )
        if referral is not None and referral.child not in found.values():
            found[key] = referral.child
    missing = [key for key in (*CHILDREN_BY_NAME, *CHILDREN_BY_REFERRAL) if key not in found]
    stand_ins = live.exclude(pk__in=[child.pk for child in found.values()])[: len(missing)]
    found.update(zip(missing, stand_ins, strict=False))
    return found


def demo_intelligence_create(*, area: Area, as_of: dt.date) -> dict[str, int]:
    """Record the demo area's intelligence picture; returns how many entities and associations.

    Call once, after the children, case work and feeds exist (``demo_area_create`` does)."""
    staff = {
        user.username: user
        for user in StaffUser.objects.filter(
            agency__area=area, username__in=[ANALYST, OFFICER, SOCIAL_WORKER]
        ).select_related("agency")
    }
    entities: dict[str, Entity] = {}
    analyst = staff[ANALYST]
    # The adults the feeds linked to children first (as every import does), so the police's
    # own record of a man becomes the person the picture builds on instead of a second copy.
    adults_from_events(area)
    from_feeds = {
        (person.given_name, person.family_name): person
        for person in PersonOfConcern.objects.filter(
            area=area, source_agency=analyst.agency, merged_into__isnull=True
        )
    }
    for person in PERSONS:
        details = {
            "aliases": person.aliases,
            "date_of_birth": _born(as_of, person.age),
            "gender": person.gender,
            "ethnicity": person.ethnicity,
            "nationality": person.nationality,
            "concern": person.concern,
        }
        known = from_feeds.get((person.given_name, person.family_name))
        if known is not None:
            for name, value in details.items():
                setattr(known, name, value)
            known.save()
            entities[person.key] = known
            continue
        entities[person.key] = record_entity(
            analyst,
            EntityKind.PERSON,
            given_name=person.given_name,
            family_name=person.family_name,
            **details,
        )
    patterns = {pattern.code: pattern for pattern in AbusePattern.objects.all()}
    for key, (name, group_kind, codes) in GROUPS.items():
        group = record_entity(analyst, EntityKind.GROUP, name=name, group_kind=group_kind)
        assert isinstance(group, Group)
        group.patterns.set([patterns[code] for code in codes if code in patterns])
        entities[key] = group
    for key, (name, venue_type, address, postcode, by) in PLACES.items():
        entities[key] = record_entity(
            staff[by],
            EntityKind.PLACE,
            name=name,
            venue_type=venue_type,
            address=address,
            postcode=postcode,
        )
    key, vehicle = CAR
    entities[key] = record_entity(analyst, EntityKind.VEHICLE, **vehicle)
    for key, number in PHONES.items():
        entities[key] = record_entity(analyst, EntityKind.PHONE, number=number)
    for key, (platform, handle) in ACCOUNTS.items():
        entities[key] = record_entity(analyst, EntityKind.ACCOUNT, platform=platform, handle=handle)

    children = _children(area)
    events = {
        (event.child_id, event.event_type.code, event.occurred_on): event
        for event in AgencyEvent.objects.filter(
            child__in=children.values(), occurred_on__gte=as_of - dt.timedelta(days=366)
        ).select_related("event_type")
    }
    first_seen: dict[int, dt.date] = {}
    recorded = 0
    # Oldest first, so associations are numbered in the order they were reported.
    for sequence, link in enumerate(sorted(LINKS, key=lambda link: -link.days_ago), start=1):
        child = children.get(link.to)
        if link.to not in entities and child is None:
            continue  # a very small area without enough children
        reported_on = as_of - dt.timedelta(days=link.days_ago)
        user = staff[link.by]
        event = None
        if link.event is not None and child is not None:
            code, days = link.event
            event = events.get((child.pk, code, as_of - dt.timedelta(days=days)))
        association = record_association(
            user,
            entity=entities[link.subject],
            other=entities.get(link.to),
            child=child,
            relationship=link.relationship,
            reported_on=reported_on,
            source_evaluation=link.grading[0],
            intelligence_assessment=link.grading[1],
            handling_code="C" if link.conditions else "P",
            handling_conditions=link.conditions,
            source_reference=(
                f"NB-INT-{sequence:05d}" if link.by != SOCIAL_WORKER else f"NB-CSC-N{sequence:05d}"
            ),
            event=event,
        )
        # Recorded the day after it was reported, not on the day the demo was built.
        Association.objects.filter(pk=association.pk).update(
            recorded_at=_moment(reported_on + dt.timedelta(days=1), 10)
        )
        for entity in (entities[link.subject], entities.get(link.to)):
            if entity is not None:
                first_seen.setdefault(entity.pk, reported_on)
        if link.withdrawn_why:
            withdraw_association(user, association, link.withdrawn_why)
            Association.objects.filter(pk=association.pk).update(
                withdrawn_at=_moment(reported_on + dt.timedelta(days=12), 15)
            )
        recorded += 1
    for entity_pk, day in first_seen.items():
        Entity.objects.filter(pk=entity_pk).update(
            recorded_at=_moment(day + dt.timedelta(days=1), 9)
        )
    return {"entities": len(entities), "associations": recorded}
