"""Synthetic import files: made-up events about made-up children, for tests and benchmarks.

The same seed always gives the same rows. Names are drawn at random from short lists, so every
person is invented; NHS numbers are in the 999 range kept for testing, postcodes in the ZZ
area that does not exist, addresses on invented streets ("Testing Row"). About one row in five
hundred is deliberately wrong, as in real feeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from seemehearme.feeds.schema import COLUMN_NAMES
from seemehearme.people.identifiers import nhs_check_digit

GIVEN = (
    "Ava",
    "Ben",
    "Chloe",
    "Dan",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kai",
    "Leah",
    "Mia",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Ruby",
    "Sam",
    "Tia",
    "Umar",
    "Vera",
    "Will",
    "Xena",
    "Yusuf",
    "Zara",
    "Amira",
    "Bilal",
    "Casey",
    "Demi",
    "Ellis",
    "Fatima",
    "Gabe",
)
FAMILY = (
    "Ashdown",
    "Brackley",
    "Carrow",
    "Dunmere",
    "Eastmere",
    "Fenwick",
    "Garside",
    "Hollins",
    "Ingleby",
    "Jessop",
    "Kettering",
    "Lowther",
    "Mardale",
    "Netherby",
    "Oakridge",
    "Pellow",
    "Quarrie",
    "Ravensworth",
    "Sandal",
    "Tarrant",
    "Underhill",
    "Varley",
    "Westcott",
    "Yarrow",
    "Zetland",
)
# Invented street names, each with "Test" or "Example" in it so no real address is made.
STREETS = (
    "Testing Row",
    "Example Street",
    "Testwell Close",
    "Exampleton Road",
    "Testmere Avenue",
    "Sampletest Lane",
    "Example Gardens",
    "Testbury Way",
)
SCHOOLS = ("Northbridge Academy", "Eastmere High School", "St Anne's School", "Riverside PRU")
PLACES = ("Bus station", "Retail park", "Canal towpath", "Takeaway, High Street", "Park")
DETAILS = (
    "Found by patrol and taken home.",
    "Returned of own accord, would not say where she had been.",
    "Seen getting into a car with older males, registration noted.",
    "Attended with a friend; treated and discharged.",
    "Absent all day; parent not aware.",
    "Disclosed new phone and clothes, says from a friend.",
)
# (event type code, weight)
EVENT_MIX = (
    ("school-absence", 30),
    ("missing-episode", 14),
    ("police-incident", 9),
    ("ae-attendance", 8),
    ("return-interview", 6),
    ("absent-episode", 5),
    ("school-exclusion", 4),
    ("found-with-adult", 4),
    ("substance-misuse", 3),
    ("self-harm", 3),
    ("mental-health", 3),
    ("sexual-health-attendance", 2),
    ("online-concern", 2),
    ("gifts-or-money", 2),
    ("intelligence-report", 2),
    ("arrest", 1),
    ("placement-move", 1),
    ("youth-offending", 1),
)
FIRST_DAY = dt.date(2024, 10, 1)
DAYS = 730
GENDERS = ("female", "female", "male", "male", "F", "M", "non_binary", "")
ETHNICITIES = ("white", "white", "white", "asian", "black", "mixed", "other", "not_known", "")


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 range set aside for testing."""
    while True:
        nine = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = nhs_check_digit(nine)
        if check is not None:
            return f"{nine}{check}"


def postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"ZZ{rng.randrange(1, 10)} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"


def address(rng: random.Random) -> str:
    """A made-up first line of an address on an invented street, sometimes with a flat."""
    street = f"{rng.randrange(1, 200)} {rng.choice(STREETS)}"
    return f"Flat {rng.randrange(1, 9)}, {street}" if rng.random() < 0.2 else street


def _date(day: dt.date, rng: random.Random) -> str:
    return day.strftime("%d/%m/%Y") if rng.random() < 0.1 else day.isoformat()


def synthetic_rows(count: int, *, seed: int = 1, people: int | None = None) -> Iterator[list[str]]:
    """``count`` rows in ``COLUMN_NAMES`` order about ``people`` children (a tenth of the
    rows unless given), each with their own fixed details."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    people = people or max(count // 10, 1)
    events = [code for code, weight in EVENT_MIX for _ in range(weight)]
    for n in range(count):
        person = rng.randrange(people)
        # The same details every time for the same person.
        prng = random.Random(seed * 1_000_003 + person)  # noqa: S311
        born = FIRST_DAY - dt.timedelta(days=prng.randrange(9 * 365, 16 * 365))
        event_type = rng.choice(events)
        occurred = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        row = dict.fromkeys(COLUMN_NAMES, "")
        row.update(
            record_id=f"E{seed:02d}-{n:08d}",
            event_type=event_type,
            occurred_on=_date(occurred, rng),
            person_id=f"P{person:07d}",
            given_name=prng.choice(GIVEN),
            family_name=prng.choice(FAMILY),
            date_of_birth=born.isoformat() if prng.random() < 0.95 else "",
            gender=prng.choice(GENDERS),
            ethnicity=prng.choice(ETHNICITIES),
            postcode=postcode(prng) if prng.random() < 0.8 else "",
            school=prng.choice(SCHOOLS) if prng.random() < 0.7 else "",
            nhs_number=nhs_number(prng) if prng.random() < 0.6 else "",
            upn=f"{prng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{prng.randrange(10**12):012d}"
            if prng.random() < 0.5
            else "",
        )
        if prng.random() < 0.7:  # drawn last, so the other details are as they always were
            row["address"] = address(prng)
        if rng.random() < 0.5:
            row["location"] = rng.choice(PLACES)
        if rng.random() < 0.4:
            row["location_postcode"] = postcode(rng)
        if rng.random() < 0.6:
            row["detail"] = rng.choice(DETAILS)
        if event_type == "found-with-adult" or rng.random() < 0.03:
            adult_born = occurred - dt.timedelta(days=rng.randrange(18 * 365, 45 * 365))
            row.update(
                linked_person_role="adult of concern",
                linked_person_id=f"A{rng.randrange(people // 5 + 1):06d}",
                linked_person_given_name=rng.choice(GIVEN),
                linked_person_family_name=rng.choice(FAMILY),
                linked_person_date_of_birth=_date(adult_born, rng),
            )
        if rng.random() < 0.002:  # the occasional mistake
            mistake = rng.randrange(4)
            if mistake == 0:
                row["occurred_on"] = "31/02/2026"
            elif mistake == 1:
                row["gender"] = "unsure"
            elif mistake == 2:
                row["event_type"] = "missing"
            else:
                row["nhs_number"] = "99900000"
        yield [row[name] for name in COLUMN_NAMES]


def write_csv(handle: IO[str], rows: Iterator[list[str]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)


def make_file(path: Path, count: int, *, seed: int = 1) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, synthetic_rows(count, seed=seed))
