"""A labelled evaluation set for identity resolution, made independently of the training data.

``seemehearme.identity.synthetic`` makes the records the model's parameters are trained on.
This module is a second, separate generator (it shares no code or name lists with that one)
so that what is measured on it is not what the model was fitted to. It makes a synthetic area:
households of children (siblings, and twins who share a family name, a date of birth, an
address and a school), each child known to several agencies (police, health, schools, social
care, youth justice) with the mistakes and changes real records have:

- names from several communities (White British, South Asian, West African, Somali, Polish and
  Eastern European, Irish, Chinese), with each community's short forms, transliterations and
  spellings, typing mistakes, and given and family names written the wrong way round;
- dates of birth missing, mistyped by a digit, or with the day and month swapped;
- family names that change (a step-family, an adoption), placement moves (a new address,
  postcode and school part way through the year), and a second record of the same child in one
  agency;
- addresses (a house number on the postcode's street, some households in flats) written
  differently: street types shortened ("Tce", "Rd."), a flat's number left out or written
  "2/14", typing mistakes, the town added, or no address at all (drawn from their own random
  stream, so the other details are the records made before addresses were added);
- wrong identifiers: a sibling's NHS number, an NHS number with one digit mistyped (which the
  modulus 11 check catches: no single slip passes it), one with two digits mistyped that still
  passes the check, a placeholder NHS number one agency gives children whose number it does not
  know (shared by unrelated children), and a sibling's unique pupil number.

Every record carries its true child, its household, what was done to it (``cases``) and the
import batch it arrives in (an agency and a month), so that linking one batch at a time can be
compared with one run over all. The same seed gives the same records. Only made-up people: NHS
numbers are in the 999 range set aside for testing, postcodes in the unused ZZ area.

It also holds the measures the benchmark reports (``pairwise``, ``false_merges``,
``partition_agreement``), which work on plain lists so they can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# --- Names ----------------------------------------------------------------------------------------
# Each entry is a group of forms of one name: the first is the usual one, the others are short
# forms, nicknames, transliterations or other spellings that the same child is recorded under.

Names = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Community:
    key: str
    girls: Names
    boys: Names
    families: Names
    weight: float  # share of households
    swap_rate: float  # how often a record has given and family names the wrong way round
    gendered_family: dict[str, str] = field(default_factory=dict)  # male form -> female form


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "white_british",
        girls=(
            ("Olivia", "Liv", "Livvy"),
            ("Amelia", "Millie", "Amy"),
            ("Isabella", "Bella", "Izzy", "Isabelle"),
            ("Elizabeth", "Beth", "Lizzie", "Libby", "Eliza"),
            ("Charlotte", "Lottie", "Charlie"),
            ("Jessica", "Jess", "Jessie"),
            ("Rebecca", "Becky", "Becca"),
            ("Katherine", "Kate", "Katie", "Catherine", "Kathryn"),
            ("Emily", "Em", "Emilie"),
            ("Grace", "Gracie"),
            ("Sophie", "Sophia", "Soph"),
            ("Abigail", "Abbie", "Abby"),
            ("Hannah", "Hanna"),
            ("Lily", "Lilly", "Lillie"),
            ("Poppy",),
            ("Chloe", "Cloe"),
            ("Megan", "Meg", "Meghan"),
            ("Eleanor", "Ellie", "Nell", "Elinor"),
        ),
        boys=(
            ("Oliver", "Ollie", "Olly"),
            ("William", "Will", "Billy", "Liam"),
            ("Thomas", "Tom", "Tommy"),
            ("James", "Jim", "Jamie", "Jimmy"),
            ("Jack", "Jackie"),
            ("Harry", "Harrison"),
            ("George", "Georgie"),
            ("Alfie", "Alfred", "Alf"),
            ("Daniel", "Dan", "Danny"),
            ("Joseph", "Joe", "Joey"),
            ("Samuel", "Sam", "Sammy"),
            ("Benjamin", "Ben", "Benji"),
            ("Matthew", "Matt", "Matty"),
            ("Christopher", "Chris", "Kit"),
            ("Edward", "Ed", "Eddie", "Ted", "Teddy"),
            ("Alexander", "Alex", "Alfie"),
            ("Robert", "Rob", "Bobby", "Robbie"),
            ("Lewis", "Louis"),
        ),
        families=(
            ("Smith", "Smyth"),
            ("Jones",),
            ("Taylor", "Tayler"),
            ("Brown", "Browne"),
            ("Williams",),
            ("Wilson",),
            ("Johnson", "Johnston"),
            ("Davies", "Davis"),
            ("Robinson",),
            ("Wright",),
            ("Thompson", "Thomson"),
            ("Evans",),
            ("Walker",),
            ("White", "Whyte"),
            ("Roberts",),
            ("Green", "Greene"),
            ("Hall",),
            ("Wood", "Woods"),
            ("Jackson",),
            ("Clarke", "Clark"),
            ("Harrison",),
            ("Cooper",),
            ("Hughes",),
            ("Edwards",),
            ("Turner",),
            ("Hill",),
            ("Moore", "More"),
            ("Mitchell",),
            ("Lee", "Leigh"),
            ("Baker",),
        ),
        weight=0.45,
        swap_rate=0.01,
    ),
    Community(
        "south_asian",
        girls=(
            ("Aisha", "Ayesha", "Aysha"),
            ("Fatima", "Fatimah", "Fathima"),
            ("Zainab", "Zaynab", "Zenab"),
            ("Maryam", "Mariam", "Mariyam"),
            ("Priya", "Pria"),
            ("Harpreet", "Harprit"),
            ("Simran", "Simrun"),
            ("Amira", "Ameera"),
            ("Hafsa", "Hafsah"),
            ("Anaya", "Ananya"),
            ("Noor", "Nur"),
            ("Inaaya", "Inaya"),
            ("Sana", "Sanaa"),
            ("Khadija", "Khadijah", "Khadeeja"),
        ),
        boys=(
            ("Muhammad", "Mohammed", "Mohammad", "Mohamed", "Mo"),
            ("Ahmed", "Ahmad", "Ahmet"),
            ("Ali",),
            ("Hassan", "Hasan"),
            ("Yusuf", "Yousuf", "Yusef", "Yousef"),
            ("Ibrahim", "Ebrahim"),
            ("Hamza", "Hamzah"),
            ("Amir", "Ameer"),
            ("Aarav", "Arav"),
            ("Arjun",),
            ("Rahul", "Raul"),
            ("Gurpreet", "Gurprit"),
            ("Zayn", "Zain", "Zane"),
            ("Ayaan", "Ayan"),
            ("Rayyan", "Rayan"),
        ),
        families=(
            ("Khan",),
            ("Ahmed", "Ahmad"),
            ("Hussain", "Hussein", "Husain"),
            ("Begum",),
            ("Patel",),
            ("Singh",),
            ("Kaur",),
            ("Shah",),
            ("Akhtar", "Akhter"),
            ("Rahman", "Rehman"),
            ("Chaudhry", "Choudhury", "Chowdhury"),
            ("Iqbal", "Iqbaal"),
            ("Islam",),
            ("Ali",),
            ("Mahmood", "Mehmood", "Mahmud"),
            ("Sharma",),
            ("Mistry",),
            ("Bibi",),
        ),
        weight=0.15,
        swap_rate=0.03,
    ),
    Community(
        "west_african",
        girls=(
            ("Oluwaseun", "Seun"),
            ("Temitope", "Tope", "Temi"),
            ("Ngozi",),
            ("Chioma",),
            ("Ifeoma", "Ify"),
            ("Olufunmilayo", "Funmi", "Funmilayo"),
            ("Abena",),
            ("Ama", "Amma"),
            ("Adaeze", "Ada"),
            ("Oluwadamilola", "Dami", "Damilola"),
            ("Esther",),
            ("Blessing",),
        ),
        boys=(
            ("Oluwatobi", "Tobi"),
            ("Chukwuemeka", "Emeka"),
            ("Adebayo", "Bayo"),
            ("Babatunde", "Tunde"),
            ("Kwame",),
            ("Kofi",),
            ("Oluwadamilare", "Dami", "Damilare"),
            ("Ayodeji", "Ayo", "Deji"),
            ("Chinedu", "Chinny"),
            ("Kwabena", "Kobby"),
            ("Samuel", "Sam"),
            ("Daniel", "Danny"),
        ),
        families=(
            ("Okafor",),
            ("Adeyemi", "Adeyemie"),
            ("Okonkwo",),
            ("Mensah",),
            ("Asante",),
            ("Owusu",),
            ("Adebayo",),
            ("Oladipo", "Oladipupo"),
            ("Nwosu",),
            ("Boateng",),
            ("Appiah",),
            ("Eze",),
            ("Ogunleye",),
            ("Olaniyan",),
        ),
        weight=0.1,
        swap_rate=0.03,
    ),
    Community(
        "somali",
        girls=(
            ("Hodan", "Hoodo"),
            ("Faduma", "Fadumo", "Fatuma"),
            ("Ayaan", "Ayan"),
            ("Hibaaq", "Hibo"),
            ("Ilhan", "Ilhaan"),
            ("Nasra", "Nasro"),
            ("Sagal",),
            ("Yasmin", "Yasmiin"),
            ("Khadra", "Qadra"),
            ("Ikran",),
        ),
        boys=(
            ("Mohamed", "Maxamed", "Mohammed", "Mohamud"),
            ("Abdirahman", "Cabdiraxmaan", "Abdi"),
            ("Abdullahi", "Cabdullaahi"),
            ("Liban", "Libaan"),
            ("Hamza", "Xamza"),
            ("Mustafe", "Mustafa"),
            ("Ayub", "Ayuub"),
            ("Guled", "Guuleed"),
            ("Ismail", "Ismaaciil"),
        ),
        # A Somali child's family name is usually the father's given name: siblings share it.
        families=(
            ("Hassan", "Xasan"),
            ("Ali", "Cali"),
            ("Mohamed", "Maxamed"),
            ("Abdi", "Cabdi"),
            ("Warsame", "Warsama"),
            ("Farah", "Faarax"),
            ("Omar", "Cumar"),
            ("Jama", "Jaamac"),
            ("Osman", "Cusmaan"),
            ("Ahmed", "Axmed"),
            ("Hussein", "Xuseen"),
            ("Yusuf", "Yuusuf"),
        ),
        weight=0.06,
        swap_rate=0.06,
    ),
    Community(
        "eastern_european",
        girls=(
            ("Aleksandra", "Ola", "Alexandra"),
            ("Katarzyna", "Kasia", "Kate"),
            ("Małgorzata", "Malgorzata", "Gosia"),
            ("Zuzanna", "Zuzia", "Susanna"),
            ("Natalia", "Natalie"),
            ("Oliwia", "Olivia"),
            ("Agnieszka", "Aga", "Agnes"),
            ("Wiktoria", "Victoria", "Viktoria"),
            ("Ioana", "Joanna"),
            ("Maja", "Maya"),
        ),
        boys=(
            ("Jakub", "Kuba", "Jacob"),
            ("Wojciech", "Wojtek"),
            ("Szymon", "Simon"),
            ("Mateusz", "Matthew", "Mateus"),
            ("Piotr", "Peter"),
            ("Tomasz", "Tomek", "Tom"),
            ("Andrzej", "Andrew"),
            ("Mihai", "Michael"),
            ("Ionuț", "Ionut"),
            ("Łukasz", "Lukasz", "Luke"),
            ("Filip", "Philip"),
        ),
        families=(
            ("Kowalski",),
            ("Nowak",),
            ("Wiśniewski", "Wisniewski"),
            ("Wójcik", "Wojcik"),
            ("Kamiński", "Kaminski"),
            ("Lewandowski",),
            ("Zieliński", "Zielinski"),
            ("Popescu",),
            ("Ionescu",),
            ("Horváth", "Horvath"),
            ("Szymański", "Szymanski"),
            ("Dąbrowski", "Dabrowski"),
        ),
        weight=0.09,
        swap_rate=0.02,
        gendered_family={
            "Kowalski": "Kowalska",
            "Wiśniewski": "Wiśniewska",
            "Wisniewski": "Wisniewska",
            "Kamiński": "Kamińska",
            "Kaminski": "Kaminska",
            "Lewandowski": "Lewandowska",
            "Zieliński": "Zielińska",
            "Zielinski": "Zielinska",
            "Szymański": "Szymańska",
            "Szymanski": "Szymanska",
            "Dąbrowski": "Dąbrowska",
            "Dabrowski": "Dabrowska",
        },
    ),
    Community(
        "irish",
        girls=(
            ("Siobhán", "Siobhan", "Shivaun"),
            ("Niamh", "Neve", "Neeve"),
            ("Aoife", "Eefa"),
            ("Caoimhe", "Keeva"),
            ("Saoirse", "Seersha"),
            ("Róisín", "Roisin", "Rosheen"),
            ("Orla", "Orlagh"),
            ("Ciara", "Kiara"),
            ("Aisling", "Ashling"),
        ),
        boys=(
            ("Seán", "Sean", "Shaun", "Shawn"),
            ("Pádraig", "Padraig", "Patrick", "Paddy"),
            ("Ciarán", "Ciaran", "Kieran"),
            ("Eoin", "Owen"),
            ("Cian", "Kian"),
            ("Oisín", "Oisin", "Osheen"),
            ("Declan",),
            ("Conor", "Connor"),
            ("Darragh", "Dara"),
        ),
        families=(
            ("O'Brien", "OBrien", "O Brien"),
            ("Murphy",),
            ("Kelly", "Kelley"),
            ("O'Sullivan", "Sullivan"),
            ("Walsh", "Welsh"),
            ("McCarthy", "MacCarthy"),
            ("O'Neill", "O'Neil"),
            ("Byrne", "Burne"),
            ("Ryan",),
            ("Doherty", "Docherty"),
            ("Gallagher",),
            ("McLaughlin", "McLoughlin"),
        ),
        weight=0.06,
        swap_rate=0.01,
    ),
    Community(
        "chinese",
        girls=(
            ("Mei", "May"),
            ("Jing", "Jenny"),
            ("Xinyi", "Xin Yi"),
            ("Yuxuan", "Yu Xuan"),
            ("Jiahui", "Jia Hui"),
            ("Zihan", "Zi Han"),
            ("Yan", "Yen"),
            ("Hui", "Wai"),
        ),
        boys=(
            ("Wei", "David"),
            ("Hao",),
            ("Xiaoming", "Xiao Ming"),
            ("Junjie", "Jun Jie"),
            ("Zhiwei", "Chi Wai"),
            ("Haoran", "Hao Ran"),
            ("Jun", "Chun"),
            ("Ming",),
        ),
        families=(
            ("Wang", "Wong"),
            ("Li", "Lee"),
            ("Zhang", "Cheung", "Chang"),
            ("Liu", "Lau"),
            ("Chen", "Chan"),
            ("Yang", "Yeung"),
            ("Huang", "Wong"),
            ("Zhao", "Chiu"),
            ("Wu", "Ng"),
            ("Zhou", "Chow"),
            ("Lin", "Lam"),
        ),
        weight=0.09,
        # Family name first, as at home: often written down the other way round.
        swap_rate=0.15,
    ),
)

AGENCIES = ("police", "health", "school", "social_care", "youth_justice")
MONTHS = 12
FIRST_MONTH = dt.date(2025, 1, 1)
PLACEHOLDER_NHS = "9990000026"  # a valid number one agency puts on children whose number is unknown
OUTWARD = [f"ZZ{n}" for n in range(1, 10)] + [f"ZZ{n}{c}" for n in range(1, 10) for c in "AB"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Street names (one for each postcode; words unlike the training generator's) and their types,
# with the short forms agencies write (some the matcher does not know, such as "Tce").
STREET_WORDS = (
    "Elm",
    "Beech",
    "Rowan",
    "Hawthorn",
    "Chestnut",
    "Sycamore",
    "Larch",
    "Alder",
    "Hazel",
    "Juniper",
    "Maple",
    "Linden",
    "Poplar",
    "Cedar",
    "Aspen",
    "Magnolia",
    "Laburnum",
    "Holly",
    "Ivy",
    "Heather",
    "Bramble",
    "Primrose",
    "Bluebell",
    "Foxglove",
    "Clover",
    "Meadow",
    "Orchard",
    "Quarry",
    "Mill",
    "Chapel",
    "Church",
    "Station",
    "Market",
    "Bridge",
    "Castle",
    "Abbey",
    "Priory",
    "Kiln",
    "Forge",
    "Tannery",
    "Wharf",
    "Ferry",
    "Victoria",
    "Albert",
    "Alexandra",
    "Jubilee",
    "Coronation",
    "Regent",
    "Nelson",
    "Wellington).split(",
)
STREET_ENDS = ("", "", "", " Park", " Bank", " Hill", " Side")
STREET_KINDS: dict[str, tuple[str, ...]] = {
    "Road": ("Rd", "Rd.", "RD"),
    "Street": ("St", "Str"),
    "Avenue": ("Ave",),
    "Terrace": ("Tce", "Terr"),
    "Place": ("Pl",),
    "Court": ("Ct",),
    "Mews": (),
    "Row": (),
    "Walk": (),
    "Square": ("Sq",),
    "Parade": ("Pde",),
}
SCHOOL_STEMS = (
    "Northbridge",
    "Riverside",
    "Hillcrest",
    "Oakfield",
    "St Mary's",
    "St Joseph's",
    "Meadowbank",
    "Kingsway",
    "Greenhill",
    "Ashton",
    "Beechwood",
    "Holy Trinity",
    "Westfield",
    "Parkside",
    "Al-Noor",
    "Brookside",
    "Elmwood",
    "Fairview",
    "Castle Vale",
    "Moorland",
)
KEYBOARD_NEIGHBOURS = {
    "a": "sqz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "w": "qe",
    "y": "tu",
    "z": "x",
}

# How often each kind of event happens (per record unless said otherwise).
RATES = {
    "given_typo": 0.04,
    "family_typo": 0.04,
    "variant": 0.15,  # another form of the given name (short form, spelling)
    "family_variant": 0.05,
    "dob_missing": 0.04,  # x 3 for police and youth justice
    "dob_swap": 0.015,
    "dob_digit": 0.015,
    "gender_missing": 0.1,
    "postcode_missing": 0.06,
    "address_missing": 0.09,  # x 8 when the postcode is missing too
    "address_short_type": 0.3,  # the street type shortened
    "address_typo": 0.03,
    "address_town": 0.08,  # the town written after the street
    "address_case": 0.1,  # all in capitals or all lower case
    "flat": 0.2,  # per household: lives in a flat
    "flat_left_out": 0.3,  # of records of a household in a flat
    "nhs_sibling": 0.01,  # of records with an NHS number whose child has a sibling
    "nhs_typo": 0.004,
    "nhs_typo_valid": 0.004,
    "nhs_placeholder": 0.01,  # of police records with no NHS number
    "upn_sibling": 0.01,
    "duplicate": 0.08,  # a second record in the same agency (per child and agency)
    # per child
    "move": 0.08,
    "name_change": 0.02,
    "twins": 0.03,  # per household with children
}
# Who holds whom: the chance a child is known to the agency, and that its record has an NHS
# number / a pupil number.
COVERAGE = {
    "health": (0.9, 0.95, 0.0),
    "school": (0.92, 0.35, 0.92),  # children of school age
    "police": (0.25, 0.25, 0.0),
    "social_care": (0.2, 0.7, 0.4),
    "youth_justice": (0.12, 0.5, 0.3),  # children aged 10 and over
}


# --- Identifiers ------------------------------------------------------------------------------


def nhs_check_digit(nine: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None when there is none (remainder 1)."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_valid(number: str) -> bool:
    if len(number) != 10 or not number.isdigit():
        return False
    return nhs_check_digit(number[:9]) == int(number[9])


def _nhs_new(rng: random.Random, used: set[str]) -> str:
    while True:
        nine = "999" + f"{rng.randrange(1_000_000):06d}"
        check = nhs_check_digit(nine)
        number = f"{nine}{check}"
        if check is not None and number not in used and number != PLACEHOLDER_NHS:
            used.add(number)
            return number


def nhs_one_digit_wrong(rng: random.Random, number: str) -> str:
    """One digit (not the first three) changed: the check digit always catches it."""
    position = rng.randrange(3, 10)
    digit = rng.choice([d for d in "0123456789" if d != number[position]])
    return number[:position] + digit + number[position + 1 :]


def nhs_two_digits_wrong_valid(rng: random.Random, number: str, used: set[str]) -> str:
    """Two of the nine digits mistyped and the result still passes the check (the check digit
    as typed happens to fit): a valid number that belongs to no child in the area."""
    while True:
        a, b = rng.sample(range(3, 9), 2)
        digits = list(number[:9])
        digits[a] = rng.choice([d for d in "0123456789" if d != digits[a]])
        digits[b] = rng.choice([d for d in "0123456789" if d != digits[b]])
        wrong = "".join(digits) + number[9]
        if nhs_valid(wrong) and wrong not in used and wrong != PLACEHOLDER_NHS:
            return wrong


def _upn_new(rng: random.Random, used: set[str]) -> str:
    while True:
        upn = rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ") + f"{rng.randrange(10**12):012d}"
        if upn not in used:
            used.add(upn)
            return upn


# --- The area ---------------------------------------------------------------------------------


@dataclass
class Child:
    id: int
    household: int
    community: str
    gender: str
    given: tuple[str, ...]  # the name's forms, usual first
    family: tuple[str, ...]
    born: dt.date
    postcode: str
    school: str | None  # primary or secondary by age, None under 4
    nhs: str
    upn: str | None
    twin_of: int | None = None
    siblings: list[int] = field(default_factory=list)
    # Changes during the year: (month it happens, new postcode, new school) and (month, name).
    move: tuple[int, str, str | None] | None = None
    name_change: tuple[int, tuple[str, ...]] | None = None
    # (flat or None, house number, street) now and after a move
    address: tuple[int | None, int, str] = (None, 1, "")
    move_address: tuple[int | None, int, str] | None = None


@dataclass
class Record:
    uid: int
    child: int
    agency: str
    source_person_id: str
    month: int  # 0-11: the import batch is (agency, month)
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    gender: str
    postcode: str
    school: str
    nhs_number: str
    upn: str
    nhs_owner: int | None = None  # the child the NHS number belongs to (None: no one)
    cases: list[str] = field(default_factory=list)
    address: str = ""

    @property
    def batch(self) -> str:
        return f"{self.agency}-{(FIRST_MONTH.month + self.month - 1) % 12 + 1:02d}"


@dataclass
class Area:
    children: dict[int, Child]
    records: list[Record]

    def households(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for child in self.children.values():
            found[child.household].append(child.id)
        return found


def _family_form(community: Community, family: str, gender: str) -> str:
    if gender == "female":
        return community.gendered_family.get(family, family)
    return family


def _typo(rng: random.Random, name: str) -> str:
    """One keyboard slip: a letter replaced by its neighbour, dropped, doubled or two swapped."""
    if len(name) < 3:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        near = KEYBOARD_NEIGHBOURS.get(name[i].lower(), "e")
        return name[:i] + rng.choice(near) + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def _postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice(OUTWARD)} {rng.randrange(1, 10)}"
        f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    )


def _street_name(rng: random.Random) -> str:
    return f"{rng.choice(STREET_WORDS)}{rng.choice(STREET_ENDS)} {rng.choice(list(STREET_KINDS))}"


def _home(rng: random.Random, street: str) -> tuple[int | None, int, str]:
    """A household's address on ``street``: a house number, and a flat's number for some."""
    flat = rng.randrange(1, 12) if rng.random() < RATES["flat"] else None
    return flat, rng.randrange(1, 200), street


def _address_written(rng: random.Random, home: tuple[int | None, int, str]) -> tuple[str, str]:
    """How an agency writes an address, and what it did (a ``cases`` name, or "")."""
    flat, number, street = home
    words = street.split(" ")
    kind = words[-1]
    case = ""
    if STREET_KINDS[kind] and rng.random() < RATES["address_short_type"]:
        words[-1] = rng.choice(STREET_KINDS[kind])
    if rng.random() < RATES["address_typo"]:
        words[0] = _typo(rng, words[0])
        case = "address_typo"
    line = f"{number} {' '.join(words)}"
    if flat is not None:
        roll = rng.random()
        if roll < RATES["flat_left_out"]:
            case = case or "address_flat_left_out"
        elif roll < 0.6:
            line = f"Flat {flat}, {line}"
        else:
            line = f"{flat}/{line}"
    if rng.random() < RATES["address_town"]:
        line = f"{line}, Zedbury"
    roll = rng.random()
    if roll < RATES["address_case"] / 2:
        line = line.upper()
    elif roll < RATES["address_case"]:
        line = line.lower()
    return line, case


def _school_for(rng: random.Random, age: int, primaries: list[str], secondaries: list[str]) -> str:
    return rng.choice(primaries if age < 11 else secondaries) if age >= 4 else ""


def _school_written(rng: random.Random, school: str) -> str:
    """How an agency writes a school's name: as it is, shortened, or with "Saint"."""
    roll = rng.random()
    if roll < 0.1:
        return school.replace(" School", "").replace(" Academy", "")
    if roll < 0.15 and school.startswith("St "):
        return "Saint " + school[3:]
    return school


def _pick(rng: random.Random, community: Community, gender: str) -> tuple[str, ...]:
    return rng.choice(community.girls if gender == "female" else community.boys)


def make_area(*, children: int, seed: int) -> Area:
    """An area of about ``children`` children in households, and their agencies' records."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    weights = [c.weight for c in COMMUNITIES]
    primaries = [f"{stem} Primary School" for stem in SCHOOL_STEMS]
    secondaries = [f"{stem} Academy" for stem in SCHOOL_STEMS[: len(SCHOOL_STEMS) // 2]]
    streets = [_postcode(rng) for _ in range(max(children // 6, 20))]
    # Addresses come from their own stream: the other details stay as they were without them.
    places = random.Random(seed * 7_919 + 3)  # noqa: S311
    street_of = {postcode: _street_name(places) for postcode in sorted(set(streets))}
    nhs_used: set[str] = set()
    upn_used: set[str] = set()
    reference = FIRST_MONTH
    made: dict[int, Child] = {}
    household = 0
    while len(made) < children:
        household += 1
        community = rng.choices(COMMUNITIES, weights)[0]
        family = rng.choice(community.families)
        postcode = rng.choice(streets)
        size = rng.choices([1, 2, 3, 4, 5], [0.4, 0.33, 0.17, 0.07, 0.03])[0]
        twins_at = rng.randrange(size) if rng.random() < RATES["twins"] else None
        born = reference - dt.timedelta(days=rng.randrange(365, 17 * 365))
        members: list[Child] = []
        for index in range(size + (1 if twins_at is not None else 0)):
            twin = twins_at is not None and index == twins_at + 1
            if not twin and index:
                born = born - dt.timedelta(days=rng.randrange(330, 5 * 365))
                if born < reference - dt.timedelta(days=18 * 365):
                    break
            gender = rng.choice(("female", "male"))
            given = _pick(rng, community, gender)
            if twin:
                previous = members[-1]
                # Twins never share a given name; a third of them have names that sound alike.
                pool = community.girls if gender == "female" else community.boys
                alike = [g for g in pool if g != previous.given and g[0][0] == previous.given[0][0]]
                given = (
                    rng.choice(alike)
                    if alike and rng.random() < 0.33
                    else rng.choice([g for g in pool if g != previous.given])
                )
            age = (reference - born).days // 365
            school = _school_for(rng, age, primaries, secondaries)
            if members and school and rng.random() < 0.8:
                # Brothers and sisters usually go to the same school when of the same stage.
                same_stage = [
                    m.school for m in members if m.school and (age < 11) == ("Primary" in m.school)
                ]
                school = same_stage[0] if same_stage else school
            child = Child(
                id=len(made) + 1,
                household=household,
                community=community.key,
                gender=gender,
                given=given,
                family=tuple(_family_form(community, f, gender) for f in family),
                born=born,
                postcode=postcode,
                school=school or None,
                nhs=_nhs_new(rng, nhs_used),
                upn=_upn_new(rng, upn_used) if school else None,
                twin_of=members[-1].id if twin else None,
            )
            if twin:
                child.school = members[-1].school
                child.upn = _upn_new(rng, upn_used) if child.school else None
            made[child.id] = child
            members.append(child)
        ids = [m.id for m in members]
        home = _home(places, street_of[postcode])
        for member in members:
            member.siblings = [i for i in ids if i != member.id]
            member.address = home
        # Moves and name changes happen to a whole household.
        if rng.random() < RATES["move"]:
            month = rng.randrange(1, MONTHS)
            new_postcode = rng.choice(streets)
            new_home = _home(places, street_of[new_postcode])
            for member in members:
                member.move_address = new_home
                age = (reference - member.born).days // 365
                new_school = _school_for(rng, age, primaries, secondaries) or None
                member.move = (month, new_postcode, new_school)
        if rng.random() < RATES["name_change"]:
            month = rng.randrange(1, MONTHS)
            other = rng.choices(COMMUNITIES, weights)[0]
            new = rng.choice(other.families)
            double = rng.random() < 0.4
            for member in members:
                names = tuple(
                    f"{member.family[0]}-{n}" if double else _family_form(other, n, member.gender)
                    for n in new
                )
                member.name_change = (month, names)
    return Area(children=made, records=_records(rng, made, nhs_used, places))


def _records(
    rng: random.Random, children: dict[int, Child], nhs_used: set[str], places: random.Random
) -> list[Record]:
    records: list[Record] = []
    communities = {c.key: c for c in COMMUNITIES}
    person_numbers: Counter[str] = Counter()
    for child in children.values():
        age = (FIRST_MONTH - child.born).days // 365
        for agency in AGENCIES:
            known, with_nhs, with_upn = COVERAGE[agency]
            if agency == "school" and not child.school:
                continue
            if agency == "youth_justice" and age < 10:
                continue
            if rng.random() >= known:
                continue
            copies = 2 if rng.random() < RATES["duplicate"] else 1
            for copy in range(copies):
                person_numbers[agency] += 1
                month = rng.randrange(MONTHS)
                record = _record(
                    rng,
                    child,
                    children,
                    communities[child.community],
                    agency=agency,
                    month=month,
                    person_id=f"{agency[:2].upper()}{person_numbers[agency]:07d}",
                    nhs=rng.random() < with_nhs,
                    upn=rng.random() < with_upn,
                    nhs_used=nhs_used,
                    places=places,
                )
                if copy:
                    record.cases.append("second_record_in_agency")
                records.append(record)
    rng.shuffle(records)
    records.sort(key=lambda r: (r.month, AGENCIES.index(r.agency)))
    for uid, record in enumerate(records, start=1):
        record.uid = uid
    return records


def _record(
    rng: random.Random,
    child: Child,
    children: dict[int, Child],
    community: Community,
    *,
    agency: str,
    month: int,
    person_id: str,
    nhs: bool,
    upn: bool,
    nhs_used: set[str],
    places: random.Random,
) -> Record:
    cases: list[str] = []
    given = child.given[0]
    if len(child.given) > 1 and rng.random() < RATES["variant"]:
        given = rng.choice(child.given[1:])
        cases.append("given_variant")
    family_forms = child.family
    postcode = child.postcode
    school = child.school or ""
    if child.name_change and month >= child.name_change[0]:
        family_forms = child.name_change[1]
        cases.append("family_name_changed")
    home = child.address
    if child.move and month >= child.move[0]:
        postcode, school = child.move[1], child.move[2] or ""
        home = child.move_address or home
        cases.append("moved")
    family = family_forms[0]
    if len(family_forms) > 1 and rng.random() < RATES["family_variant"]:
        family = rng.choice(family_forms[1:])
        cases.append("family_variant")
    if rng.random() < RATES["given_typo"]:
        given = _typo(rng, given)
        cases.append("given_typo")
    if rng.random() < RATES["family_typo"]:
        family = _typo(rng, family)
        cases.append("family_typo")
    if rng.random() < community.swap_rate:
        given, family = family, given
        cases.append("names_swapped")
    born: dt.date | None = child.born
    missing = RATES["dob_missing"] * (3 if agency in ("police", "youth_justice") else 1)
    roll = rng.random()
    if roll < missing:
        born = None
        cases.append("dob_missing")
    elif (
        roll < missing + RATES["dob_swap"]
        and child.born.day <= 12
        and child.born.day != (child.born.month)
    ):
        born = child.born.replace(month=child.born.day, day=child.born.month)
        cases.append("dob_swapped")
    elif roll < missing + RATES["dob_swap"] + RATES["dob_digit"]:
        shifted = child.born.replace(day=min(28, (child.born.day + 10) % 30 or 1))
        if shifted != child.born:
            born = shifted
            cases.append("dob_digit")
    gender = "" if rng.random() < RATES["gender_missing"] else child.gender
    if rng.random() < RATES["postcode_missing"]:
        postcode = ""
        cases.append("postcode_missing")
    address, address_case = _address_written(places, home)
    if places.random() < RATES["address_missing"] * (8 if not postcode else 1):
        address, address_case = "", "address_missing"
    if address_case:
        cases.append(address_case)
    if school and agency not in ("school", "social_care", "youth_justice", "health"):
        school = school if rng.random() < 0.3 else ""
    if school:
        school = _school_written(rng, school)
    nhs_number = ""
    owner: int | None = None
    if nhs:
        nhs_number, owner = child.nhs, child.id
        roll = rng.random()
        siblings = child.siblings
        if siblings and roll < RATES["nhs_sibling"]:
            other = children[rng.choice(siblings)]
            nhs_number, owner = other.nhs, other.id
            cases.append("nhs_of_sibling")
        elif roll < RATES["nhs_sibling"] + RATES["nhs_typo"]:
            nhs_number, owner = nhs_one_digit_wrong(rng, child.nhs), None
            cases.append("nhs_one_digit_wrong")
        elif roll < RATES["nhs_sibling"] + RATES["nhs_typo"] + RATES["nhs_typo_valid"]:
            nhs_number = nhs_two_digits_wrong_valid(rng, child.nhs, nhs_used)
            owner = None
            cases.append("nhs_wrong_but_valid")
    elif agency == "police" and rng.random() < RATES["nhs_placeholder"]:
        nhs_number, owner = PLACEHOLDER_NHS, None
        cases.append("nhs_placeholder")
    upn_number = ""
    if upn and child.upn:
        upn_number = child.upn
        with_upn = [children[s] for s in child.siblings if children[s].upn]
        if with_upn and rng.random() < RATES["upn_sibling"]:
            upn_number = str(rng.choice(with_upn).upn)
            cases.append("upn_of_sibling")
    if child.twin_of or any(children[s].twin_of == child.id for s in child.siblings):
        cases.append("twin")
    elif child.siblings:
        cases.append("has_sibling")
    return Record(
        uid=0,
        child=child.id,
        agency=agency,
        source_person_id=person_id,
        month=month,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        gender=gender,
        postcode=postcode,
        school=school,
        nhs_number=nhs_number,
        upn=upn_number,
        nhs_owner=owner,
        cases=cases,
        address=address,
    )


def records_for(*, records: int, seed: int) -> Area:
    """An area with about ``records`` records (about 2.4 records a child)."""
    return make_area(children=max(1, round(records / 2.4)), seed=seed)


# --- Measures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairwise:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(truth: Sequence[Any], predicted: Sequence[Any]) -> Pairwise:
    """Pairwise precision, recall and F1 of a grouping of records against the true one. A
    record whose predicted group is None stands alone (unresolved, or linked to no one)."""
    groups = _alone(predicted)
    cells: Counter[tuple[Any, Any]] = Counter(zip(truth, groups, strict=True))
    correct = sum(_pairs(n) for n in cells.values())
    true_pairs = sum(_pairs(n) for n in Counter(truth).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(groups).values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Pairwise(precision, recall, f1, true_pairs, predicted_pairs, correct)


def pair_set_accuracy(truth: dict[Any, Any], linked: set[tuple[Any, Any]]) -> Pairwise:
    """Precision, recall and F1 of a set of linked record pairs (not closed into groups)."""
    true_pairs = sum(_pairs(n) for n in Counter(truth.values()).values())
    correct = sum(1 for a, b in linked if truth[a] == truth[b])
    precision = correct / len(linked) if linked else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Pairwise(precision, recall, f1, true_pairs, len(linked), correct)


@dataclass(frozen=True)
class FalseMerges:
    children: int  # true children in the set
    merged: int  # true children that share a predicted child with another true child
    merged_with_relative: int  # ... of which with a twin or sibling of theirs

    @property
    def per_10k(self) -> float:
        return 10_000 * self.merged / self.children if self.children else 0.0


def false_merges(
    truth: Sequence[int],
    predicted: Sequence[Any],
    households: dict[int, int] | None = None,
) -> FalseMerges:
    """Count the distinct true children whose records share a predicted child with another
    true child's records. ``households`` (true child -> household) tells which of those were
    merged with a brother, sister or twin."""
    in_group: dict[Any, set[int]] = defaultdict(set)
    for child, group in zip(truth, predicted, strict=True):
        if group is not None:
            in_group[group].add(child)
    merged: set[int] = set()
    with_relative: set[int] = set()
    for members in in_group.values():
        if len(members) < 2:
            continue
        merged |= members
        if households is not None:
            for child in members:
                if any(households[o] == households[child] for o in members if o != child):
                    with_relative.add(child)
    return FalseMerges(len(set(truth)), len(merged), len(with_relative))


def _alone(groups: Sequence[Any]) -> list[Any]:
    """Groups with each None replaced by a group of its own."""
    return [("group", g) if g is not None else ("alone", i) for i, g in enumerate(groups)]


def partition_agreement(a: Sequence[Any], b: Sequence[Any]) -> tuple[bool, float]:
    """Whether two groupings of the same records are the same (up to the groups' names), and
    of the record pairs either puts together, the share both put together (1.0: the same).
    None stands alone in either."""
    if len(a) != len(b):
        raise ValueError("The groupings must be of the same records")
    score = pairwise(_alone(a), _alone(b))
    together = score.true_pairs + score.predicted_pairs - score.correct_pairs
    agreement = score.correct_pairs / together if together else 1.0
    # The pairs put together decide a grouping, so the same pairs mean the same groups.
    return score.correct_pairs == score.true_pairs == score.predicted_pairs, agreement


WRONG_IDENTIFIER = ("nhs_of_sibling", "nhs_placeholder", "nhs_wrong_but_valid", "upn_of_sibling")


def merge_causes(records: Sequence[Record], predicted: dict[int, Any]) -> Counter[str]:
    """For each true child falsely merged, the likeliest cause, from what was done to the
    records of its predicted child: a wrong or shared identifier on any of them, else a twin
    or a brother or sister in the group, else something else (names and dates alike)."""
    groups: dict[Any, list[Record]] = defaultdict(list)
    for record in records:
        group = predicted.get(record.uid)
        if group is not None:
            groups[group].append(record)
    causes: Counter[str] = Counter()
    for members in groups.values():
        children = {r.child for r in members}
        if len(children) < 2:
            continue
        cases = {case for r in members for case in r.cases}
        wrong = [case for case in WRONG_IDENTIFIER if case in cases]
        if wrong:
            cause = wrong[0]
        elif "twin" in cases:
            cause = "twin"
        elif "has_sibling" in cases:
            cause = "sibling"
        else:
            cause = "other"
        causes[cause] += len(children)
    return causes
