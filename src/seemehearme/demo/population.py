"""Who lives in Northbridge: the distributions the synthetic children are drawn from.

Reference data, not rules. The weights are rough figures for children known to a partnership in
an English city, shaped by what the CSE inquiry found: most identified victims are girls aged 13
to 17, boys are under-identified (so fewer appear), looked-after children are over-represented,
and just over a quarter are from Black and minority ethnic backgrounds. They are plausible, not
statistics about any real place.

First names are curated (Faker's pools are skewed to adults' names); family names come from
Faker's locales where it has a fitting one, or from short curated lists where it has not.
"""

from __future__ import annotations

from dataclasses import dataclass

from seemehearme.people.models import CareStatus, Disability, Ethnicity, Gender

POPULATION_VERSION = 1

# Age at the reference date, in whole years -> weight (per cent).
AGE_WEIGHTS: dict[int, float] = {
    8: 1.5,
    9: 2.5,
    10: 5,
    11: 7,
    12: 9,
    13: 13,
    14: 16,
    15: 18,
    16: 16,
    17: 12,
}

GENDER_WEIGHTS: dict[str, float] = {
    Gender.GIRL: 70,
    Gender.BOY: 28,
    Gender.NON_BINARY: 1,
    Gender.NOT_KNOWN: 1,
}

DISABILITY_WEIGHTS: dict[str, float] = {
    Disability.NONE: 79,
    Disability.SEN_SUPPORT: 12,
    Disability.EHC_PLAN: 4,
    Disability.DISABILITY: 3,
    Disability.NOT_KNOWN: 2,
}

# Care status by how involved the partnership is with the child (see casework.INVOLVEMENT).
# Looked-after children are far more common here than among all children (about 0.7%).
CARE_STATUS_BY_INVOLVEMENT: dict[str, dict[str, float]] = {
    "known": {
        CareStatus.NONE: 78,
        CareStatus.CHILD_IN_NEED: 13,
        CareStatus.CHILD_PROTECTION: 3,
        CareStatus.LOOKED_AFTER: 6,
    },
    "emerging": {
        CareStatus.NONE: 45,
        CareStatus.CHILD_IN_NEED: 30,
        CareStatus.CHILD_PROTECTION: 10,
        CareStatus.LOOKED_AFTER: 15,
    },
    "moderate": {
        CareStatus.NONE: 20,
        CareStatus.CHILD_IN_NEED: 30,
        CareStatus.CHILD_PROTECTION: 25,
        CareStatus.LOOKED_AFTER: 25,
    },
    "high": {
        CareStatus.NONE: 10,
        CareStatus.CHILD_IN_NEED: 20,
        CareStatus.CHILD_PROTECTION: 35,
        CareStatus.LOOKED_AFTER: 35,
    },
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_BRITISH_GIRLS = _words(
    "Olivia Amelia Isla Ava Emily Sophie Grace Lily Ella Mia Chloe Jessica Ruby Evie Poppy "
    "Holly Megan Lucy Freya Erin Millie Leah Ellie Lacey Kayla Summer Amber Courtney Jade Paige "
    "Niamh Molly Caitlin Abbie Tilly Darcey Imogen Scarlett Phoebe Libby Katie Bethany Hollie "
    "Keira Lexi Maddison Harriet Eva Rosie Daisy"
)
_BRITISH_BOYS = _words(
    "Oliver Harry Jack Charlie Thomas George Jacob Alfie Riley Noah Leo Oscar Kyle Callum "
    "Connor Liam Tyler Ethan Mason Lewis Jamie Kai Reece Jayden Luke Ryan Logan Archie Finley "
    "Max Joshua Dylan Owen Harvey Kieran Bradley Declan Cameron Brandon Ellis"
)
_CARIBBEAN_GIRLS = _words("Shania Tia Kiara Aaliyah Jada Nia Tiana Imani Shanice Amani")
_CARIBBEAN_BOYS = _words("Jayden Tyrese Kai Malachi Jaden Andre Marcus Isaiah Kyrie Elijah")
_POLISH_GIRLS = _words("Zuzanna Maja Julia Oliwia Lena Hanna Wiktoria Zofia Alicja Amelia")
_POLISH_BOYS = _words("Jakub Szymon Filip Kacper Antoni Mateusz Wojciech Oskar")
_ROMANIAN_GIRLS = _words("Andreea Ioana Maria Alexandra Bianca Daria Elena")
_ROMANIAN_BOYS = _words("Andrei Alexandru Luca David Matei Stefan Ionut")
_LITHUANIAN_GIRLS = _words("Emilija Gabija Ugne Austeja Kamile")
_LITHUANIAN_BOYS = _words("Lukas Nojus Domas Matas Jokubas")
_PAKISTANI_GIRLS = _words(
    "Aisha Maryam Zara Hafsa Amina Iqra Fatima Inaaya Alishba Hania Mahnoor Zainab Eman Anaya"
)
_PAKISTANI_BOYS = _words("Muhammad Ibrahim Yusuf Zain Ayaan Hamza Rayyan Bilal Haris Umar Hassan")
_BANGLADESHI_GIRLS = _words("Tasnim Sumaiya Nusrat Raisa Fariha Sadia Tahmina Jannat Maliha")
_BANGLADESHI_BOYS = _words("Tahmid Rayhan Arif Sami Rafi Tanvir Imran Adnan Shahed")
_INDIAN_GIRLS = _words("Priya Anika Simran Jasleen Riya Aanya Diya Navneet Kiran Isha Meera")
_INDIAN_BOYS = _words("Arjun Rohan Harjot Dev Aarav Jaskaran Vikram Nikhil Karan Ravi")
_AFRICAN_GIRLS = _words(
    "Precious Favour Blessing Adaeze Tobi Kemi Ama Chioma Temi Esther Grace Abena Ifeoma Zainab"
)
_AFRICAN_BOYS = _words("David Daniel Emmanuel Tobi Kwame Chidi Samuel Joshua Kofi Tunde Ebuka")
_SOMALI_GIRLS = _words("Hodan Ayan Sagal Idil Hibo Nasra Ikran Fadumo Amal")
_SOMALI_BOYS = _words("Abdirahman Mustafa Liban Abdullahi Mahad Yusuf Hamza Abdi")
_OTHER_GIRLS = _words("Layla Noor Yasmin Sara Hana Rojin Zahra Mariam Dilan Shirin")
_OTHER_BOYS = _words("Omar Ali Adam Yousef Karim Rebin Hamid Ahmad Sina Rawand")
# Names used for children who are non-binary or whose gender is not known.
_ANY_GENDER = _words("Alex Charlie Jordan Sam Rowan Robin Jamie Riley Morgan Ash Frankie Remi")

_PAKISTANI_FAMILY = _words(
    "Khan Hussain Ahmed Ali Iqbal Mahmood Akhtar Rashid Butt Malik Aslam Shah Javed Raja Bibi"
)
_BANGLADESHI_FAMILY = _words("Begum Miah Rahman Islam Uddin Chowdhury Ahmed Hoque Khatun Ali")
_SOMALI_FAMILY = _words("Mohamed Ali Hassan Abdi Farah Warsame Osman Yusuf Jama Ibrahim")
_OTHER_FAMILY = _words(
    "Hassan Saleh Haddad Nasser Karimi Rahimi Ahmadi Aziz Mustafa Rostami Barzani Hamad"
)


@dataclass(frozen=True)
class Heritage:
    """A background a child's name, recorded ethnicity and first language are drawn from."""

    code: str
    weight: float
    ethnicity: str
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    # Either Faker locales to draw a family name from, or a curated list.
    family_locales: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    languages: tuple[tuple[str, float], ...] = (("English", 1.0),)


HERITAGES: tuple[Heritage, ...] = (
    Heritage(
        "white_british",
        57,
        Ethnicity.WHITE,
        _BRITISH_GIRLS,
        _BRITISH_BOYS,
        family_locales=("en_GB",),
    ),
    Heritage(
        "white_polish",
        4,
        Ethnicity.WHITE,
        _POLISH_GIRLS,
        _POLISH_BOYS,
        family_locales=("pl_PL",),
        languages=(("English", 0.45), ("Polish", 0.55)),
    ),
    Heritage(
        "white_romanian",
        2,
        Ethnicity.WHITE,
        _ROMANIAN_GIRLS,
        _ROMANIAN_BOYS,
        family_locales=("ro_RO",),
        languages=(("English", 0.4), ("Romanian", 0.6)),
    ),
    Heritage(
        "white_lithuanian",
        1,
        Ethnicity.WHITE,
        _LITHUANIAN_GIRLS,
        _LITHUANIAN_BOYS,
        family_locales=("lt_LT",),
        languages=(("English", 0.45), ("Lithuanian", 0.55)),
    ),
    Heritage(
        "pakistani",
        8,
        Ethnicity.ASIAN,
        _PAKISTANI_GIRLS,
        _PAKISTANI_BOYS,
        family_names=_PAKISTANI_FAMILY,
        languages=(("English", 0.85), ("Urdu", 0.08), ("Punjabi", 0.07)),
    ),
    Heritage(
        "bangladeshi",
        3,
        Ethnicity.ASIAN,
        _BANGLADESHI_GIRLS,
        _BANGLADESHI_BOYS,
        family_names=_BANGLADESHI_FAMILY,
        languages=(("English", 0.8), ("Bengali (Sylheti)", 0.2)),
    ),
    Heritage(
        "indian",
        4,
        Ethnicity.ASIAN,
        _INDIAN_GIRLS,
        _INDIAN_BOYS,
        family_locales=("en_IN",),
        languages=(("English", 0.85), ("Punjabi", 0.09), ("Gujarati", 0.06)),
    ),
    Heritage(
        "black_african",
        5,
        Ethnicity.BLACK,
        _AFRICAN_GIRLS,
        _AFRICAN_BOYS,
        family_locales=("ig_NG", "yo_NG", "tw_GH"),
        languages=(("English", 0.88), ("Yoruba", 0.05), ("Igbo", 0.04), ("Twi", 0.03)),
    ),
    Heritage(
        "somali",
        1,
        Ethnicity.BLACK,
        _SOMALI_GIRLS,
        _SOMALI_BOYS,
        family_names=_SOMALI_FAMILY,
        languages=(("English", 0.6), ("Somali", 0.4)),
    ),
    Heritage(
        "black_caribbean",
        2,
        Ethnicity.BLACK,
        _CARIBBEAN_GIRLS + _BRITISH_GIRLS[:10],
        _CARIBBEAN_BOYS + _BRITISH_BOYS[:10],
        family_locales=("en_GB",),
    ),
    Heritage(
        "mixed",
        8,
        Ethnicity.MIXED,
        _BRITISH_GIRLS + _CARIBBEAN_GIRLS,
        _BRITISH_BOYS + _CARIBBEAN_BOYS,
        family_locales=("en_GB", "en_GB", "ig_NG", "en_IN"),
    ),
    Heritage(
        "other",
        3,
        Ethnicity.OTHER,
        _OTHER_GIRLS,
        _OTHER_BOYS,
        family_names=_OTHER_FAMILY,
        languages=(
            ("English", 0.6),
            ("Arabic", 0.2),
            ("Kurdish", 0.1),
            ("Dari", 0.05),
            ("Farsi", 0.05),
        ),
    ),
    Heritage(
        "not_known",
        2,
        Ethnicity.NOT_KNOWN,
        _BRITISH_GIRLS,
        _BRITISH_BOYS,
        family_locales=("en_GB",),
    ),
)

FAKER_LOCALES: tuple[str, ...] = tuple(
    sorted({locale for heritage in HERITAGES for locale in heritage.family_locales})
)

ANY_GENDER_NAMES: tuple[str, ...] = _ANY_GENDER

# Shortened names some children are known by.
KNOWN_AS: dict[str, str] = {
    "Olivia": "Liv",
    "Jessica": "Jess",
    "Bethany": "Beth",
    "Alexandra": "Alex",
    "Oliver": "Ollie",
    "Thomas": "Tom",
    "Joshua": "Josh",
    "Muhammad": "Mo",
    "Abdirahman": "Abdi",
    "Elizabeth": "Lizzie",
    "Katie": "Kat",
    "Callum": "Cal",
    "Harriet": "Hattie",
    "Wiktoria": "Wiki",
    "Alexandru": "Alex",
    "Emmanuel": "Manny",
}
