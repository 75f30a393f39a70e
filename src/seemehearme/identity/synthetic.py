"""Made-up agency records of made-up children, labelled with the child each one is about.

For measuring identity resolution (tests and ``bench/link_identities.py``) and training its
model; never used when the service answers a request. The same seed always gives the same
records. Every person is invented: family names are built from syllables, postcodes are in the
ZZ area that does not exist, NHS numbers are in the 999 range kept for testing and pupil numbers
start with Z.

Each child lives in a household (siblings share a family name, an address and often a school;
some are twins sharing a date of birth) and is known to one to five agencies, each of which
records them its own way: nicknames, short forms and other spellings of the given name (from
the project's list of variants, ``names.PROJECT_GROUPS``), given and family names the other way
round, typing mistakes, day and month swapped,
missing dates of birth, old addresses (and their postcodes), a changed family name, school names
and addresses written differently ("Rd" for "Road", a typing mistake in the street), and now and
then the same child twice in one agency's system. Siblings never have names that are variants
of one another or sound the same (parents do not call twins Sophie and Sofia). Addresses come
from their own random stream, so the other details are the records made before addresses were
added (for model 2026.3).
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from seemehearme.identity.names import are_variants, project_variants, sound, variants
from seemehearme.people.identifiers import nhs_check_digit


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIRLS = _words(
    "olivia amelia isla ava mia ivy lily isabella rosie sophia grace freya willow florence "
    "emily ella poppy evie elsie charlotte evelyn sienna sofia daisy phoebe sophie alice harper "
    "matilda ruby emilia maya millie margot imogen mila eliza esme luna ellie jessica layla "
    "hannah chloe zara amira aisha fatima maryam hafsa leah erin megan lucy holly eleanor "
    "georgia scarlett violet niamh caitlin kayleigh jade shannon chelsea courtney tia keira "
    "demi abigail rebecca victoria natalie stephanie jennifer sarah madison francesca "
    "catherine elizabeth margaret gabriella samantha alexandra"
)
BOYS = _words(
    "muhammad noah oliver george leo arthur oscar harry theodore henry freddie archie jack "
    "charlie alfie thomas jacob teddy finley arlo william isaac lucas ethan hugo joshua james "
    "max jaxon tommy rory reggie albert edward harrison mason luca roman louie ezra elijah "
    "ibrahim yusuf zayn adam daniel kai tyler callum kyle jordan liam connor dylan ryan lewis "
    "nathan aaron joseph samuel benjamin alexander christopher michael matthew andrew anthony "
    "nicholas richard robert stephen jonathan patrick sebastian zachary dominic"
)
_STARTS = _words(
    "ash back black brack brad bram brook burn car chad clay cold crane dal dun east ell fair "
    "fen fern gar glen gold green ham hart hay heath hol holl ing kel kent kings lang law lee "
    "lind low mar mid mill moor nor oak pen pil quar rad raven red rock ross rud sand shaw "
    "silver stan stock stone sut thorn tod under var wake west whit wood yar"
)
_ENDS = _words(
    "bury by combe croft dale don field ford gate ham hurst ington land ley lock low mere "
    "more ridge shaw stead ston ton wall well wick win wood worth"
)
FAMILY = tuple(start + end for start in _STARTS for end in _ENDS)
SAINTS = ("Anne", "Mary", "John", "Peter", "Bede", "Hilda", "Aidan", "Cuthbert", "Luke")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Street types as an address is usually written, and the short forms agencies also use.
STREET_TYPES: dict[str, tuple[str, ...]] = {
    "Road": ("Rd", "Rd."),
    "Street": ("St", "St."),
    "Avenue": ("Ave", "Av"),
    "Lane": ("Ln",),
    "Close": ("Cl",),
    "Drive": ("Dr",),
    "Way": (),
    "Crescent": ("Cres",),
    "Grove": ("Gr",),
    "Gardens": ("Gdns",),
}
STREETS_PER_DISTRICT = 80
HOUSE_NUMBERS = 120

# agency kind: (weight, nhs number, pupil number, school, nickname, typo, missing birth date,
# missing postcode) — how likely each agency is to know a child and how it records them.
AGENCIES: dict[str, tuple[float, float, float, float, float, float, float, float]] = {
    "health": (0.85, 0.93, 0.0, 0.15, 0.04, 0.015, 0.01, 0.05),
    "school": (0.75, 0.0, 0.95, 1.0, 0.10, 0.02, 0.01, 0.05),
    "police": (0.30, 0.05, 0.0, 0.2, 0.18, 0.04, 0.08, 0.15),
    "social_care": (0.35, 0.6, 0.3, 0.5, 0.08, 0.02, 0.03, 0.08),
    "voluntary": (0.15, 0.0, 0.0, 0.3, 0.25, 0.04, 0.15, 0.25),
    "youth_justice": (0.08, 0.3, 0.2, 0.4, 0.12, 0.03, 0.02, 0.1),
}
# (how many, how often)
AGENCIES_KNOWING: tuple[tuple[int, float], ...] = (
    (1, 0.40),
    (2, 0.30),
    (3, 0.17),
    (4, 0.09),
    (5, 0.04),
)
CHILDREN_IN_HOUSEHOLD: tuple[tuple[int, float], ...] = ((1, 0.45), (2, 0.35), (3, 0.15), (4, 0.05))
AS_OF = dt.date(2026, 10, 1)
SWAPPED_NAMES = 0.005  # how often an agency has the given and family names the other way round

COLUMNS = (
    "uid",
    "child",
    "agency",
    "source_person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "postcode",
    "school",
    "nhs_number",
    "upn",
    "address",
)


@dataclass
class _Child:
    number: int
    given: str
    family: str
    born: dt.date
    gender: str
    postcode: str
    address: str
    district: int
    school: str
    nhs: str
    upn: str


@cache
def _sound(name: str) -> str:
    return sound(name)


def _weighted(values: tuple[str, ...] | list[str], offset: float) -> tuple[list[str], list[float]]:
    """Values with falling frequencies, like real names: a few common, most rare."""
    weights = [1 / (rank + offset) for rank in range(1, len(values) + 1)]
    return list(values), weights


def _nhs_number(sequence: int) -> str:
    """A valid NHS number in the 999 test range, different for every ``sequence`` below a
    million; empty where no valid check digit exists (about one in eleven)."""
    nine = f"999{(sequence * 7_919 + 104_729) % 1_000_000:06d}"
    check = nhs_check_digit(nine)
    return "" if check is None else f"{nine}{check}"


def _upn(sequence: int) -> str:
    return f"Z{(sequence * 982_451_653 + 12_345) % 10**12:012d}"


class _Maker:
    def __init__(self, *, children: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
        self.girls = _weighted(GIRLS, 6)
        self.boys = _weighted(BOYS, 6)
        shuffled = list(FAMILY)
        random.Random(seed + 1).shuffle(shuffled)  # noqa: S311
        self.family = _weighted(shuffled, 12)
        self.districts = max(children // 7_000, 4)
        self.schools = [self._schools_for(d) for d in range(self.districts)]
        # Addresses have their own stream, so that adding them changed no other detail.
        self.places = random.Random(seed + 2)  # noqa: S311
        self.streets = [self._streets_for(d) for d in range(self.districts)]

    def _streets_for(self, district: int) -> list[str]:
        rng = random.Random(1_000 + district)  # noqa: S311
        return [
            f"{rng.choice(_STARTS).title()}{rng.choice(_ENDS)} {rng.choice(list(STREET_TYPES))}"
            for _ in range(STREETS_PER_DISTRICT)
        ]

    def address(self, district: int) -> str:
        """A house number and a street of the district."""
        rng = self.places
        return f"{rng.randrange(1, HOUSE_NUMBERS)} {rng.choice(self.streets[district])}"

    def address_as_recorded(self, address: str, p_typo: float) -> str:
        """How one agency writes an address: now and then with the street type shortened, in
        other letters' case, with a typing mistake in the street's name, or the town added."""
        rng = self.places
        number, street, kind = address.split(" ")
        if rng.random() < 0.25 and STREET_TYPES[kind]:
            kind = rng.choice(STREET_TYPES[kind])
        if rng.random() < p_typo * 2:
            street = self.typo(street.lower(), rng).title()
        written = f"{number} {street} {kind}"
        roll = rng.random()
        if roll < 0.05:
            written = written.upper()
        elif roll < 0.1:
            written = written.lower()
        elif roll < 0.15:
            written = f"{number}, {street} {kind}, Zedton"
        return written

    def _schools_for(self, district: int) -> list[str]:
        rng = random.Random(district)  # noqa: S311
        place = rng.choice(_STARTS).title() + rng.choice(_ENDS)
        saint = rng.choice(SAINTS)
        return [
            f"{place} Academy",
            f"St {saint}'s School",
            f"{place} High School",
            f"{place} Primary School",
        ]

    def postcode(self, district: int) -> str:
        rng = self.rng
        return f"ZZ{district + 1} {rng.randrange(10)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"

    def given(self, gender: str, avoid: set[str]) -> str:
        """A name for a child whose siblings have the names ``avoid``: not one of theirs, nor
        a variant of one, nor one that sounds the same."""
        names, weights = self.girls if gender == "female" else self.boys
        while True:
            name = self.rng.choices(names, weights)[0]
            if not any(
                are_variants(name, other) or _sound(name) == _sound(other) for other in avoid
            ):
                return name

    def family_name(self) -> str:
        names, weights = self.family
        return self.rng.choices(names, weights)[0].title()

    def households(self, children: int) -> Iterator[list[_Child]]:
        rng = self.rng
        sizes = [size for size, _ in CHILDREN_IN_HOUSEHOLD]
        size_weights = [weight for _, weight in CHILDREN_IN_HOUSEHOLD]
        made = 0
        while made < children:
            size = min(rng.choices(sizes, size_weights)[0], children - made)
            family = self.family_name()
            district = rng.randrange(self.districts)
            postcode = self.postcode(district)
            address = self.address(district)
            days_old = rng.randrange(30, 18 * 365)  # the eldest's age in days
            household: list[_Child] = []
            used: set[str] = set()
            for place in range(size):
                gender = "female" if rng.random() < 0.5 else "male"
                if place and rng.random() < 0.04:
                    born = household[-1].born  # twins
                else:
                    if place:
                        days_old -= rng.randrange(330, 2_000)
                        if days_old < 30:  # no room for a younger one: an older one instead
                            oldest = min(sibling.born for sibling in household)
                            days_old = (AS_OF - oldest).days + rng.randrange(330, 2_000)
                    born = AS_OF - dt.timedelta(days=days_old)
                given = self.given(gender, used)
                used.add(given)
                age = (AS_OF - born).days // 365
                school = (
                    rng.choice(
                        self.schools[district][:3]
                        if age >= 11
                        else [self.schools[district][1], self.schools[district][3]]
                    )
                    if age >= 4
                    else ""
                )
                household.append(
                    _Child(
                        number=made,
                        given=given.title(),
                        family=family if rng.random() > 0.1 else self.family_name(),
                        born=born,
                        gender=gender,
                        postcode=postcode,
                        address=address,
                        district=district,
                        school=school,
                        nhs=_nhs_number(made),
                        upn=_upn(made) if age >= 4 else "",
                    )
                )
                made += 1
            yield household

    # --- how one agency records a child ---------------------------------------------------

    def typo(self, word: str, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        if len(word) < 3:
            return word
        at = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        letter = rng.choice(string.ascii_lowercase)
        if kind == 0:
            return word[:at] + letter + word[at + 1 :]
        if kind == 1:
            return word[:at] + word[at + 1 :]
        if kind == 2:
            return word[:at] + letter + word[at:]
        at = min(at, len(word) - 2)
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]

    def nickname(self, given: str) -> str:
        """Another form of the name: from the project's list, or failing that one of the
        package's starting with the same letter (its groups are broader); now and then, and
        always for a name neither knows a form of, a short form no list knows."""
        name = given.lower()
        others = project_variants(name) or tuple(
            other for other in variants(name) if other[0] == name[0]
        )
        if others and self.rng.random() < 0.85:
            return self.rng.choice(others).title()
        return given[: self.rng.randrange(3, 5)]

    def born_as_recorded(self, born: dt.date) -> dt.date:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3 and born.day <= 12 and born.day != born.month:
            return born.replace(day=born.month, month=born.day)
        if roll < 0.6:
            return born + dt.timedelta(days=rng.choice((-2, -1, 1, 2, 10, -10)))
        if roll < 0.8:
            try:
                return born.replace(year=born.year + rng.choice((-1, 1)))
            except ValueError:
                return born
        day = min(max(born.day + rng.choice((-9, 9, 10, -10, 20)), 1), 28)
        return born.replace(day=day)

    def school_as_recorded(self, school: str) -> str:
        rng = self.rng
        if not school or rng.random() > 0.3:
            return school
        variants = [
            school.replace("School", "").strip(),
            school.replace("'s", "s"),
            school.replace("St ", "Saint "),
            school.replace("St ", "St. "),
            school.upper(),
        ]
        return rng.choice(variants)

    def record(self, child: _Child, agency: str) -> dict[str, object]:
        rng = self.rng
        _, p_nhs, p_upn, p_school, p_nick, p_typo, p_no_born, p_no_postcode = AGENCIES[agency]
        given = child.given
        if rng.random() < p_nick:
            given = self.nickname(given)
        if rng.random() < p_typo:
            given = self.typo(given.lower()).title()
        family = child.family
        roll = rng.random()
        if roll < 0.03:
            family = self.family_name()  # a new family name after a change at home
        elif roll < 0.04:
            family = f"{family}-{self.family_name()}"
        if rng.random() < p_typo:
            family = self.typo(family.lower()).title()
        if rng.random() < SWAPPED_NAMES:
            given, family = family, given
        born: dt.date | None = child.born
        roll = rng.random()
        if roll < p_no_born:
            born = None
        elif roll < p_no_born + 0.04:
            born = self.born_as_recorded(child.born)
        gender = child.gender
        roll = rng.random()
        if roll < 0.03:
            gender = "not_known"
        elif roll < 0.035:
            gender = "male" if gender == "female" else "female"
        postcode = child.postcode
        address = child.address
        roll = rng.random()
        if roll < p_no_postcode:
            postcode = ""
        elif roll < p_no_postcode + 0.10:  # an old address
            district = child.district if rng.random() < 0.5 else rng.randrange(self.districts)
            postcode = self.postcode(district)
            address = self.address(district)
        elif roll < p_no_postcode + 0.11:
            postcode = postcode.replace(" ", "").lower()
        # An agency without the postcode seldom has the rest of the address; a few have only
        # the postcode.
        if self.places.random() < (0.8 if not postcode else 0.06):
            address = ""
        else:
            address = self.address_as_recorded(address, p_typo)
        school = ""
        if child.school and rng.random() < p_school:
            school = self.school_as_recorded(child.school)
            if rng.random() < 0.05:
                school = self.school_as_recorded(rng.choice(self.schools[child.district]))
        nhs = child.nhs if rng.random() < p_nhs else ""
        upn = child.upn if rng.random() < p_upn else ""
        return {
            "child": child.number,
            "agency": agency,
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "gender": gender,
            "postcode": postcode,
            "school": school,
            "nhs_number": nhs,
            "upn": upn,
            "address": address,
        }

    def records(self, children: int) -> Iterator[dict[str, object]]:
        rng = self.rng
        kinds = list(AGENCIES)
        weights = [AGENCIES[kind][0] for kind in kinds]
        counts = [count for count, _ in AGENCIES_KNOWING]
        count_weights = [weight for _, weight in AGENCIES_KNOWING]
        for household in self.households(children):
            for child in household:
                wanted = rng.choices(counts, count_weights)[0]
                chosen: list[str] = []
                while len(chosen) < wanted:
                    kind = rng.choices(kinds, weights)[0]
                    if kind not in chosen:
                        chosen.append(kind)
                if rng.random() < 0.02:
                    chosen.append(chosen[0])  # the same child twice in one system
                for kind in chosen:
                    yield self.record(child, kind)


def records_per_child() -> float:
    """The average number of agency records each child has in the generated data."""
    counts, weights = zip(*AGENCIES_KNOWING, strict=True)
    return sum(c * w for c, w in zip(counts, weights, strict=True)) / sum(weights) + 0.02


def synthetic_records(*, records: int, seed: int = 1) -> pa.Table:
    """About ``records`` agency records (exactly that many) with the true child of each in
    ``child``. Columns: see ``COLUMNS``; missing text is empty, a missing date is null."""
    children = max(round(records / records_per_child()), 1)
    maker = _Maker(children=children + children // 10, seed=seed)
    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    per_agency: dict[str, int] = {}
    rows = maker.records(children + children // 10)
    for uid, row in zip(range(1, records + 1), rows, strict=False):
        agency = str(row["agency"])
        per_agency[agency] = per_agency.get(agency, 0) + 1
        columns["uid"].append(uid)
        columns["source_person_id"].append(f"{agency[:2].upper()}{per_agency[agency]:08d}")
        for name, value in row.items():
            columns[name].append(value)
    schema = pa.schema(
        [
            ("uid", pa.int64()),
            ("child", pa.int64()),
            ("agency", pa.string()),
            ("source_person_id", pa.string()),
            ("given_name", pa.string()),
            ("family_name", pa.string()),
            ("date_of_birth", pa.date32()),
            ("gender", pa.string()),
            ("postcode", pa.string()),
            ("school", pa.string()),
            ("nhs_number", pa.string()),
            ("upn", pa.string()),
            ("address", pa.string()),
        ]
    )
    return pa.table(columns, schema=schema)


@dataclass(frozen=True)
class Accuracy:
    """Pairwise accuracy: of the pairs of records put in one child, how many are truly the same
    child (precision), and of the pairs that truly are, how many were put together (recall)."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def pairwise_accuracy(*, uids: list[int], truth: list[int], predicted: list[int]) -> Accuracy:
    """Compare a predicted child for each record with the true one."""
    import duckdb

    table = pa.table({"uid": uids, "truth": truth, "predicted": predicted})
    con = duckdb.connect()
    con.register("t", table)

    def pairs(columns: str) -> int:
        [(value,)] = con.sql(
            f"select coalesce(sum(n * (n - 1) / 2), 0) from "  # noqa: S608 (fixed names)
            f"(select count(*) as n from t group by {columns})"
        ).fetchall()
        return int(value)

    both, true_pairs, predicted_pairs = (
        pairs("truth, predicted"),
        pairs("truth"),
        pairs("predicted"),
    )
    con.close()
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, true_pairs, predicted_pairs)
