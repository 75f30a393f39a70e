"""Agency feeds for the demo: what Northbridge's agencies would send, and what the platform
makes of it.

The events go through the real pipeline: the importer (as each agency's file would), identity
resolution, then the early-warning sweep. The stories are chosen to show each part working:

- **Jayden Mensah**, 14, is unknown to children's social care. The police have three missing
  episodes in under ten weeks and found him with a 28-year-old man; his school has recorded a
  run of absences. No agency sees the pattern alone: early warning does.
- **Chloe Whitmore**, 15, attended the sexual health clinic, and the hospital saw her for
  self-harm and alcohol: three warning signs from two health services.
- **Amir Hussain**, 15, has two missing episodes: one short of the threshold, so no flag.
- **Kayleigh Brennan** is recorded by her school, and by the hospital as "Kayley Brennan" with
  a date of birth a fortnight out and an address across the city: a pair for a person to
  review.
- **Maisie Fernhollow**, the featured child, already has a case; police missing episodes
  arrive under her police reference and join her record.

Every person here is made up; ``NB`` postcodes do not exist.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from seemehearme.areas.models import Agency, Area
from seemehearme.dates import long_date
from seemehearme.people.models import AgencyIdentifier, Child

from . import structure as s
from .children import POLICE_PERSON_ID
from .featured import featured_child_get

Record = dict[str, object]


@dataclass(frozen=True)
class Person:
    """How one agency knows a child."""

    person_id: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    gender: str
    ethnicity: str = ""
    postcode: str = ""
    school: str = ""

    def fields(self) -> Record:
        return {
            "person_id": self.person_id,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "postcode": self.postcode,
            "school": self.school,
        }


@dataclass
class AgencyFeed:
    agency: str
    prefix: str
    records: list[Record] = field(default_factory=list)

    def add(
        self,
        person: Person,
        event_type: str,
        on: dt.date,
        *,
        location: str = "",
        detail: str = "",
        linked: Record | None = None,
    ) -> None:
        record: Record = {
            "record_id": f"{self.prefix}-{len(self.records) + 1:05d}",
            "event_type": event_type,
            "occurred_on": on.isoformat(),
            "location": location,
            "detail": detail,
            **person.fields(),
        }
        if linked:
            record["linked_people"] = [linked]
        self.records.append(record)


def _born(as_of: dt.date, *, years: int, days: int) -> dt.date:
    """A birthday ``years`` years and ``days`` days before ``as_of``."""
    return as_of.replace(year=as_of.year - years, day=min(as_of.day, 28)) - dt.timedelta(days)


def demo_feeds(*, area: Area, as_of: dt.date) -> dict[str, list[Record]]:
    """The records each agency sends, by agency name."""
    police = AgencyFeed(s.POLICE, "NBP-EVT")
    riverside = AgencyFeed("Riverside Community School", "RCS-ATT")
    st_aidans = AgencyFeed("St Aidan's Catholic High School", "SAH-ATT")
    hospital = AgencyFeed(s.HOSPITALS, "NHT-ED")
    clinic = AgencyFeed(s.SEXUAL_HEALTH, "NSH-ATT")

    def ago(days: int) -> dt.date:
        return as_of - dt.timedelta(days=days)

    jayden_born = _born(as_of, years=14, days=61)
    jayden_police = Person(
        "NB-P-9100021", "Jayden", "Mensah", jayden_born, "male", "black", "NB7 2HW"
    )
    jayden_school = Person(
        "RCS-4471", "Jayden", "Mensah", jayden_born, "M", "black", "NB7 2HW", s.SECONDARY_SCHOOLS[2]
    )
    for days, where in ((68, "Northbridge bus station"), (37, "Canal towpath"), (9, "Hallam Road")):
        police.add(
            jayden_police,
            "missing-episode",
            ago(days),
            location=where,
            detail="Reported missing by his mother overnight; returned the next morning.",
        )
    police.add(
        jayden_police,
        "found-with-adult",
        ago(9),
        location="Flat above the takeaway, Hallam Road",
        detail="Found by patrol in a flat with an adult male not known to the family.",
        linked={
            "role": "adult of concern",
            "person_id": "NB-P-7700310",
            "given_name": "Lee",
            "family_name": "Carver",
            "date_of_birth": _born(as_of, years=28, days=140).isoformat(),
        },
    )
    for week in range(6):
        for day in (1, 3):
            riverside.add(jayden_school, "school-absence", ago(7 * week + day))

    chloe_born = _born(as_of, years=15, days=200)
    chloe_clinic = Person("SH-22817", "Chloe", "Whitmore", chloe_born, "female", "white", "NB5 1RS")
    chloe_hospital = Person("RXH-88120", "Chloe", "Whitmore", chloe_born, "F", "white", "NB5 1RS")
    clinic.add(chloe_clinic, "sexual-health-attendance", ago(30), detail="Attended alone.")
    hospital.add(chloe_hospital, "self-harm", ago(45), detail="Superficial cuts to forearm.")
    hospital.add(chloe_hospital, "substance-misuse", ago(20), detail="Brought in intoxicated.")

    amir = Person(
        "NB-P-9100057",
        "Amir",
        "Hussain",
        _born(as_of, years=15, days=33),
        "male",
        "asian",
        "NB2 6LD",
    )
    police.add(
        amir, "missing-episode", ago(80), detail="Missing for six hours; found at a friend's."
    )
    # Found with a man the police already know as Ricky Dunmere (NB-P-7700422, below), written
    # down by another officer under a new reference: the two records of him wait in the persons
    # of concern review queue for someone to decide.
    police.add(
        amir,
        "missing-episode",
        ago(30),
        detail="Missing overnight.",
        linked={
            "role": "adult found with him",
            "person_id": "NB-P-7700519",
            "given_name": "Rick",
            "family_name": "Dunmere",
            "date_of_birth": _born(as_of, years=23, days=51).isoformat(),
        },
    )

    kayleigh_born = dt.date(as_of.year - 14, 3, 4)
    kayleigh_school = Person(
        "SAH-1203",
        "Kayleigh",
        "Brennan",
        kayleigh_born,
        "female",
        "white",
        "NB4 2QT",
        s.SECONDARY_SCHOOLS[1],
    )
    # The hospital has a date of birth a fortnight out and an address across the city: close
    # enough to be worth a look, not close enough to link without a person deciding.
    kayley_hospital = Person(
        "RXH-90411",
        "Kayley",
        "Brennan",
        kayleigh_born + dt.timedelta(days=14),
        "female",
        postcode="NB7 3HW",
    )
    st_aidans.add(kayleigh_school, "school-absence", ago(15))
    st_aidans.add(kayleigh_school, "school-absence", ago(14))
    hospital.add(kayley_hospital, "ae-attendance", ago(16), detail="Wrist injury from a fall.")

    maisie = featured_child_get()
    if maisie is not None:
        reference = (
            AgencyIdentifier.objects.filter(child=maisie, scheme=POLICE_PERSON_ID)
            .values_list("value", flat=True)
            .first()
        )
        if reference:
            person = _known(maisie, reference)
            police.add(person, "missing-episode", ago(52), detail="Missing from home overnight.")
            police.add(
                person,
                "missing-episode",
                ago(6),
                detail="Missing after school.",
                linked={
                    "role": "adult of concern",
                    "person_id": "NB-P-7700422",
                    "given_name": "Ricky",
                    "family_name": "Dunmere",
                    "date_of_birth": _born(as_of, years=23, days=51).isoformat(),
                },
            )

    feeds = (police, riverside, st_aidans, hospital, clinic)
    return {feed.agency: feed.records for feed in feeds}


def _known(child: Child, reference: str) -> Person:
    return Person(
        reference,
        child.given_name,
        child.family_name,
        child.date_of_birth,
        child.gender,
        child.ethnicity,
        child.postcode,
    )


def _numbered(records: list[Record]) -> Iterator[tuple[int, Record]]:
    return ((position, record) for position, record in enumerate(records, start=1))


def demo_feeds_import(*, area: Area, as_of: dt.date) -> dict[str, int]:
    """Approve the shipped early-warning rules as the demo board, import the demo feeds, link
    identities and sweep for early warning. Returns counts."""
    from seemehearme.areas.models import Role, StaffUser
    from seemehearme.earlywarning.services import default_rule_set_install
    from seemehearme.earlywarning.sweep import sweep
    from seemehearme.feeds.importer import import_records
    from seemehearme.feeds.models import ImportChannel
    from seemehearme.identity.linking import link_persons

    lead = StaffUser.objects.filter(
        agency__area=area, role=Role.DATA_PROTECTION_LEAD, username="farah.dpo"
    ).first()
    default_rule_set_install(
        area=area,
        approved_by=lead,
        reference=f"Partnership board, {long_date(as_of - dt.timedelta(days=40))}, minute 6",
    )
    agencies = {agency.name: agency for agency in Agency.objects.filter(area=area)}
    counts: dict[str, int] = defaultdict(int)
    for name, records in demo_feeds(area=area, as_of=as_of).items():
        imported = import_records(
            agency=agencies[name],
            records=_numbered(records),
            channel=ImportChannel.COMMAND,
            filename=f"demo feed from {name}",
        )
        counts["events"] += imported.batch.rows_created
        counts["rejected"] += imported.batch.rows_rejected
    outcome = link_persons(area=area)
    counts["children_created"] = outcome.run.children_created
    counts["sent_to_review"] = outcome.run.sent_to_review
    swept = sweep(area=area, as_of=as_of)
    counts["flags"] = swept.raised
    return dict(counts)
