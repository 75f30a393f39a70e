"""Synthetic children for the demo area, seeded in bulk and deterministically.

Child number *n* in the area is drawn from its own random stream, keyed by the seed and *n*, so
the same seed always gives the same children whatever the batch size, and seeding more later
adds new children rather than repeating the first ones.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from faker import Faker

from seemehearme.areas.models import Agency, Area, Panel, Role, StaffUser, Team
from seemehearme.cases.models import CaptureMethod, VoiceEntry, VoiceKind
from seemehearme.people.models import (
    AgencyIdentifier,
    CareStatus,
    Child,
    Gender,
    InformationItem,
    RelationshipKind,
    WorkingRelationship,
)
from seemehearme.people.selectors import CHILD_VOICE
from seemehearme.sharing.models import InformationCategory

from . import casework as cw
from . import structure as s
from .identifiers import (
    demo_case_number,
    demo_nhs_number,
    demo_police_person_id,
    demo_youth_justice_id,
)
from .places import address_draw
from .population import (
    AGE_WEIGHTS,
    ANY_GENDER_NAMES,
    CARE_STATUS_BY_INVOLVEMENT,
    DISABILITY_WEIGHTS,
    FAKER_LOCALES,
    GENDER_WEIGHTS,
    HERITAGES,
    KNOWN_AS,
)

T = TypeVar("T")

BATCH_SIZE = 2_000

NHS_NUMBER = "NHS number"
CASE_NUMBER = "Social care case number"
POLICE_PERSON_ID = "Police person ID"
YOUTH_JUSTICE_ID = "Youth justice reference"

_SOURCE_AGENCY = {
    cw.SOCIAL_CARE: s.SOCIAL_CARE,
    cw.POLICE: s.POLICE,
    cw.HOSPITAL: s.HOSPITALS,
    cw.SEXUAL_HEALTH: s.SEXUAL_HEALTH,
    cw.YOUTH_JUSTICE: s.YOUTH_JUSTICE,
    cw.VOLUNTARY: s.VOLUNTARY,
    cw.HOUSING: s.HOUSING,
}
# The team whose practitioners join a child's case team when their agency holds items.
_CASE_TEAM_SOURCE = {
    cw.POLICE: (s.POLICE, s.POLICE_EXPLOITATION_UNIT),
    cw.HOSPITAL: (s.HOSPITALS, s.HOSPITAL_SAFEGUARDING),
    cw.SEXUAL_HEALTH: (s.SEXUAL_HEALTH, s.CLINIC),
    cw.YOUTH_JUSTICE: (s.YOUTH_JUSTICE, s.YOUTH_JUSTICE_TEAM),
    cw.VOLUNTARY: (s.VOLUNTARY, s.OUTREACH),
    cw.HOUSING: (s.HOUSING, s.HOUSING_TEAM),
}


@dataclass
class AreaDirectory:
    """The demo area's agencies, teams, staff pools and reference data, loaded once per run."""

    area: Area
    agencies: dict[str, Agency]
    teams: dict[tuple[str, str], Team]
    categories: dict[str, InformationCategory]
    panel: Panel
    # Practitioners in each team, in a stable order, who take on children's cases.
    practitioners: dict[tuple[str, str], list[StaffUser]] = field(default_factory=dict)

    @property
    def schools(self) -> dict[str, Agency]:
        return {name: self.agencies[name] for name in s.SCHOOLS}


def area_directory_load(*, area: Area) -> AreaDirectory:
    """Look up what seeding needs in a demo-shaped area (agencies and teams by their names)."""
    agencies = {agency.name: agency for agency in area.agencies.all()}
    missing = [spec.name for spec in s.AGENCIES if spec.name not in agencies]
    if missing:
        raise ValueError(f"{area.name} is not the demo area: it has no {', '.join(missing)}.")
    teams = {
        (team.agency.name, team.name): team
        for team in Team.objects.filter(agency__area=area).select_related("agency")
    }
    practitioners: dict[tuple[str, str], list[StaffUser]] = defaultdict(list)
    staff = (
        StaffUser.objects.filter(agency__area=area, role=Role.PRACTITIONER, team__isnull=False)
        .select_related("team__agency")
        .order_by("username")
    )
    for user in staff:
        assert user.team is not None
        practitioners[(user.team.agency.name, user.team.name)].append(user)
    return AreaDirectory(
        area=area,
        agencies=agencies,
        teams=teams,
        categories={c.code: c for c in InformationCategory.objects.all()},
        panel=Panel.objects.get(area=area, name=s.MACE_PANEL),
        practitioners=dict(practitioners),
    )


def _weighted(rng: random.Random, weights: dict[T, float]) -> T:
    return rng.choices(list(weights), list(weights.values()))[0]


def date_of_birth_draw(*, rng: random.Random, age: int, as_of: dt.date) -> dt.date:
    """A date of birth that makes the child exactly ``age`` on ``as_of``."""
    try:
        latest = as_of.replace(year=as_of.year - age)
    except ValueError:  # 29 February
        latest = as_of.replace(year=as_of.year - age, day=28)
    return latest - dt.timedelta(days=rng.randint(0, 364))


def _school_draw(*, rng: random.Random, age: int, schools: dict[str, Agency]) -> Agency | None:
    if rng.random() < 0.03:  # missing education or educated at home
        return None
    if age <= 10:
        return schools[s.PRIMARY_SCHOOL]
    if age >= 16 and rng.random() < 0.55:
        return schools[s.COLLEGE]
    name = rng.choices(s.SECONDARY_SCHOOLS, [4, 3, 3])[0]
    return schools[name]


@dataclass
class ChildDraft:
    """One child and everything to be created with them, before anything is saved."""

    child: Child
    involvement: cw.Involvement
    items: list[cw.ItemDraft]
    sequence: int
    rng: random.Random


def child_draw(
    *,
    rng: random.Random,
    fakers: dict[str, Faker],
    directory: AreaDirectory,
    as_of: dt.date,
    sequence: int,
) -> ChildDraft:
    """Draw one child: who they are, how involved the partnership is and what is known."""
    heritage = rng.choices(HERITAGES, [h.weight for h in HERITAGES])[0]
    gender = _weighted(rng, GENDER_WEIGHTS)
    if gender == Gender.GIRL:
        given_name = rng.choice(heritage.girls)
    elif gender == Gender.BOY:
        given_name = rng.choice(heritage.boys)
    else:
        given_name = rng.choice(ANY_GENDER_NAMES + heritage.girls[:3] + heritage.boys[:3])
    if heritage.family_names:
        family_name = rng.choice(heritage.family_names)
    else:
        fake = fakers[rng.choice(heritage.family_locales)]
        fake.seed_instance(rng.getrandbits(32))
        family_name = fake.last_name()
    age = _weighted(rng, AGE_WEIGHTS)
    date_of_birth = date_of_birth_draw(rng=rng, age=age, as_of=as_of)
    level = rng.choices(range(len(cw.INVOLVEMENT)), [i.weight for i in cw.INVOLVEMENT])[0]
    involvement = cw.INVOLVEMENT[level]
    care_status = _weighted(rng, CARE_STATUS_BY_INVOLVEMENT[involvement.code])
    language_names = [name for name, _ in heritage.languages]
    language = rng.choices(language_names, [w for _, w in heritage.languages])[0]
    address = address_draw(rng=rng)
    school = _school_draw(rng=rng, age=age, schools=directory.schools)
    known_as = KNOWN_AS.get(given_name, "") if rng.random() < 0.4 else ""
    child = Child(
        area=directory.area,
        given_name=given_name,
        family_name=family_name,
        known_as=known_as,
        date_of_birth=date_of_birth,
        gender=gender,
        ethnicity=heritage.ethnicity,
        address=address.line,
        postcode=address.postcode,
        school=school,
        care_status=care_status,
        disability=_weighted(rng, DISABILITY_WEIGHTS),
        first_language=language,
    )
    items = cw.items_draw(
        rng=rng,
        involvement=involvement,
        level=level,
        age=age,
        gender=gender,
        care_status=care_status,
        has_school=school is not None,
        as_of=as_of,
    )
    return ChildDraft(child, involvement, items, sequence, rng)


def _identifiers(draft: ChildDraft, directory: AreaDirectory) -> list[AgencyIdentifier]:
    child, n = draft.child, draft.sequence
    agencies = directory.agencies
    ids = [
        AgencyIdentifier(
            child=child,
            agency=agencies[s.HOSPITALS],
            scheme=NHS_NUMBER,
            value=demo_nhs_number(sequence=n),
        )
    ]
    sources = {item.source for item in draft.items}
    if child.care_status != CareStatus.NONE or cw.SOCIAL_CARE in sources:
        ids.append(
            AgencyIdentifier(
                child=child,
                agency=agencies[s.SOCIAL_CARE],
                scheme=CASE_NUMBER,
                value=demo_case_number(sequence=n),
            )
        )
    if cw.POLICE in sources:
        ids.append(
            AgencyIdentifier(
                child=child,
                agency=agencies[s.POLICE],
                scheme=POLICE_PERSON_ID,
                value=demo_police_person_id(sequence=n),
            )
        )
    if cw.YOUTH_JUSTICE in sources:
        ids.append(
            AgencyIdentifier(
                child=child,
                agency=agencies[s.YOUTH_JUSTICE],
                scheme=YOUTH_JUSTICE_ID,
                value=demo_youth_justice_id(sequence=n),
            )
        )
    return ids


# Who heard the child's words drawn for each source, and where.
_WORDS_HEARD: dict[str, tuple[str, str]] = {
    cw.SOCIAL_CARE: ("their social worker", "a home visit"),
    cw.VOLUNTARY: ("an outreach worker", "an outreach session"),
}


def _words(draft: ChildDraft, directory: AreaDirectory) -> list[VoiceEntry]:
    """The child's own words, kept where every page reads them (not as agency items)."""
    entries = []
    for item in draft.items:
        if item.category != CHILD_VOICE:
            continue
        heard_by, where = _WORDS_HEARD[item.source]
        entries.append(
            VoiceEntry(
                child=draft.child,
                kind=VoiceKind.OWN_WORDS,
                words=item.detail,
                captured_how=CaptureMethod.IN_PERSON,
                captured_with=heard_by,
                captured_where=where,
                said_on=item.occurred_on,
                source_agency=directory.agencies[_SOURCE_AGENCY[item.source]],
            )
        )
    return entries


def _items(draft: ChildDraft, directory: AreaDirectory) -> list[InformationItem]:
    items = []
    for item in draft.items:
        if item.category == CHILD_VOICE:
            continue  # see _words
        if item.source == cw.SCHOOL:
            agency = draft.child.school
        else:
            agency = directory.agencies[_SOURCE_AGENCY[item.source]]
        items.append(
            InformationItem(
                child=draft.child,
                source_agency=agency,
                category=directory.categories[item.category],
                title=item.title,
                detail=item.detail,
                occurred_on=item.occurred_on,
            )
        )
    return items


def _relationships(
    draft: ChildDraft, directory: AreaDirectory, as_of: dt.date
) -> list[WorkingRelationship]:
    """Who works with the child: nobody (known only), the front door (emerging), or a key
    worker, case team and, when the risk is high, the MACE panel."""
    code, rng, child = draft.involvement.code, draft.rng, draft.child
    first = draft.items[0].occurred_on if draft.items else as_of - dt.timedelta(days=30)
    started = min(first + dt.timedelta(days=rng.randint(1, 14)), as_of)
    if code == cw.KNOWN:
        return []
    if code == cw.EMERGING:
        team = directory.teams[(s.SOCIAL_CARE, s.MASH)]
        return [
            WorkingRelationship(
                child=child,
                kind=RelationshipKind.REFERRAL_HOLDER,
                team=team,
                started_on=started,
                reason="Referral being screened",
            )
        ]
    looked_after = child.care_status == CareStatus.LOOKED_AFTER
    home_team = s.CHILDREN_IN_CARE_TEAM if looked_after else s.CHILD_EXPLOITATION_TEAM
    relationships = [
        WorkingRelationship(
            child=child,
            kind=RelationshipKind.REFERRAL_HOLDER,
            team=directory.teams[(s.SOCIAL_CARE, home_team)],
            started_on=started,
            reason="Open case",
        )
    ]
    key_workers = directory.practitioners.get((s.SOCIAL_CARE, home_team), [])
    if key_workers:
        # Some children have had a key worker before: the record keeps who it was and when.
        if len(key_workers) > 1 and rng.random() < 0.3:
            earlier, current = rng.sample(key_workers, 2)
            handover = min(started + dt.timedelta(days=rng.randint(20, 120)), as_of)
            relationships.append(
                WorkingRelationship(
                    child=child,
                    kind=RelationshipKind.KEY_WORKER,
                    user=earlier,
                    started_on=started,
                    ended_on=handover,
                    reason="Key worker until a change of team",
                )
            )
        else:
            current, handover = rng.choice(key_workers), started
        relationships.append(
            WorkingRelationship(
                child=child,
                kind=RelationshipKind.KEY_WORKER,
                user=current,
                started_on=handover,
                reason="Allocated key worker",
            )
        )
    for source in sorted({item.source for item in draft.items}):
        if rng.random() >= draft.involvement.case_team_chance:
            continue
        if source == cw.SCHOOL:
            assert child.school is not None
            pool = directory.practitioners.get((child.school.name, s.SCHOOL_SAFEGUARDING), [])
        elif source in _CASE_TEAM_SOURCE:
            pool = directory.practitioners.get(_CASE_TEAM_SOURCE[source], [])
        else:
            continue
        if pool:
            relationships.append(
                WorkingRelationship(
                    child=child,
                    kind=RelationshipKind.CASE_TEAM,
                    user=rng.choice(pool),
                    started_on=started,
                    reason="Member of the multi-agency case team",
                )
            )
    if code == cw.HIGH:
        relationships.append(
            WorkingRelationship(
                child=child,
                kind=RelationshipKind.PANEL,
                panel=directory.panel,
                started_on=started,
                reason="Listed: plan not reducing risk",
            )
        )
    return relationships


def children_count(*, area: Area) -> int:
    return Child.objects.filter(area=area).count()


def seed_children(
    *,
    area: Area,
    count: int,
    seed: int,
    as_of: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add ``count`` synthetic children to the demo ``area``, with their agency references,
    information items and working relationships, in one transaction per batch.

    Deterministic: the same seed and reference date (``as_of``, default today) give the same
    children. ``progress`` is called with the number of children saved after each batch.
    Returns the number of children added.
    """
    as_of = as_of or timezone.localdate()
    directory = area_directory_load(area=area)
    fakers = {locale: Faker(locale) for locale in FAKER_LOCALES}
    start = children_count(area=area) + 1
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        drafts = [
            child_draw(
                rng=random.Random(f"{seed}:{sequence}"),  # noqa: S311 (synthetic data)
                fakers=fakers,
                directory=directory,
                as_of=as_of,
                sequence=sequence,
            )
            for sequence in range(start + done, start + done + size)
        ]
        with transaction.atomic():
            Child.objects.bulk_create([d.child for d in drafts])
            AgencyIdentifier.objects.bulk_create(
                [i for d in drafts for i in _identifiers(d, directory)]
            )
            InformationItem.objects.bulk_create([i for d in drafts for i in _items(d, directory)])
            VoiceEntry.objects.bulk_create([w for d in drafts for w in _words(d, directory)])
            WorkingRelationship.objects.bulk_create(
                [r for d in drafts for r in _relationships(d, directory, as_of)]
            )
        done += size
        if progress is not None:
            progress(size)
    return done
